import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { findEvidence, listDocumentEvidence, listQuoteEvidence } from '../../../server/data/evidence.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { auditActions, insertEvents, setUpReview, type EvidenceReview } from './evidence-support.js'

let t: TestApp
let r: EvidenceReview
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const documents = () => t.db.selectFrom('documents').selectAll().where('review_id', '=', r.reviewId).orderBy('created_at').execute()

describe('supporting documents', () => {
  it('adds a document with its text read from an uploaded .txt file, shows it, changes and removes it', async () => {
    const agent = await r.agent('lead')
    expect((await agent.get(`/reviews/${r.reviewId}/documents/new`)).statusCode).toBe(200)
    const res = await agent.multipart(`/reviews/${r.reviewId}/documents`, {
      title: 'Escalation protocol', agency: 'Health Visiting', 'date-day': '1', 'date-month': '4', 'date-year': '2019', description: 'How disagreements are raised', content: '',
    }, [{ field: 'contentFile', filename: 'protocol.txt', content: Buffer.from('Stage 1: raise it with your counterpart.\r\nStage 2: managers.\r\n', 'latin1') }])
    expect(res.statusCode).toBe(303)
    const [d] = await documents()
    expect(d).toMatchObject({ title: 'Escalation protocol', agency: 'Health Visiting', document_date: '2019-04-01', content: 'Stage 1: raise it with your counterpart.\nStage 2: managers.', source_filename: 'protocol.txt' })
    const page = await agent.get(`/reviews/${r.reviewId}/documents/${d!.id}`)
    expect(page.body).toContain('Stage 2: managers.')

    const bad = await agent.multipart(`/reviews/${r.reviewId}/documents/${d!.id}`, { title: '', 'date-day': '30', 'date-month': '2', 'date-year': '2019' }, [])
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#title"')
    expect(bad.body).toContain('Date of the document must be a real date')
    const changed = await agent.multipart(`/reviews/${r.reviewId}/documents/${d!.id}`, { title: 'Escalation and resolution protocol', agency: 'Health Visiting', content: 'Stage 1 only.' }, [])
    expect(changed.statusCode).toBe(303)
    expect((await documents())[0]).toMatchObject({ title: 'Escalation and resolution protocol', document_date: null, content: 'Stage 1 only.', source_filename: 'protocol.txt' })

    await agent.get(`/reviews/${r.reviewId}/documents/${d!.id}`)
    expect((await agent.post(`/reviews/${r.reviewId}/documents/${d!.id}/remove`)).statusCode).toBe(303)
    expect(await documents()).toEqual([])
    expect(await auditActions(t, r.reviewId)).toEqual(expect.arrayContaining(['document.add', 'document.change', 'document.remove']))
  })

  it('shows the case group only their agency’s documents and lets them change nothing', async () => {
    const hv = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/documents`, { title: 'HV contact guidance', agency: 'health visiting ', date: '2021-01-06' })
    const police = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/documents`, { title: 'Police notification process', agency: 'Police' })
    expect([hv.statusCode, police.statusCode]).toEqual([201, 201])
    const agent = await r.agent('caseGroupHv')
    const list = await agent.get(`/reviews/${r.reviewId}/documents`)
    expect(list.body).toContain('HV contact guidance')
    expect(list.body).not.toContain('Police notification process')
    expect(list.body).not.toContain('Add a document')
    expect((await agent.get(`/reviews/${r.reviewId}/documents/${police.json().id}`)).statusCode).toBe(404)
    expect((await r.api('caseGroupHv', 'GET', `/api/v1/reviews/${r.reviewId}/documents`)).json().documents.map((d: { title: string }) => d.title)).toEqual(['HV contact guidance'])
    expect((await r.api('caseGroupHv', 'POST', `/api/v1/reviews/${r.reviewId}/documents`, { title: 'Mine' })).statusCode).toBe(403)
    expect((await r.agent('boardChair').then((a) => a.get(`/reviews/${r.reviewId}/documents`))).statusCode).toBe(403)
  })
})

describe('evidence for other areas', () => {
  it('lists quotes and documents for pickers and checks cited evidence exists, with labels', async () => {
    const [eventId] = await insertEvents(t, r.reviewId, [{ agency: 'Police', occurredAt: '2021-01-16T22:20', summary: 'Domestic incident, DASH standard' }])
    const conversation = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations`, {
      practitioner: 'Police Officer 1', agency: 'Police', date: '2021-11-20', notes: 'He said: "You are in and you are out."',
    })
    const quote = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${conversation.json().id}/quotes`, { text: 'You are in and you are out.', eventIds: [eventId] })
    const document = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/documents`, { title: 'DASH guidance', agency: 'Police', date: '2019-06-01', description: 'Risk grading' })
    const quoteId = quote.json().id as string
    const documentId = document.json().id as string

    const quotes = await listQuoteEvidence(t.db, r.reviewId)
    expect(quotes).toEqual([expect.objectContaining({ type: 'quote', id: quoteId, excerpt: 'You are in and you are out.', agency: 'Police', label: '“You are in and you are out.” (Police Officer 1, Police, 2021-11-20)' })])
    expect(await listDocumentEvidence(t.db, r.reviewId)).toEqual([expect.objectContaining({ type: 'document', id: documentId, label: 'DASH guidance (Police, 2019-06-01)', excerpt: 'Risk grading' })])

    const otherReview = await setUpReview(t)
    const refs = [
      { type: 'event' as const, id: eventId! }, { type: 'quote' as const, id: quoteId }, { type: 'document' as const, id: documentId },
      { type: 'quote' as const, id: quoteId }, { type: 'event' as const, id: 'no-such-event' },
    ]
    const found = await findEvidence(t.db, r.reviewId, refs)
    expect(found.found.map((f) => [f.type, f.id])).toEqual([['event', eventId], ['quote', quoteId], ['document', documentId]])
    expect(found.found[0]!.label).toBe('2021-01-16 22:20 Police: Domestic incident, DASH standard')
    expect(found.missing).toEqual([{ type: 'event', id: 'no-such-event' }])
    // Evidence of another review is not found in this one.
    expect((await findEvidence(t.db, otherReview.reviewId, refs)).found).toEqual([])

    const snapshot = await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())
    expect(snapshot.documents).toBe(1)
    expect(snapshot.conversations).toEqual({ held: 1, practitioners: 1, quotes: 1 })
  })
})
