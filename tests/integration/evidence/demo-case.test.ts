// The project's own fictional case (server/demo/case): its person register and five conversation notes go in
// through the API and the pages, every quote analysis.json cites is found word for word, and the demo seeder
// links quotes to the events analysis.json pairs them with.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { demoCaseDir, demoConversationsDir, readDemoAnalysis, type QuoteRef } from '../../../server/demo/case/demo-case.js'
import { seedEvidence } from '../../../server/demo/evidence-seeder.js'
import type { DemoContext, DemoUser } from '../../../server/demo/seed.js'
import { nameParts } from '../../../methodology/redaction/register-forms.js'
import { insertEvents, pageText, setUpReview, type EvidenceReview } from './evidence-support.js'

let t: TestApp
let r: EvidenceReview
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const personsCsv = readFileSync(join(demoCaseDir, 'persons.csv'))
const noteFiles = readdirSync(demoConversationsDir).filter((f) => f.endsWith('.md')).sort()
const analysis = readDemoAnalysis()

function citedQuotes(): QuoteRef[] {
  const all: QuoteRef[] = [
    ...analysis.keyPracticeEpisodes.flatMap((k) => k.quotes),
    ...analysis.contributoryFactors.flatMap((f) => f.quotes),
    ...analysis.causalMap.edges.flatMap((e) => e.evidence.filter((x) => x.type === 'quote').map((x) => ({ conversation: x.conversation, text: x.text }))),
  ]
  return [...new Map(all.map((q) => [`${q.conversation}|${q.text}`, q])).values()]
}

/** The register's names (full, surname, given) that still show in a page, as whole words. */
async function namesLeft(html: string): Promise<string[]> {
  const people = await t.db.selectFrom('persons').select('real_name').where('review_id', '=', r.reviewId).execute()
  const text = pageText(html)
  const words = new Set(people.flatMap((p) => {
    const parts = nameParts(p.real_name)
    return [p.real_name, ...parts.givenNames, parts.surname ?? ''].filter(Boolean)
  }))
  return [...words].filter((w) => new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'iu').test(text))
}

describe('the demo case through the API', () => {
  it('imports persons.csv and the five notes, fills each conversation from its front matter, and finds every cited quote word for word', async () => {
    const imported = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: personsCsv })
    expect(imported.json()).toEqual({ imported: personsCsv.toString('utf8').trim().split('\n').length - 1 })

    const ids = new Map<string, string>()
    for (const file of noteFiles) {
      const res = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/conversations`, {}, { filename: file, content: readFileSync(join(demoConversationsDir, file)) })
      expect(res.statusCode, file).toBe(201)
      const frontMatter = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(demoConversationsDir, file), 'utf8'))![1]!
      const field = (k: string) => new RegExp(`^${k}:\\s*(.+)$`, 'm').exec(frontMatter)![1]!.trim()
      expect(res.json()).toMatchObject({ practitioner: field('practitioner'), agency: field('agency'), date: field('date'), heldBy: field('held by'), sourceFilename: file })
      expect(res.json().heldBy, file).toMatch(/^The lead reviewer and the review team member for /)
      ids.set(file, res.json().id)
    }

    const quotes = citedQuotes()
    expect(quotes.length).toBeGreaterThan(10)
    for (const q of quotes) {
      const res = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${ids.get(q.conversation)}/quotes`, { text: q.text })
      expect(res.statusCode, q.text).toBe(201)
      expect(res.json().text).toBe(q.text)
    }
    expect(await t.db.selectFrom('quotes').select('id').where('review_id', '=', r.reviewId).execute()).toHaveLength(quotes.length)

    // With pseudonyms chosen, no name from the register is left on any conversation page.
    const agent = await r.agent('lead')
    await agent.get(`/reviews/${r.reviewId}/conversations`)
    await agent.post(`/reviews/${r.reviewId}/names`, { display: 'pseudonyms' })
    for (const id of ids.values()) expect(await namesLeft((await agent.get(`/reviews/${r.reviewId}/conversations/${id}`)).body), id).toEqual([])
    expect(await namesLeft((await agent.get(`/reviews/${r.reviewId}/quotes`)).body)).toEqual([])
  })
})

describe('the demo case through the pages', () => {
  it('imports persons.csv on the register page and uploads each note on the conversation form', async () => {
    const agent = await r.agent('team')
    await agent.get(`/reviews/${r.reviewId}/people`)
    expect((await agent.multipart(`/reviews/${r.reviewId}/people/import`, {}, [{ field: 'file', filename: 'persons.csv', content: personsCsv }])).statusCode).toBe(303)
    for (const file of noteFiles) {
      await agent.get(`/reviews/${r.reviewId}/conversations/new`)
      const res = await agent.multipart(`/reviews/${r.reviewId}/conversations`, { practitioner: '', agency: '', notes: '' }, [
        { field: 'notesFile', filename: file, content: readFileSync(join(demoConversationsDir, file)), type: 'text/markdown' },
      ])
      expect(res.statusCode, file).toBe(303)
    }
    const list = await agent.get(`/reviews/${r.reviewId}/conversations`)
    for (const label of ['Health Visitor 1', 'Social Worker 1', 'Nursery Key Worker', 'Police Officer 1', 'School Nurse 1']) expect(list.body).toContain(label)
    // The case group member for health visiting reads only that conversation, always with pseudonyms.
    const caseGroup = await r.agent('caseGroupHv')
    const theirs = await caseGroup.get(`/reviews/${r.reviewId}/conversations`)
    const links = [...theirs.body.matchAll(/\/conversations\/([\w-]+)"/g)].map((m) => m[1])
    expect(links).toHaveLength(1)
    const page = await caseGroup.get(`/reviews/${r.reviewId}/conversations/${links[0]}`)
    expect(page.body).toContain('Conversation with Health Visitor 1')
    expect(await namesLeft(page.body)).toEqual([])
  })
})

describe('the demo seeder', () => {
  it('seeds the register, five conversations, every cited quote linked to the events it is paired with, and documents', async () => {
    // Events where analysis.json's factors and map edges point (the chronology seeder puts the real ones there).
    const refs = [...new Map([
      ...analysis.contributoryFactors.flatMap((f) => f.events),
      ...analysis.causalMap.edges.flatMap((e) => e.evidence.filter((x) => x.type === 'event')),
    ].map((e) => [`${e.file}#${e.row}`, { file: e.file, row: e.row }])).values()]
    for (const file of new Set(refs.map((e) => e.file))) {
      await insertEvents(t, r.reviewId, refs.filter((e) => e.file === file).map((e) => ({ agency: file, occurredAt: '2021-01-01', summary: `${file} row ${e.row}`, file, row: e.row })))
    }
    const lead: DemoUser = { key: 'lead', user: r.users.lead, actor: r.leadActor }
    const demo: DemoContext = { ctx: t.ctx, reviewId: r.reviewId, users: { lead } as DemoContext['users'], analysis, researchQuestionIds: {} }
    await seedEvidence(demo)

    const count = async (table: 'persons' | 'conversations' | 'quotes' | 'documents') =>
      (await t.db.selectFrom(table).select('id').where('review_id', '=', r.reviewId).execute()).length
    expect(await count('persons')).toBe(personsCsv.toString('utf8').trim().split('\n').length - 1)
    expect(await count('conversations')).toBe(noteFiles.length)
    expect(await count('quotes')).toBe(citedQuotes().length)
    expect(await count('documents')).toBeGreaterThanOrEqual(2)

    // A contributory factor's quote is linked to that factor's events, found by file and row.
    const factor = analysis.contributoryFactors.find((f) => f.quotes.length > 0 && f.events.length > 0)!
    const quote = await t.db.selectFrom('quotes').select('id').where('review_id', '=', r.reviewId).where('text', '=', factor.quotes[0]!.text).executeTakeFirstOrThrow()
    const linked = await t.db.selectFrom('quote_events as qe').innerJoin('chronology_events as e', 'e.id', 'qe.event_id')
      .select(['e.source_file', 'e.source_row']).where('qe.quote_id', '=', quote.id).execute()
    for (const e of factor.events) expect(linked).toContainEqual({ source_file: e.file, source_row: e.row })
  })
})
