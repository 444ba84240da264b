// One agency key (issue 12): "Health  Visiting", " health visiting" and "ＨＥＡＬＴＨ VISITING" are the same agency
// for imports, members, conversations, episodes, the report and the quality checks, because every comparison goes
// through agencyKeyOf, and no module keeps a normaliser of its own (the last of the four or more ways is gone).
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { agencyKeyOf } from '../../../methodology/agency-key.js'
import { agenciesMissing, distinctAgencies } from '../../../methodology/review-snapshot-queries.js'
import { readRapidReview } from '../../../methodology/rapid-review/read-rapid-review.js'
import { appendixSection } from '../../../templates/model/evidence-sections.js'
import { textAsRecorded } from '../../../templates/model/report-text.js'

const SPELLINGS = ['Health Visiting', '  Health   Visiting ', 'health visiting', 'HEALTH\u00a0VISITING', '\uff28\uff45\uff41\uff4c\uff54\uff48 Visiting', 'Health\tVisiting']

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : []
  })
}

describe('the agency key', () => {
  it('is the same for every spelling of one agency, and differs between agencies', () => {
    expect(new Set(SPELLINGS.map(agencyKeyOf))).toEqual(new Set(['health visiting']))
    expect(agencyKeyOf('Police')).not.toBe(agencyKeyOf('Health Visiting'))
    expect(agencyKeyOf(null)).toBe('')
  })

  it('is idempotent, trimmed, single-spaced and lower case (fast-check)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const key = agencyKeyOf(s)
      expect(agencyKeyOf(key)).toBe(key)
      expect(key).toBe(key.trim())
      expect(key).not.toMatch(/\s{2}|[\t\n\r]/)
    }))
  })

  it('decides the quality checks, the rapid review and the report alike', () => {
    expect(distinctAgencies(SPELLINGS)).toEqual(['Health Visiting'])
    expect(agenciesMissing(['Health Visiting', 'Police'], ['\uff28\uff45\uff41\uff4c\uff54\uff48  visiting'])).toEqual(['Police'])
    const rapid = readRapidReview({ facts: { child: 'Child P', household: '', agencies: ['Health Visiting', 'health  visiting'], incident: 'x', incidentDate: '', becameAware: '' }, decision: null, decisionReasons: '' }, '2026-03-02')
    expect(rapid.problems.map((p) => p.message)).toContain('health  visiting is listed twice')
    // The report's agency table: one row for the agency however members and imports spelt it.
    const source = { agency: 'Health Visiting', imports: 1, events: 3, significant: 1, from: '2021-01-01', to: '2021-02-01', categories: [] }
    const appendix = appendixSection([source], [], [], ['health  visiting', ' HEALTH VISITING'], [], textAsRecorded())
    const table = [appendix, ...appendix.subsections].flatMap((s) => s.blocks).find((b) => b.type === 'table' && b.caption.startsWith('Agencies involved'))
    expect(table && table.type === 'table' ? table.rows.map((r) => [r[0], r[1]]) : null).toEqual([['Health Visiting', '3']])
  })

  it('has no other normaliser: no module folds an agency name itself', () => {
    const files = [...tsFiles('server'), ...tsFiles('methodology'), ...tsFiles('templates')]
      .filter((f) => !f.endsWith(path.join('methodology', 'agency-key.ts')) && !f.endsWith(path.join('national', 'agency-types.ts')))
    // An agency name trimmed, collapsed or lower-cased for comparison, rather than passed to agencyKeyOf.
    const folding = /agenc(?:y|ies)\w*(?:\??\.\w+)*\??\.(?:trim\(\)\.toLowerCase|toLowerCase|trim\(\)\.replace\(\/\\s\+)\(/i
    const found = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').map((line, i) => ({ f, i, line })).filter((l) => folding.test(l.line)).map((l) => `${l.f}:${l.i + 1}: ${l.line.trim()}`))
    expect(found).toEqual([])
  })
})
