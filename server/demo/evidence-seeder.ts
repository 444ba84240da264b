// Demo seeding for the evidence area: the person register, the five conversation notes (their front matter
// fills who, agency and date), every quote analysis.json cites, linked to the events it pairs them with,
// and a few supporting documents. Runs after the chronology seeder, so events can be found by file and row.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BadInput } from '../errors.js'
import { findEventIdsBySource } from '../data/evidence.js'
import { recordConversation, makeQuote, linkQuoteEvent } from '../services/conversations.js'
import { addDocument } from '../services/documents.js'
import { importPersonsCsv } from '../services/persons.js'
import { demoCaseDir, demoConversationsDir, type EventRef, type QuoteRef } from './case/demo-case.js'
import type { DemoSeeder } from './seed.js'

/** Quotes the analysis cites, each once, with the events cited alongside them (by factor or map edge). */
function citedQuotes(analysis: Parameters<DemoSeeder>[0]['analysis']): { quote: QuoteRef; events: EventRef[] }[] {
  const byKey = new Map<string, { quote: QuoteRef; events: EventRef[] }>()
  const add = (quote: QuoteRef, events: EventRef[]) => {
    const key = `${quote.conversation}\u0000${quote.text}`
    const entry = byKey.get(key) ?? { quote, events: [] }
    for (const e of events) if (!entry.events.some((x) => x.file === e.file && x.row === e.row)) entry.events.push(e)
    byKey.set(key, entry)
  }
  // Episodes cite many events; only factors and map edges pair a quote with the events it speaks to.
  for (const kpe of analysis.keyPracticeEpisodes) for (const q of kpe.quotes) add(q, [])
  for (const factor of analysis.contributoryFactors) for (const q of factor.quotes) add(q, factor.events)
  for (const edge of analysis.causalMap.edges) {
    const events = edge.evidence.filter((e) => e.type === 'event').map((e) => ({ file: e.file, row: e.row }))
    for (const e of edge.evidence) if (e.type === 'quote') add({ conversation: e.conversation, text: e.text }, events)
  }
  return [...byKey.values()]
}

const DOCUMENTS = [
  {
    title: 'Health visiting contacts during national restrictions',
    agency: 'Health Visiting',
    date: '2021-01-06',
    description: 'Service guidance in force during the third lockdown: which families were seen in person.',
    content: [
      'Westmere 0-19 Service: contacts from 6 January 2021 until further notice (fictional)',
      '',
      'Families are rated Red, Amber or Green at each contact.',
      'Red: home visits continue, with protective equipment.',
      'Amber and Green: contacts, including the one-year review, are held by phone or video call. Clinic rooms are closed.',
      'Practitioners record in the child health record how the contact was held and who was present, where they could see.',
      'Concerns are discussed with the named nurse for safeguarding in supervision or the same day if urgent.',
    ].join('\n'),
  },
  {
    title: 'Resolving professional disagreements: escalation protocol',
    agency: null,
    date: '2019-04-01',
    description: 'The partnership’s protocol for practitioners who disagree with another agency’s decision.',
    content: [
      'Westmere Safeguarding Children Partnership (fictional)',
      '',
      'Stage 1: the practitioner raises the disagreement with their counterpart in the other agency, by phone and then in writing.',
      'Stage 2: if it is not resolved, the practitioner’s manager contacts the other agency’s manager.',
      'Stage 3: designated safeguarding leads and heads of service meet to decide.',
      'The protocol does not set a timescale for a response at stage 1.',
    ].join('\n'),
  },
  {
    title: 'Minutes of the child in need review, 12 August 2021',
    agency: "Children's Social Care",
    date: '2021-08-12',
    description: 'The review at which stepping the case down to early help was proposed.',
    content: [
      'Present: Social Worker 1 (chair), Health Visitor 1, School Nurse 1. Nursery invited; did not attend.',
      'Mother gave apologies.',
      '',
      'Social Worker 1 proposed stepping the plan down to early help: attendance at the nursery is better and Mother reports that Mr Y has moved out.',
      'Health Visitor 1 did not agree while Mr Y has not been assessed and said she would escalate.',
      'Decision: step-down to be considered at the next review. Actions: Social Worker 1 to contact the nursery.',
    ].join('\n'),
  },
]

export const seedEvidence: DemoSeeder = async ({ ctx, reviewId, users, analysis }) => {
  const lead = users.lead.actor
  try {
    await importPersonsCsv(ctx, lead, reviewId, readFileSync(join(demoCaseDir, 'persons.csv')))
  } catch (error) {
    // A register the checks refuse must not stop the service starting: say what is wrong and carry on without it.
    if (!(error instanceof BadInput)) throw error
    console.warn(`Demo person register not imported: ${error.details.map((d) => d.message).join('; ') || error.message}`)
  }

  const conversationIds = new Map<string, string>()
  for (const file of readdirSync(demoConversationsDir).filter((f) => f.endsWith('.md')).sort()) {
    const conversation = await recordConversation(ctx, lead, reviewId, { notes: readFileSync(join(demoConversationsDir, file), 'utf8') })
    conversationIds.set(file, conversation.id)
  }

  const quotes = citedQuotes(analysis)
  const eventIds = await findEventIdsBySource(ctx.db, reviewId, quotes.flatMap((q) => q.events))
  for (const { quote, events } of quotes) {
    const conversationId = conversationIds.get(quote.conversation)
    if (!conversationId) throw new Error(`analysis.json cites a quote from ${quote.conversation}, which is not among the conversation notes`)
    const made = await makeQuote(ctx, lead, reviewId, conversationId, { text: quote.text })
    // Events are there only when the chronology seeder ran first.
    for (const e of events) {
      const eventId = eventIds.get(`${e.file}#${e.row}`)
      if (eventId) await linkQuoteEvent(ctx, lead, reviewId, made.id, eventId)
    }
  }

  for (const d of DOCUMENTS) await addDocument(ctx, lead, reviewId, { title: d.title, agency: d.agency ?? '', date: d.date, description: d.description, content: d.content })
}
