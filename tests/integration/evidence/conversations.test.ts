import { Document, Packer, Paragraph, TextRun } from 'docx'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { auditActions, insertEvents, pageText, setUpReview, type EvidenceReview } from './evidence-support.js'

let t: TestApp
let r: EvidenceReview
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const REGISTER = [
  'real_name,role,pseudonym,date_of_birth,nhs_number,address,postcode,phone',
  'Nell Ambrose,Subject child,Child N,2019-03-04,999 301 4524,"12 Quarry Lane, Westmere",ZZ99 2LB,',
  'Tamsin Ambrose,Mother,Mother,1994-07-21,,"12 Quarry Lane, Westmere",ZZ99 2LB,07700 900517',
  'Priti Laing,"Health Visitor, Westmere 0-19 Service",Health Visitor 1,,,,,01632 960455',
].join('\n')

const NOTES = `# Conversation with Health Visitor 1

**Who:** Priti Laing, health visitor since 2018.

- "I did the review on a video call. I could see Tamsin's face
and the top of Nell's head, but not the room."
- Caseload about 480 children; a vacancy since the summer.
`

const MARKDOWN = `---
practitioner: Health Visitor 1
agency: Health Visiting
date: 2021-11-16
---
${NOTES}`

const conversations = () => t.db.selectFrom('conversations').selectAll().where('review_id', '=', r.reviewId).orderBy('created_at').execute()
const quotes = () => t.db.selectFrom('quotes').selectAll().where('review_id', '=', r.reviewId).orderBy('created_at').execute()

async function recordViaApi(notes: string, fields: Record<string, string> = {}): Promise<string> {
  const res = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations`, { notes, ...fields })
  expect(res.statusCode).toBe(201)
  return res.json().id as string
}

describe('reading the notes', () => {
  it('renders the notes’ Markdown and neutralises raw HTML and javascript: links', async () => {
    const id = await recordViaApi(`${NOTES}\n<script>alert(1)</script> <a href="javascript:alert(2)">a</a> [b](javascript:alert(3)) [gov](https://www.gov.uk/)`, { practitioner: 'Health Visitor 1', agency: 'Health Visiting', date: '2021-11-16' })
    const page = await (await r.agent('lead')).get(`/reviews/${r.reviewId}/conversations/${id}`)
    expect(page.statusCode).toBe(200)
    const notes = /<div class="app-notes[^"]*" id="notes"[^>]*>([\s\S]*?)<\/div>\n/.exec(page.body)![1]!
    expect(notes).toContain('<h3>Conversation with Health Visitor 1</h3>')
    expect(notes).toContain('<strong>Who:</strong> Priti Laing')
    expect(notes).not.toMatch(/\*\*|<script|<a href="javascript/i)
    expect(notes).toContain('&lt;a href="javascript:alert(2)"&gt;a&lt;/a&gt;')
    expect(notes).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(notes).toContain('<a href="https://www.gov.uk/" class="govuk-link" rel="noreferrer noopener">gov</a>')
  })
})

describe('recording a conversation', () => {
  it('records typed notes from the page, with who, agency, date and who held it', async () => {
    const agent = await r.agent('lead')
    const form = await agent.get(`/reviews/${r.reviewId}/conversations/new`)
    expect(form.statusCode).toBe(200)
    // Whoever records it is offered as who held it.
    expect(form.body).toMatch(new RegExp(`name="heldBy"[^>]*value="${r.users.lead.name}"`))
    const res = await agent.multipart(`/reviews/${r.reviewId}/conversations`, {
      practitioner: 'Social Worker 1', agency: "Children's Social Care", 'heldOn-day': '20', 'heldOn-month': '10', 'heldOn-year': '2021',
      heldBy: 'Lead reviewer', memberUserId: '', notes: 'She said "I had 26 children on my caseload."',
    }, [])
    expect(res.statusCode).toBe(303)
    const [c] = await conversations()
    expect(c).toMatchObject({ practitioner: 'Social Worker 1', agency: "Children's Social Care", held_on: '2021-10-20', held_by: 'Lead reviewer', source_filename: null })
    expect(res.headers.location).toBe(`/reviews/${r.reviewId}/conversations/${c!.id}`)
    expect(await auditActions(t, r.reviewId)).toContain('conversation.record')
    const page = await agent.get(String(res.headers.location))
    expect(page.body).toContain('Conversation with Social Worker 1')
    expect(page.body).toContain('I had 26 children on my caseload.')
  })

  it('fills who, agency and date from a Markdown file’s front matter, and keeps the notes without it', async () => {
    const agent = await r.agent('team')
    await agent.get(`/reviews/${r.reviewId}/conversations/new`)
    const res = await agent.multipart(`/reviews/${r.reviewId}/conversations`, { practitioner: '', agency: '', notes: '' }, [
      { field: 'notesFile', filename: 'health-visitor-1.md', content: Buffer.from(MARKDOWN), type: 'text/markdown' },
    ])
    expect(res.statusCode).toBe(303)
    const [c] = await conversations()
    expect(c).toMatchObject({ practitioner: 'Health Visitor 1', agency: 'Health Visiting', held_on: '2021-11-16', source_filename: 'health-visitor-1.md' })
    expect(c!.notes).toBe(NOTES.trimEnd())
  })

  it('keeps what the reviewer typed over the front matter', async () => {
    await recordViaApi(MARKDOWN, { practitioner: 'Health Visitor 2', date: '2021-11-17' })
    expect((await conversations())[0]).toMatchObject({ practitioner: 'Health Visitor 2', agency: 'Health Visiting', held_on: '2021-11-17' })
  })

  it('reads the text of a Word document uploaded through the API', async () => {
    const doc = new Document({ sections: [{ children: [
      new Paragraph({ children: [new TextRun('Conversation with Police Officer 1')] }),
      new Paragraph({ children: [new TextRun('"You note they’re there and you put it on the notification & move on."')] }),
    ] }] })
    const res = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/conversations`, { practitioner: 'Police Officer 1', agency: 'Police', date: '2021-11-20' }, {
      filename: 'police-officer-1.docx', content: await Packer.toBuffer(doc),
    })
    expect(res.statusCode).toBe(201)
    const [c] = await conversations()
    expect(c!.notes).toBe('Conversation with Police Officer 1\n"You note they’re there and you put it on the notification & move on."')
  })

  it('names every missing detail, keeps the input and saves nothing', async () => {
    const agent = await r.agent('lead')
    await agent.get(`/reviews/${r.reviewId}/conversations/new`)
    const res = await agent.multipart(`/reviews/${r.reviewId}/conversations`, { practitioner: '', agency: 'Police', 'heldOn-day': '31', 'heldOn-month': '2', 'heldOn-year': '2021', notes: 'Some notes' }, [])
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('href="#practitioner"')
    expect(res.body).toContain('Date of the conversation must be a real date')
    expect(res.body).toContain('value="Police"')
    expect(res.body).toContain('Some notes')
    expect(await conversations()).toEqual([])
  })

  it('refuses a file that is not .md, .txt or .docx, and a date in the future', async () => {
    const pdf = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/conversations`, { practitioner: 'GP 1', agency: 'GP', date: '2021-11-20' }, { filename: 'notes.pdf', content: '%PDF-1.4' })
    expect(pdf.statusCode).toBe(400)
    expect(pdf.json().details[0]).toMatchObject({ path: 'notesFile', message: expect.stringContaining('upload a .md, .txt or .docx file') })
    const future = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations`, { practitioner: 'GP 1', agency: 'GP', date: '2030-01-01', notes: 'x' })
    expect(future.statusCode).toBe(400)
    expect(future.json().details[0].path).toBe('heldOn')
    expect(await conversations()).toEqual([])
  })
})

describe('quotes', () => {
  it('must occur word for word in the notes; a line break selected as a space still matches, and the notes’ own words are kept', async () => {
    const id = await recordViaApi(MARKDOWN)
    const url = `/api/v1/reviews/${r.reviewId}/conversations/${id}/quotes`
    const wrong = await r.api('lead', 'POST', url, { text: 'I did the review by telephone' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().details[0]).toMatchObject({ path: 'quoteText', message: expect.stringContaining('exact words of the notes') })
    expect(await quotes()).toEqual([])

    const res = await r.api('lead', 'POST', url, { text: "I could see Tamsin's face and the top of Nell's head" })
    expect(res.statusCode).toBe(201)
    const [q] = await quotes()
    const conversation = (await conversations())[0]!
    expect(q!.text).toBe("I could see Tamsin's face\nand the top of Nell's head")
    expect(conversation.notes.slice(q!.start_offset, q!.start_offset + q!.text.length)).toBe(q!.text)
    expect(await auditActions(t, r.reviewId)).toContain('quote.make')

    const again = await r.api('lead', 'POST', url, { text: "I could see Tamsin's face and the top of Nell's head" })
    expect(again.statusCode).toBe(400)
    expect(again.json().details[0].message).toContain('already a quote')
  })

  it('tells the reviewer to show real names when the words were copied from the pseudonymised notes', async () => {
    await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: REGISTER })
    const id = await recordViaApi(MARKDOWN)
    const res = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${id}/quotes`, { text: "I could see Mother's face" })
    expect(res.statusCode).toBe(400)
    expect(res.json().details[0].message).toContain('Show real names')
  })

  it('links a quote to chronology events from the page, unlinks it, and loses the link when the event goes', async () => {
    const id = await recordViaApi(MARKDOWN)
    const [video, ed, other] = await insertEvents(t, r.reviewId, [
      { agency: 'Health Visiting', occurredAt: '2021-02-23', summary: 'One-year review by video call' },
      { agency: 'Health Visiting', occurredAt: '2021-04-17', summary: 'ED attendance notice received' },
      { agency: 'Police', occurredAt: '2021-01-16', summary: 'Domestic incident' },
    ])
    const agent = await r.agent('lead')
    const page = await agent.get(`/reviews/${r.reviewId}/conversations/${id}`)
    expect(page.body).toContain('One-year review by video call')
    const made = await agent.post(`/reviews/${r.reviewId}/conversations/${id}/quotes`, { quoteText: 'I did the review on a video call.', eventId: video! })
    expect(made.statusCode).toBe(303)
    const [q] = await quotes()
    const links = () => t.db.selectFrom('quote_events').select('event_id').where('quote_id', '=', q!.id).orderBy('event_id').execute()
    expect(await links()).toEqual([{ event_id: video }])

    const linked = await agent.post(`/reviews/${r.reviewId}/conversations/${id}/quote-events`, { quoteId: q!.id, eventId: ed! })
    expect(linked.statusCode).toBe(303)
    expect((await links()).map((l) => l.event_id).sort()).toEqual([video, ed].sort())
    const missing = await agent.post(`/reviews/${r.reviewId}/conversations/${id}/quote-events`, { quoteId: q!.id, eventId: 'no-such-event' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('href="#linkEventId"')

    expect((await agent.post(`/reviews/${r.reviewId}/conversations/${id}/quotes/${q!.id}/events/${video}/remove`)).statusCode).toBe(303)
    expect(await links()).toEqual([{ event_id: ed }])
    expect(await auditActions(t, r.reviewId)).toEqual(expect.arrayContaining(['quote.event.link', 'quote.event.unlink']))

    const view = await agent.get(`/reviews/${r.reviewId}/conversations/${id}`)
    expect(view.body).toContain('ED attendance notice received')
    expect(view.body).toContain('<mark class="app-quote-mark"')
    expect(other).toBeTruthy()

    // Rolling back an import deletes its events: the quote stays, its link goes.
    await t.db.deleteFrom('chronology_events').where('id', '=', ed!).execute()
    expect(await links()).toEqual([])
    expect(await quotes()).toHaveLength(1)
  })

  it('keeps quotes when notes change around them, and refuses a change that would lose one', async () => {
    const id = await recordViaApi(MARKDOWN)
    await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${id}/quotes`, { text: 'Caseload about 480 children' })
    const agent = await r.agent('lead')
    const base = { practitioner: 'Health Visitor 1', agency: 'Health Visiting', 'heldOn-day': '16', 'heldOn-month': '11', 'heldOn-year': '2021' }
    const lose = await agent.multipart(`/reviews/${r.reviewId}/conversations/${id}`, { ...base, notes: 'Caseload about 400 children.' }, [])
    expect(lose.statusCode).toBe(400)
    expect(lose.body).toContain('is no longer in the notes')
    const keep = await agent.multipart(`/reviews/${r.reviewId}/conversations/${id}`, { ...base, notes: `Checked by her on 18/11/2021.\n\n${NOTES}` }, [])
    expect(keep.statusCode).toBe(303)
    const [q] = await quotes()
    const notes = (await conversations())[0]!.notes
    expect(notes.slice(q!.start_offset, q!.start_offset + q!.text.length)).toBe('Caseload about 480 children')
  })

  it('removes a conversation with its quotes', async () => {
    const id = await recordViaApi(MARKDOWN)
    await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${id}/quotes`, { text: 'Caseload about 480 children' })
    const agent = await r.agent('lead')
    await agent.get(`/reviews/${r.reviewId}/conversations/${id}`)
    expect((await agent.post(`/reviews/${r.reviewId}/conversations/${id}/remove`)).statusCode).toBe(303)
    expect(await conversations()).toEqual([])
    expect(await quotes()).toEqual([])
  })
})

describe('who reads conversations', () => {
  it('shows the case group their own agency’s conversations with pseudonyms, and lets them change nothing', async () => {
    await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: REGISTER })
    const hv = await recordViaApi(MARKDOWN)
    const police = await recordViaApi('Notes of the police conversation', { practitioner: 'Police Officer 1', agency: 'Police', date: '2021-11-20' })
    await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${hv}/quotes`, { text: "I could see Tamsin's face" })

    const agent = await r.agent('caseGroupHv')
    const list = await agent.get(`/reviews/${r.reviewId}/conversations`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`/conversations/${hv}"`)
    expect(list.body).not.toContain(`/conversations/${police}"`)
    expect(list.body).not.toContain('Record a conversation')
    const page = await agent.get(`/reviews/${r.reviewId}/conversations/${hv}`)
    expect(page.statusCode).toBe(200)
    for (const name of ['Tamsin', 'Nell', 'Ambrose', 'Priti', 'Laing']) expect(page.body).not.toContain(name)
    expect(pageText(page.body)).toContain("I could see Mother's face")
    expect(page.body).not.toContain('Make a quote')
    expect(page.body).not.toContain('Show real names')
    expect((await agent.get(`/reviews/${r.reviewId}/conversations/${police}`)).statusCode).toBe(404)
    const quotesPage = await agent.get(`/reviews/${r.reviewId}/quotes`)
    expect(pageText(quotesPage.body)).toContain("I could see Mother's face")
    expect(quotesPage.body).not.toContain('Tamsin')

    const api = await r.api('caseGroupHv', 'GET', `/api/v1/reviews/${r.reviewId}/conversations/${hv}?names=real`)
    expect(api.statusCode).toBe(200)
    expect(api.body).not.toContain('Tamsin')
    expect((await r.api('caseGroupHv', 'GET', `/api/v1/reviews/${r.reviewId}/conversations`)).json().conversations.map((c: { id: string }) => c.id)).toEqual([hv])

    expect((await agent.post(`/reviews/${r.reviewId}/conversations/${hv}/quotes`, { quoteText: 'Caseload about 480 children' })).statusCode).toBe(403)
    expect((await r.api('caseGroupHv', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${hv}/quotes`, { text: 'Caseload about 480 children' })).statusCode).toBe(403)
    expect((await quotes())).toHaveLength(1)

    const police1 = await r.agent('caseGroupPolice')
    const theirs = await police1.get(`/reviews/${r.reviewId}/conversations`)
    expect(theirs.body).toContain(`/conversations/${police}"`)
    expect(theirs.body).not.toContain(`/conversations/${hv}"`)
  })

  it('refuses conversations to the board chair', async () => {
    const id = await recordViaApi(MARKDOWN)
    const agent = await r.agent('boardChair')
    expect((await agent.get(`/reviews/${r.reviewId}/conversations`)).statusCode).toBe(403)
    expect((await agent.get(`/reviews/${r.reviewId}/conversations/${id}`)).statusCode).toBe(403)
    expect((await r.api('boardChair', 'GET', `/api/v1/reviews/${r.reviewId}/conversations`)).statusCode).toBe(403)
  })
})
