// The shared "Child D" fixture's person register and its four conversation notes go in through the API and
// the pages; a quote from each note is found word for word; with pseudonyms shown, no name from the register
// is left on the conversation pages. Skips, saying why, when ../shared is not there.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { nameParts } from '../../methodology/redaction/register-forms.js'
import { pageText, setUpReview, type EvidenceReview } from '../integration/evidence/evidence-support.js'
import { sharedDemoCaseDir } from '../support/shared-fixtures.js'

const dir = sharedDemoCaseDir
const present = existsSync(path.join(dir, 'persons.csv')) && existsSync(path.join(dir, 'conversations'))
if (!present) console.warn(`Skipping the shared fixture evidence tests: ${dir} is not there`)

// The fixture's notes have no front matter: the reviewer gives who, agency and date, as the notes say.
const AGENCIES: Record<string, string> = {
  'health-visitor-1.md': 'Health Visiting',
  'social-worker-1.md': "Children's Social Care",
  'nursery-key-worker.md': 'Nursery',
  'police-officer-1.md': 'Police',
}

interface Note { file: string; text: string; practitioner: string; agency: string; date: string; quote: string }

function readNotes(): Note[] {
  return readdirSync(path.join(dir, 'conversations')).filter((f) => f.endsWith('.md')).sort().map((file) => {
    const text = readFileSync(path.join(dir, 'conversations', file), 'utf8')
    const practitioner = /^#\s.*?[–-]\s*(.+)$/m.exec(text)![1]!.trim()
    const [, d, m, y] = /\*\*Date[^*]*\*\*\s*(\d{2})\/(\d{2})\/(\d{4})/.exec(text)!
    // The first direct quotation of several words in the note.
    const quote = [...text.matchAll(/"([^"\n]{20,}?)"/g)].map((x) => x[1]!)[0]!
    return { file, text, practitioner, agency: AGENCIES[file] ?? 'Unknown', date: `${y}-${m}-${d}`, quote }
  })
}

describe.skipIf(!present)('shared fixture "Child D": person register and conversations', () => {
  let t: TestApp
  let r: EvidenceReview
  beforeEach(async () => {
    t = await createTestApp()
    r = await setUpReview(t)
  })
  afterEach(async () => { await t.close() })

  const personsCsv = present ? readFileSync(path.join(dir, 'persons.csv')) : Buffer.alloc(0)
  const notes = present ? readNotes() : []

  async function namesLeft(html: string): Promise<string[]> {
    const people = await t.db.selectFrom('persons').select('real_name').where('review_id', '=', r.reviewId).execute()
    expect(people.length).toBeGreaterThan(0)
    const text = pageText(html)
    const words = new Set(people.flatMap((p) => {
      const parts = nameParts(p.real_name)
      return [p.real_name, ...parts.givenNames, parts.surname ?? ''].filter(Boolean)
    }))
    return [...words].filter((w) => new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'iu').test(text))
  }

  it('imports persons.csv and the four notes through the API, quotes each note, and pseudonymises every page', async () => {
    expect(notes).toHaveLength(4)
    const imported = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: personsCsv })
    expect(imported.statusCode).toBe(201)
    expect(imported.json()).toEqual({ imported: personsCsv.toString('utf8').trim().split('\n').length - 1 })

    const agent = await r.agent('lead')
    await agent.get(`/reviews/${r.reviewId}/conversations`)
    await agent.post(`/reviews/${r.reviewId}/names`, { display: 'pseudonyms' })
    for (const note of notes) {
      const res = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/conversations`, { practitioner: note.practitioner, agency: note.agency, date: note.date }, { filename: note.file, content: note.text })
      expect(res.statusCode, note.file).toBe(201)
      const id = res.json().id as string
      // The API follows the names choice made on the pages; ?names=real asks for the notes as recorded.
      const stored = await r.api('lead', 'GET', `/api/v1/reviews/${r.reviewId}/conversations/${id}?names=real`)
      expect(stored.json().notes).toBe(note.text.trimEnd())
      const quote = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${id}/quotes`, { text: note.quote })
      expect(quote.statusCode, note.quote).toBe(201)
      const page = await agent.get(`/reviews/${r.reviewId}/conversations/${id}`)
      expect(await namesLeft(page.body), note.file).toEqual([])
      expect(page.body).toContain(`Conversation with ${note.practitioner}`)
    }
    expect(await namesLeft((await agent.get(`/reviews/${r.reviewId}/quotes`)).body)).toEqual([])
    const pseudonymised = await r.api('team', 'GET', `/api/v1/reviews/${r.reviewId}/conversations?names=pseudonyms`)
    expect(pseudonymised.json().conversations).toHaveLength(4)
  })

  it('imports the same files through the register page and the conversation form', async () => {
    const agent = await r.agent('team')
    await agent.get(`/reviews/${r.reviewId}/people`)
    expect((await agent.multipart(`/reviews/${r.reviewId}/people/import`, {}, [{ field: 'file', filename: 'persons.csv', content: personsCsv }])).statusCode).toBe(303)
    for (const note of notes) {
      await agent.get(`/reviews/${r.reviewId}/conversations/new`)
      const [year, month, day] = note.date.split('-')
      const res = await agent.multipart(`/reviews/${r.reviewId}/conversations`, {
        practitioner: note.practitioner, agency: note.agency, 'heldOn-day': day!, 'heldOn-month': month!, 'heldOn-year': year!, notes: '',
      }, [{ field: 'notesFile', filename: note.file, content: Buffer.from(note.text), type: 'text/markdown' }])
      expect(res.statusCode, note.file).toBe(303)
      const made = await agent.post(`${String(res.headers.location)}/quotes`, { quoteText: note.quote })
      expect(made.statusCode, note.quote).toBe(303)
    }
    const stored = await t.db.selectFrom('conversations').select(['practitioner', 'agency', 'held_on']).where('review_id', '=', r.reviewId).orderBy('held_on').execute()
    expect(stored).toEqual([...notes].sort((a, b) => a.date.localeCompare(b.date)).map((n) => ({ practitioner: n.practitioner, agency: n.agency, held_on: n.date })))
    expect(await t.db.selectFrom('quotes').select('id').where('review_id', '=', r.reviewId).execute()).toHaveLength(4)
  })
})
