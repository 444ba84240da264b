// Checks the committed "Child M" demo case against its expected.json and analysis.json with a reader that
// shares no code with generate.ts: csv-parse, iconv-lite, exceljs and a date matcher written here.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { demoCaseDir, demoConversationsDir, readDemoAnalysis, readDemoExpected } from '../../../../server/demo/case/demo-case.js'
import type { EventRef, ExpectedFile, QuoteRef } from '../../../../server/demo/case/demo-case.js'

const expected = readDemoExpected()
const analysis = readDemoAnalysis()

// Values from ../shared/api-contract.md ("Causal map") and the analysis brief.
const NODE_KINDS = ['event', 'condition', 'omission', 'contributory-factor', 'system-factor', 'good-practice', 'family-voice', 'outcome', 'harm']
const LEVELS = ['government', 'regulators', 'local-partnership', 'agency-management', 'team', 'frontline', 'child-family']
const FACTOR_TYPES = ['person', 'task', 'tools-and-technology', 'team-and-organisation', 'inter-agency', 'wider-environment']
const TYPOLOGY_FAMILIES = ['MAI', 'MAL', 'HRB', 'FPI', 'TLS', 'MGT']

type Interval = { from: string; to: string; precision: 'day' | 'week' | 'month' | 'year' }
type ReadRow = { cells: string[]; date: Interval | 'missing-date' | 'invalid-date' }
interface ReadExtract { headers: string[]; rows: ReadRow[]; raw: Buffer; text: string; lines: string[] }

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const monthOf = (name: string): number => {
  const n = name.toLowerCase()
  const i = MONTH_NAMES.findIndex((m) => m === n || m.slice(0, 3) === n || (n === 'sept' && m === 'september'))
  return i + 1 // 0 when unknown
}
const two = (n: number): string => String(n).padStart(2, '0')
const lastDay = (y: number, m: number): number => [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0

function day(y: number, m: number, d: number): Interval | 'invalid-date' {
  if (m < 1 || m > 12 || d < 1 || d > lastDay(y, m)) return 'invalid-date'
  const s = `${y}-${two(m)}-${two(d)}`
  return { from: s, to: s, precision: 'day' }
}

function interpret(raw: string): Interval | 'missing-date' | 'invalid-date' {
  const s = raw.trim()
  if (!s) return 'missing-date'
  const n = (x: string | undefined): number => Number(x)
  let m = /^(\d\d)[/-](\d\d)[/-](\d{4})(?: (\d\d):(\d\d))?$/.exec(s)
  if (m) return day(n(m[3]), n(m[2]), n(m[1]))
  if ((m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s))) return day(n(m[1]), n(m[2]), n(m[3]))
  if ((m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})(?: \d\d:\d\d)?$/.exec(s))) return day(n(m[3]), monthOf(m[2] ?? ''), n(m[1]))
  if ((m = /^w\/c (\d\d)\/(\d\d)\/(\d{4})$/.exec(s))) {
    const start = day(n(m[3]), n(m[2]), n(m[1]))
    if (start === 'invalid-date') return start
    const end = new Date(Date.parse(start.from) + 6 * 86_400_000).toISOString().slice(0, 10)
    return { from: start.from, to: end, precision: 'week' }
  }
  if ((m = /^(?:([A-Za-z]+) |(\d\d)\/)(\d{4})$/.exec(s))) {
    const month = m[1] ? monthOf(m[1]) : n(m[2])
    const y = n(m[3])
    if (month < 1 || month > 12) return 'invalid-date'
    return { from: `${y}-${two(month)}-01`, to: `${y}-${two(month)}-${two(lastDay(y, month))}`, precision: 'month' }
  }
  if ((m = /^(\d{4})$/.exec(s))) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31`, precision: 'year' }
  return 'invalid-date'
}

async function readExtract(f: ExpectedFile): Promise<ReadExtract> {
  const raw = readFileSync(join(demoCaseDir, f.file))
  if (f.format === 'xlsx') {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(raw as unknown as ArrayBuffer)
    const ws = wb.getWorksheet(f.sheet ?? '')
    if (!ws) throw new Error(`no sheet ${f.sheet}`)
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String)
    const rows: ReadRow[] = []
    ws.eachRow((row, n) => {
      if (n === 1) return
      const values = headers.map((_, i) => row.getCell(i + 1).value)
      const first = values[0]
      const date = first instanceof Date ? day(first.getUTCFullYear(), first.getUTCMonth() + 1, first.getUTCDate()) : first ? 'invalid-date' : 'missing-date'
      rows.push({ cells: values.map((v) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v))), date })
    })
    return { headers, rows, raw, text: rows.map((r) => r.cells.join(' ')).join('\n'), lines: [] }
  }
  const text = f.encoding === 'windows-1252' ? iconv.decode(raw, 'win1252') : raw.toString('utf8').replace(/^\uFEFF/, '')
  const lines = text.split(/\r?\n/)
  const skip = (f.headerRow ?? 1) - 1
  const records = parse(text, { delimiter: f.delimiter ?? ',', relax_column_count: true, skip_empty_lines: true, from_line: skip + 1 }) as string[][]
  const headers = records[0] ?? []
  const body = records.slice(1, records.length - (f.footerRows ?? 0))
  const dateColumn = headers.indexOf(f.mapping.occurredAt ?? '')
  return { headers, rows: body.map((cells) => ({ cells, date: interpret(cells[dateColumn] ?? '') })), raw, text, lines }
}

const extracts = new Map<string, ReadExtract>()
const notes = new Map<string, string>()
beforeAll(async () => {
  for (const f of expected.files) extracts.set(f.file, await readExtract(f))
  for (const name of readdirSync(demoConversationsDir)) notes.set(name, readFileSync(join(demoConversationsDir, name), 'utf8'))
})
const extract = (file: string): ReadExtract => {
  const x = extracts.get(file)
  if (!x) throw new Error(`no extract ${file}`)
  return x
}

function nhsValid(nhs: string): boolean {
  const d = nhs.replace(/ /g, '').split('').map(Number)
  if (d.length !== 10 || d.some(Number.isNaN)) return false
  const sum = d.slice(0, 9).reduce((acc, digit, i) => acc + digit * (10 - i), 0)
  const check = (11 - (sum % 11)) % 11
  return check !== 10 && check === d[9]
}

describe('demo case extracts match expected.json', () => {
  it.each(expected.files.map((f) => [f.file, f] as const))('%s: rows, rejections, duplicates, precision and period flags', (_name, f) => {
    const x = extract(f.file)
    for (const column of Object.values(f.mapping)) expect(x.headers).toContain(column)
    expect(x.rows.length).toBe(f.dataRows)
    const rejected = x.rows.flatMap((r, i) => (typeof r.date === 'string' ? [{ row: i + 1, reason: r.date }] : []))
    expect(rejected).toEqual(f.rejected)
    expect(f.dataRows - rejected.length).toBe(f.accepted)
    const reduced = x.rows.flatMap((r, i) => (typeof r.date !== 'string' && r.date.precision !== 'day' ? [{ row: i + 1, precision: r.date.precision }] : []))
    expect(reduced).toEqual(f.reducedPrecision)
    const outside = x.rows.flatMap((r, i) => (typeof r.date !== 'string' && (r.date.to < expected.reviewPeriod.from || r.date.from > expected.reviewPeriod.to) ? [i + 1] : []))
    expect(outside).toEqual(f.outsidePeriod)
    const seen = new Map<string, number[]>()
    x.rows.forEach((r, i) => seen.set(r.cells.join('\u0000'), [...(seen.get(r.cells.join('\u0000')) ?? []), i + 1]))
    expect([...seen.values()].filter((g) => g.length > 1)).toEqual(f.exactDuplicates)
  })

  it('adds up to the totals', () => {
    const sum = (k: 'dataRows' | 'accepted'): number => expected.files.reduce((a, f) => a + f[k], 0)
    expect(expected.totals).toEqual({ dataRows: sum('dataRows'), accepted: sum('accepted'), rejected: sum('dataRows') - sum('accepted') })
  })

  it('covers every quirk the importer has to handle', () => {
    const all = expected.files
    expect(all.some((f) => f.rejected.some((r) => r.reason === 'missing-date') && f.format === 'xlsx')).toBe(true)
    expect(all.some((f) => f.rejected.some((r) => r.reason === 'invalid-date'))).toBe(true)
    expect(all.some((f) => f.exactDuplicates.length > 0)).toBe(true)
    expect(new Set(all.flatMap((f) => f.reducedPrecision.map((r) => r.precision)))).toEqual(new Set(['week', 'month', 'year']))
    expect(all.some((f) => f.outsidePeriod.length > 0)).toBe(true)
    expect(new Set(all.map((f) => f.dateFormat)).size).toBeGreaterThanOrEqual(6)
  })
})

describe('demo case file quirks', () => {
  const file = (agency: string): ExpectedFile => {
    const f = expected.files.find((x) => x.agency === agency)
    if (!f) throw new Error(`no ${agency} file`)
    return f
  }

  it("children's social care is UTF-8 with a BOM, every field quoted, CRLF rows and a multi-line summary", () => {
    const f = file("Children's Social Care")
    const x = extract(f.file)
    expect(f.bom).toBe(true)
    expect([...x.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const records = x.raw.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l !== '')
    expect(records).toHaveLength(f.dataRows + 1)
    for (const r of records) expect(r).toMatch(/^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/)
    const summary = x.rows.map((r) => r.cells[x.headers.indexOf(f.mapping.summary ?? '')] ?? '')
    expect(summary.some((s) => s.split('\n').length >= 4 && s.includes(',') && s.includes('"'))).toBe(true)
    const times = x.rows.map((r) => r.cells[x.headers.indexOf(f.mapping.time ?? '')])
    expect(times).toContain('')
    expect(times.filter((t) => t !== '').every((t) => /^\d\d:\d\d$/.test(t ?? ''))).toBe(true)
    expect(x.text).toContain('£')
  })

  it('health visiting uses semicolons and ISO dates, with notes holding ; and "', () => {
    const f = file('Health Visiting')
    const x = extract(f.file)
    expect(f.delimiter).toBe(';')
    expect(x.rows.some((r) => (r.cells[3] ?? '').includes(';') && (r.cells[3] ?? '').includes('"'))).toBe(true)
  })

  it('the GP workbook holds real date cells shown as dd/mm/yyyy, and one row has an empty date cell', async () => {
    const f = file('GP')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(extract(f.file).raw as unknown as ArrayBuffer)
    const ws = wb.getWorksheet(f.sheet ?? '')
    const missing = f.rejected.find((r) => r.reason === 'missing-date')?.row ?? 0
    expect(missing).toBeGreaterThan(0)
    for (let n = 1; n <= f.dataRows; n++) {
      const cell = ws?.getRow(n + 1).getCell(1)
      if (n === missing) expect(cell?.value ?? null).toBeNull()
      else {
        expect(cell?.value).toBeInstanceOf(Date)
        expect(cell?.numFmt).toBe('dd/mm/yyyy')
      }
    }
  })

  it('police is windows-1252 with CRLF, capitalised surnames and characters that are not valid UTF-8', () => {
    const f = file('Police')
    const x = extract(f.file)
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(x.raw)).toThrow()
    for (const ch of ['£', '’', '‘', 'é', '–']) expect(x.text).toContain(ch)
    expect(x.raw.toString('latin1')).not.toMatch(/[^\r]\n/)
    const persons = parse(readFileSync(join(demoCaseDir, 'persons.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>
    const surnames = persons.map((p) => (p.real_name ?? '').split(' ').at(-1) ?? '')
    expect(surnames.filter((s) => x.text.includes(s.toUpperCase())).length).toBeGreaterThanOrEqual(2)
    expect(f.dateFormat).toBe('DD/MM/YYYY HH:mm')
  })

  it('the emergency department writes dates with month names and has a Y/N column', () => {
    const f = file('Hospital Emergency Department')
    const x = extract(f.file)
    const column = x.headers.indexOf(f.mapping.outcome ?? '')
    expect(new Set(x.rows.map((r) => r.cells[column]))).toEqual(new Set(['Y', 'N']))
    const dates = x.rows.map((r) => r.cells[x.headers.indexOf(f.mapping.occurredAt ?? '')] ?? '')
    expect(dates.some((d) => /^\d{1,2} [A-Z][a-z]{2} \d{4}$/.test(d))).toBe(true)
    expect(dates.some((d) => /^\d{1,2} [A-Z][a-z]{3,} \d{4} \d\d:\d\d$/.test(d))).toBe(true)
  })

  it('nursery dates include Sept, MM/YYYY, a bare year and a w/c week', () => {
    const dates = extract(file('Nursery').file).rows.map((r) => r.cells[0] ?? '')
    expect(dates.some((d) => /^Sept \d{4}$/.test(d))).toBe(true)
    expect(dates.some((d) => /^\d\d\/\d{4}$/.test(d))).toBe(true)
    expect(dates.some((d) => /^[A-Z][a-z]{2} \d{4}$/.test(d))).toBe(true)
    expect(dates.some((d) => /^\d{4}$/.test(d))).toBe(true)
    expect(dates.some((d) => /^w\/c \d\d\/\d\d\/\d{4}$/.test(d))).toBe(true)
  })

  it('housing has CRLF rows, a blank line, an impossible date and a formula-looking cell', () => {
    const f = file('Housing')
    const x = extract(f.file)
    const text = x.raw.toString('utf8')
    expect(text).not.toMatch(/[^\r]\n/)
    expect(text).toContain('\r\n\r\n')
    expect(x.rows.some((r) => r.cells.some((c) => c.startsWith('=HYPERLINK(')))).toBe(true)
    expect(f.rejected).toEqual([expect.objectContaining({ reason: 'invalid-date' })])
    expect(x.rows[(f.rejected[0]?.row ?? 0) - 1]?.cells[0]).toMatch(/^3[01]-02-/)
  })

  it('the file with title lines names its header line and ends with a total that matches its rows', () => {
    const withTitles = expected.files.filter((f) => f.titleRows)
    expect(withTitles).toHaveLength(1)
    const f = withTitles[0] as ExpectedFile
    const x = extract(f.file)
    expect(f.headerRow).toBe((f.titleRows ?? 0) + 1)
    expect(x.lines[(f.headerRow ?? 1) - 1]?.split(f.delimiter ?? ',')).toEqual(x.headers)
    expect(x.lines.slice(0, f.titleRows).every((l) => l.trim() !== '' && !l.includes(f.delimiter ?? ','))).toBe(true)
    expect(f.footerRows).toBe(1)
    expect(x.lines.filter((l) => l !== '').at(-1)).toBe(`Total records: ${f.dataRows}`)
  })
})

describe('demo case identifiers', () => {
  const persons = parse(readFileSync(join(demoCaseDir, 'persons.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>
  const corpus = (): string => [...[...extracts.values()].map((x) => x.text), ...notes.values()].join('\n')

  it('persons.csv has exactly the agreed columns and uses only reserved fictional ranges', () => {
    expect(Object.keys(persons[0] ?? {})).toEqual(['real_name', 'role', 'pseudonym', 'date_of_birth', 'nhs_number', 'address', 'postcode', 'phone'])
    for (const p of persons) {
      if (p.nhs_number) {
        expect(p.nhs_number).toMatch(/^999 \d{3} \d{4}$/)
        expect(nhsValid(p.nhs_number), p.nhs_number).toBe(true)
      }
      if (p.postcode) expect(p.postcode).toMatch(/^ZZ99 \d[A-Z]{2}$/)
      if (p.phone) expect(p.phone).toMatch(/^(07700 900\d{3}|01632 960\d{3})$/)
    }
  })

  it('every identifier occurs in the extracts or notes as written (names case-insensitively)', () => {
    const text = corpus()
    const { names, givenNames, ...verbatim } = expected.identifiers
    for (const n of names) expect(text.toLowerCase(), n).toContain(n.toLowerCase())
    for (const g of givenNames) expect(text, g).toMatch(new RegExp(`\\b${g}\\b`))
    for (const [kind, values] of Object.entries(verbatim)) {
      expect(values.length, kind).toBeGreaterThan(0)
      for (const v of values) expect(text, `${kind}: ${v}`).toContain(v)
    }
  })

  it('shows identifiers in more than one written form', () => {
    const ids = expected.identifiers
    expect(ids.nhsNumbers.some((n) => n.includes(' '))).toBe(true)
    expect(ids.nhsNumbers.some((n) => /^\d{10}$/.test(n))).toBe(true)
    expect(ids.phones.some((n) => /^\d{11}$/.test(n))).toBe(true)
    for (const form of [/^\d\d\/\d\d\/\d{4}$/, /^\d\d\.\d\d\.\d{4}$/, /^\d{4}-\d\d-\d\d$/]) expect(ids.datesOfBirth.some((d) => form.test(d))).toBe(true)
    for (const nhs of ids.nhsNumbers) expect(nhsValid(nhs), nhs).toBe(true)
    for (const e of ids.emails) expect(e).toMatch(/@example\.org$/)
  })

  it('has a given name that also occurs inside a longer word, to test word boundaries', () => {
    const text = corpus()
    expect(expected.identifiers.givenNames.some((g) => new RegExp(`[a-z]${g.toLowerCase()}|${g.toLowerCase()}[a-z]`).test(text.toLowerCase().replace(new RegExp(`\\b${g.toLowerCase()}\\b`, 'g'), '')))).toBe(true)
  })
})

describe('demo case cross-agency episodes', () => {
  it('each episode is recorded by two to four agencies within four days', () => {
    expect(expected.crossAgencyEpisodes.length).toBeGreaterThanOrEqual(3)
    for (const e of expected.crossAgencyEpisodes) {
      expect(e.records.length).toBeGreaterThanOrEqual(2)
      expect(e.records.length).toBeLessThanOrEqual(4)
      expect(new Set(e.records.map((r) => r.file)).size).toBe(e.records.length)
      for (const r of e.records) {
        const date = extract(r.file).rows[r.row - 1]?.date
        if (!date || typeof date === 'string') throw new Error(`${r.file} row ${r.row} has no usable date`)
        expect(Math.abs(Date.parse(date.from) - Date.parse(e.date)) / 86_400_000, `${r.file} row ${r.row}`).toBeLessThanOrEqual(4)
      }
    }
  })
})

describe('demo case conversation notes', () => {
  it('each note opens with front matter naming the practitioner, agency, date and (optionally) who held it, and runs to about 500-600 words', () => {
    expect(notes.size).toBeGreaterThanOrEqual(4)
    for (const [name, text] of notes) {
      expect(text, name).toMatch(/^---\npractitioner: .+\nagency: .+\ndate: \d{4}-\d\d-\d\d\n(held by: .+\n)?---\n/)
      const words = text.split(/\s+/).filter(Boolean).length
      expect(words, name).toBeGreaterThanOrEqual(450)
      expect(words, name).toBeLessThanOrEqual(650)
    }
  })
})

describe('demo case analysis.json', () => {
  const eventRefs: EventRef[] = []
  const quoteRefs: QuoteRef[] = []
  const prose: string[] = [] // the reviewers' own words, outside quotes and family views
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`))
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (typeof o.file === 'string' && typeof o.row === 'number') eventRefs.push({ file: o.file, row: o.row })
      if (typeof o.conversation === 'string' && typeof o.text === 'string') return void quoteRefs.push({ conversation: o.conversation, text: o.text })
      for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`)
    } else if (typeof v === 'string' && !path.startsWith('.familyInvolvement.views')) prose.push(v)
  }
  walk(analysis, '')

  it('every event reference points at an accepted data row', () => {
    expect(eventRefs.length).toBeGreaterThan(50)
    for (const r of eventRefs) {
      const row = extract(r.file).rows[r.row - 1]
      expect(row, `${r.file} row ${r.row}`).toBeDefined()
      expect(typeof row?.date, `${r.file} row ${r.row} is rejected`).toBe('object')
    }
  })

  it('every quote occurs verbatim in its conversation note', () => {
    expect(quoteRefs.length).toBeGreaterThan(20)
    for (const q of quoteRefs) expect(notes.get(q.conversation) ?? '', `${q.conversation}: ${q.text}`).toContain(q.text)
  })

  it('the causal map uses contract kinds and levels, and every edge joins existing nodes with evidence and a counterfactual', () => {
    const { nodes, edges } = analysis.causalMap
    const ids = new Set(nodes.map((n) => n.id))
    expect(ids.size).toBe(nodes.length)
    expect(nodes.length).toBeGreaterThanOrEqual(12)
    expect(nodes.length).toBeLessThanOrEqual(25)
    for (const n of nodes) {
      expect(NODE_KINDS, n.id).toContain(n.kind)
      expect(LEVELS, n.id).toContain(n.level)
    }
    for (const kind of ['good-practice', 'family-voice', 'outcome', 'system-factor', 'harm']) expect(nodes.some((n) => n.kind === kind), kind).toBe(true)
    const linked = new Set<string>()
    for (const e of edges) {
      expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true)
      expect(e.source).not.toBe(e.target)
      expect(e.evidence.length, e.id).toBeGreaterThan(0)
      expect(['yes', 'no', 'unsure'], e.id).toContain(e.counterfactual.answer)
      linked.add(e.source).add(e.target)
    }
    // Every node is linked except the harm to the child, which is kept apart from the practice the map explains.
    expect([...ids].filter((id) => !linked.has(id))).toEqual(nodes.filter((n) => n.kind === 'harm').map((n) => n.id))
  })

  it("the child's injury is the harm to the child, not a practice outcome, and nothing links into it", () => {
    const { nodes, edges } = analysis.causalMap
    const harm = nodes.filter((n) => n.kind === 'harm')
    expect(harm.map((n) => n.label)).toEqual(['Child M seriously injured in September 2021'])
    expect(nodes.filter((n) => n.kind === 'outcome').some((n) => /injur/i.test(n.label))).toBe(false)
    expect(edges.filter((e) => e.target === harm[0]!.id || e.source === harm[0]!.id)).toEqual([])
  })

  it('the causal map has no cycles and the outcome is reachable from a system factor', () => {
    const { nodes, edges } = analysis.causalMap
    const next = new Map(nodes.map((n) => [n.id, edges.filter((e) => e.source === n.id).map((e) => e.target)]))
    const reach = (from: string): Set<string> => {
      const seen = new Set<string>()
      const stack = [...(next.get(from) ?? [])]
      while (stack.length) {
        const id = stack.pop() as string
        if (!seen.has(id)) { seen.add(id); stack.push(...(next.get(id) ?? [])) }
      }
      return seen
    }
    for (const n of nodes) expect(reach(n.id).has(n.id), `cycle through ${n.id}`).toBe(false)
    const outcome = nodes.find((n) => n.kind === 'outcome')?.id ?? ''
    expect(nodes.filter((n) => n.kind === 'system-factor').some((n) => reach(n.id).has(outcome))).toBe(true)
  })

  it('episodes, factors and findings refer to things that exist and use the agreed vocabularies', () => {
    const kpeIds = new Set(analysis.keyPracticeEpisodes.map((k) => k.id))
    const kpeTitles = new Set(analysis.keyPracticeEpisodes.map((k) => k.title))
    const rqIds = new Set(analysis.review.researchQuestions.map((q) => q.id))
    const nodeIds = new Set(analysis.causalMap.nodes.map((n) => n.id))
    expect(analysis.keyPracticeEpisodes.length).toBeGreaterThanOrEqual(4)
    expect(analysis.keyPracticeEpisodes.length).toBeLessThanOrEqual(6)
    for (const k of analysis.keyPracticeEpisodes) {
      expect(['adequate', 'good', 'problem']).toContain(k.appraisal.judgement)
      expect(k.startDate <= k.endDate).toBe(true)
      for (const q of k.researchQuestions) expect(rqIds).toContain(q)
    }
    expect(analysis.contributoryFactors.length).toBeGreaterThanOrEqual(8)
    expect(analysis.contributoryFactors.length).toBeLessThanOrEqual(12)
    for (const f of analysis.contributoryFactors) {
      expect(LEVELS).toContain(f.level)
      expect(FACTOR_TYPES).toContain(f.factorType)
      for (const id of f.kpeIds) expect(kpeIds).toContain(id)
    }
    expect(analysis.findings.filter((f) => f.kind === 'systemic').length).toBeGreaterThanOrEqual(3)
    expect(analysis.findings.filter((f) => f.kind === 'good-practice')).toHaveLength(1)
    for (const f of analysis.findings) {
      expect(TYPOLOGY_FAMILIES).toContain(f.typologyFamily)
      expect(LEVELS).toContain(f.systemLevel)
      for (const t of f.kpeTitles) expect(kpeTitles).toContain(t)
      for (const id of f.nodeIds) expect(nodeIds).toContain(id)
      for (const q of f.researchQuestions) expect(rqIds).toContain(q)
      expect(f.boardQuestions.length).toBeGreaterThan(0)
      for (const q of f.boardQuestions) expect(q).toMatch(/\?$/)
      expect(f.actions.length).toBeGreaterThanOrEqual(1)
      for (const a of f.actions) expect(a.dueDate).toMatch(/^\d{4}-\d\d-\d\d$/)
    }
  })

  it("the reviewers' own words avoid hindsight and instruction phrasing", () => {
    const flagged = /\b(should|must|ought to|need to|needs to|failed to|if only|obviously|clearly missed|human error|could have)\b/i
    expect(prose.filter((s) => flagged.test(s))).toEqual([])
  })

  it('text meant for the report uses pseudonyms, never a real name from persons.csv', () => {
    const persons = parse(readFileSync(join(demoCaseDir, 'persons.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>
    const words = persons.flatMap((p) => (p.real_name ?? '').split(' '))
    const views = analysis.familyInvolvement.views.map((v) => v.text)
    for (const s of [...prose, ...views]) for (const w of words) expect(s, w).not.toMatch(new RegExp(`\\b${w}\\b`))
    expect(analysis.familyInvolvement.views.map((v) => v.who)).toEqual(expect.arrayContaining(['Mother', 'Maternal Grandfather']))
  })
})
