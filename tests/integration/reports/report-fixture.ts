// A review full of report content, written straight into the tables: the person register and agency extracts of a
// demo case (the project's own, or the shared fixtures), every row a significant event, conversation notes as
// finding text, findings with typology codes, board questions, responses and actions, and a stage completed
// with a reason. Real names and identifiers are left in the texts on purpose: the publication edition must
// take them out.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import type { TestApp } from '../../support/test-app.js'
import { addUser } from '../../support/test-app.js'
import type { User } from '../../../server/data/schema.js'
import type { Actor } from '../../../server/services/context.js'
import { addMember, addResearchQuestion, createReview, updateJointWorking } from '../../../server/services/reviews.js'
import { TYPOLOGY_V1 } from '../../../methodology/typology/typology-v1.js'
import type { MapDocument } from '../../../methodology/map/map-model.js'
import { readDemoAnalysis } from '../../../server/demo/case/demo-case.js'

export interface CaseFiles {
  dir: string
  /** Only this many rows per extract (all when omitted). */
  rowsPerFile?: number
  /** A key practice episode with a factor and a quote, and a causal map (the project's demo map when omitted). */
  map?: MapDocument
}

export interface ReportReview {
  reviewId: string
  lead: User
  team: User
  caseGroup: User
  boardChair: User
  actor: (u: User) => Actor
}

interface ExpectedFile {
  file: string
  agency: string
  encoding: string | null
  delimiter: string | null
  headerRow?: number
  footerRows?: number
  mapping: Record<string, string>
}

export function actorOf(u: User): Actor {
  return { userId: u.id, role: u.role, name: u.name, via: 'session', requestId: null }
}

function readExtract(dir: string, f: ExpectedFile): Record<string, string>[] {
  const bytes = readFileSync(join(dir, f.file))
  const text = f.encoding === 'windows-1252' ? iconv.decode(bytes, 'win1252') : bytes.toString('utf8').replace(/^\uFEFF/, '')
  const rows = parse(text, {
    delimiter: f.delimiter ?? ',', columns: true, skip_empty_lines: true, relax_column_count: true, from_line: f.headerRow ?? 1,
  }) as Record<string, string>[]
  return f.footerRows ? rows.slice(0, rows.length - f.footerRows) : rows
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export async function seedReportReview(t: TestApp, files: CaseFiles): Promise<ReportReview> {
  const lead = await addUser(t, 'reviewer')
  const team = await addUser(t, 'reviewer')
  const caseGroup = await addUser(t, 'reviewer')
  const boardChair = await addUser(t, 'board')
  const expected = JSON.parse(readFileSync(join(files.dir, 'expected.json'), 'utf8')) as { reviewPeriod: { from: string; to: string }; files: ExpectedFile[] }
  const persons = parse(readFileSync(join(files.dir, 'persons.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[]
  const child = persons.find((p) => /subject child/i.test(p.role ?? ''))?.pseudonym ?? 'Child R'
  const review = await createReview(t.ctx, actorOf(lead), {
    title: `Learning review: ${child}`, boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: child, methodology: 'learning-together',
    periodFrom: expected.reviewPeriod.from, periodTo: expected.reviewPeriod.to, incidentDate: expected.reviewPeriod.to, notificationDate: '', decisionDate: '',
    region: 'East Midlands', childAgeBand: '1-4', harmCategory: 'serious-harm',
  })
  const reviewId = review.id
  await addMember(t.ctx, actorOf(lead), reviewId, { email: team.email, role: 'review-team', agency: 'Health Visiting' })
  await addMember(t.ctx, actorOf(lead), reviewId, { email: caseGroup.email, role: 'case-group', agency: 'Police' })
  await addMember(t.ctx, actorOf(lead), reviewId, { email: boardChair.email, role: 'board-chair', agency: '' })
  const rq1 = await addResearchQuestion(t.ctx, actorOf(lead), reviewId, 'How do agencies bring together what they know about a new adult in the home?')
  await addResearchQuestion(t.ctx, actorOf(lead), reviewId, 'How do practitioners hear the voice of a child too young to speak?')
  const now = t.clock.now().toISOString()

  // The person register, as the review holds it.
  const dob = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null)
  await t.db.insertInto('persons').values(persons.map((p, i) => ({
    id: `person-${i + 1}`, review_id: reviewId, real_name: p.real_name ?? '', role: p.role || null, pseudonym: p.pseudonym ?? '',
    date_of_birth: dob(p.date_of_birth ?? ''), nhs_number: p.nhs_number || null, address: p.address || null, postcode: p.postcode || null,
    phone: p.phone || null, created_at: now, updated_at: now,
  }))).execute()

  // Every extract row becomes a significant event, its text unchanged.
  let day = 0
  for (const f of expected.files.filter((x) => x.file.endsWith('.csv'))) {
    const rows = readExtract(files.dir, f).slice(0, files.rowsPerFile ?? Infinity)
    const importId = `import-${f.file}`
    await t.db.insertInto('chronology_imports').values({
      id: importId, review_id: reviewId, agency: f.agency, agency_key: f.agency.toLowerCase(), file_name: f.file, file_size: 1, format: 'csv',
      options: '{}', detected: null, headers: null, status: 'committed', rows_read: rows.length, data_rows: rows.length, accepted_rows: rows.length,
      rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0, outside_period_rows: 0, analysis: null, error: null, committed_rows: rows.length,
      uploaded_by: lead.id, uploaded_at: now, analysed_at: now, committed_by: lead.id, committed_at: now, rolled_back_by: null, rolled_back_at: null,
      discarded_by: null, discarded_at: null,
    }).execute()
    for (const [i, row] of rows.entries()) {
      const date = addDays(expected.reviewPeriod.from, day++ % 300)
      await t.db.insertInto('chronology_events').values({
        id: `event-${f.file}-${i + 1}`, review_id: reviewId, import_id: importId, agency: f.agency, agency_key: f.agency.toLowerCase(),
        occurred_at: date, date_start: date, date_end: date, time: null, precision: 'day', sort_key: `${date}T00:00`,
        author: row[f.mapping.author ?? ''] ?? null, category: row[f.mapping.category ?? ''] ?? null,
        summary: row[f.mapping.summary ?? ''] ?? null, outcome: f.mapping.outcome ? (row[f.mapping.outcome] ?? null) : null,
        source_file: f.file, source_row: i + 1, flags: '[]', significant: 1, shared: 0, annotation: null, annotated_by: null, annotated_at: null, created_at: now,
      }).execute()
    }
  }

  // Conversations, and their notes as the "in this case" text of one finding each.
  const notes = readdirSync(join(files.dir, 'conversations')).filter((n) => n.endsWith('.md')).sort()
  const version = TYPOLOGY_V1.version
  const codes = TYPOLOGY_V1.codes.filter((c) => c.parent !== null).map((c) => c.code)
  for (const [i, name] of notes.entries()) {
    const text = readFileSync(join(files.dir, 'conversations', name), 'utf8')
    const practitioner = name.replace(/\.md$/, '').split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ')
    await t.db.insertInto('conversations').values({
      id: `conversation-${i + 1}`, review_id: reviewId, practitioner, agency: 'Westmere services', member_user_id: null, held_on: addDays(expected.reviewPeriod.to, 30 + i),
      held_by: 'Lead reviewer', notes: text, source_filename: name, created_by: lead.id, created_at: now, updated_at: now,
    }).execute()
    const findingId = `finding-${i + 1}`
    await t.db.insertInto('findings').values({
      id: findingId, review_id: reviewId, kind: i === notes.length - 1 ? 'good-practice' : 'systemic', position: i + 1,
      title: `What the conversation with ${practitioner} showed`, pattern: 'When information sits in separate agency systems, each agency sees part of the picture.',
      in_this_case: text, how_widespread: 'The review team recognised this across the partnership.', why_it_matters: 'Risk is judged on what the adults choose to say.',
      system_level: 'local-partnership', created_by: lead.id, created_at: now, updated_at: now, version: 1,
      // Agreed by the lead reviewer: only agreed findings reach the report.
      status: 'agreed', agreed_by: lead.id, agreed_at: now,
    }).execute()
    await t.db.insertInto('finding_tags').values({ finding_id: findingId, code: codes[i % codes.length] ?? 'MAL', typology_version: version, tagged_by: lead.id, tagged_at: now }).execute()
    await t.db.insertInto('finding_research_questions').values({ finding_id: findingId, question_id: rq1 }).execute()
    await t.db.insertInto('board_questions').values({
      id: `question-${i + 1}`, finding_id: findingId, review_id: reviewId, position: 1,
      text: 'How will the partnership know that agencies share what they hold about a new adult in the home?',
      response: i === 0 ? 'The partnership will audit twelve assessments each quarter and report to the board.' : null,
      responded_by: i === 0 ? boardChair.id : null, responded_at: i === 0 ? now : null,
    }).execute()
  }
  await t.db.insertInto('board_actions').values({
    id: 'action-1', review_id: reviewId, finding_id: 'finding-1', action: 'Add a partner check to every assessment where a new adult joins the household',
    owner_agency: "Children's Social Care", owner_role: 'Head of service', due_date: '2026-06-30', success_measure: 'Audit shows the check in 9 of 10 assessments',
    status: 'in-progress', completion_evidence: null, completed_on: null, created_by: boardChair.id, created_at: now, updated_at: now, version: 1,
  }).execute()
  await t.db.insertInto('documents').values({
    id: 'document-1', review_id: reviewId, title: 'Threshold guidance (2020)', agency: 'Safeguarding partnership', document_date: '2020-04-01',
    description: null, content: null, source_filename: null, created_by: lead.id, created_at: now, updated_at: now,
  }).execute()

  await updateJointWorking(t.ctx, actorOf(lead), reviewId, {
    scope: 'The review covers the period in the title, from the family’s move to the rapid review.',
    boardLinkName: 'Priyanka Shah', boardLinkRole: 'Business manager of the partnership', familyInvitedOn: addDays(expected.reviewPeriod.to, 20),
    familyViews: 'The Mother said she wanted people to know her daughter loved bath time.',
  })
  // An episode appraised from the view in the tunnel, a factor, a practitioner's words, and the why-map.
  const firstNote = readFileSync(join(files.dir, 'conversations', notes[0] ?? ''), 'utf8')
  const quoteText = firstNote.split('\n').find((line) => line.length > 60 && !line.startsWith('#'))?.slice(0, 160) ?? 'We did what we could.'
  await t.db.insertInto('quotes').values({ id: 'quote-1', review_id: reviewId, conversation_id: 'conversation-1', text: quoteText, start_offset: firstNote.indexOf(quoteText), created_by: lead.id, created_at: now }).execute()
  await t.db.insertInto('key_practice_episodes').values({
    id: 'kpe-1', review_id: reviewId, position: 1, title: 'Responding to the first domestic abuse call', date_start: addDays(expected.reviewPeriod.from, 10),
    date_end: addDays(expected.reviewPeriod.from, 12), agencies: JSON.stringify(['Police', "Children's Social Care"]),
    known_at_time: 'The officer knew of one earlier call to the address.', expected_practice: 'A risk assessment with the victim spoken to alone.',
    what_happened: 'Questions were asked with the children present, so the answers were guarded.', judgement: 'problem',
    good_practice: 'The notification reached the front door the same night.', appraised_by: lead.id, appraised_at: now, created_by: lead.id, created_at: now, updated_at: now, version: 1,
  }).execute()
  await t.db.insertInto('kpe_quotes').values({ kpe_id: 'kpe-1', quote_id: 'quote-1' }).execute()
  await t.db.insertInto('contributory_factors').values({
    id: 'factor-1', review_id: reviewId, position: 1, text: 'Risk questions asked with the children beside the victim.', level: 'frontline', factor_type: 'task',
    created_by: lead.id, created_at: now, updated_at: now,
  }).execute()
  await t.db.insertInto('factor_episodes').values({ factor_id: 'factor-1', kpe_id: 'kpe-1' }).execute()
  const map = files.map ?? demoMap()
  await t.db.insertInto('causal_maps').values({ review_id: reviewId, version: 1, document: JSON.stringify(map), updated_by: lead.id, updated_at: now }).execute()

  await t.db.insertInto('stage_records').values({
    review_id: reviewId, stage_key: 'scoping', completed_at: now, completed_by: lead.id, override_reason: 'The decision date is held by the partnership and will be added later.',
  }).execute()
  return { reviewId, lead, team, caseGroup, boardChair, actor: actorOf }
}

/** Every identifier the case's expected.json lists, with how to look for it in a text. */
export function expectedIdentifiers(dir: string): Array<{ kind: string; value: string; pattern: RegExp }> {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { identifiers: Record<string, string[]> }
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const out: Array<{ kind: string; value: string; pattern: RegExp }> = []
  for (const [kind, values] of Object.entries(expected.identifiers)) {
    for (const value of values) {
      // Names match whole words, in any case; identifiers match as written.
      const wordy = kind === 'names' || kind === 'givenNames'
      out.push({ kind, value, pattern: wordy ? new RegExp(`(?<![\\p{L}])${escape(value)}(?![\\p{L}])`, 'iu') : new RegExp(escape(value), 'i') })
    }
  }
  return out
}

/** The project's demo causal map, in the shape the review stores. */
export function demoMap(): MapDocument {
  const a = readDemoAnalysis()
  return {
    nodes: a.causalMap.nodes.map((n) => ({ id: n.id, kind: n.kind, level: n.level, label: n.label, description: null, eventIds: [], kpeIds: [], factorIds: [] })),
    edges: a.causalMap.edges.map((e) => ({
      id: e.id, source: e.source, target: e.target, label: null, evidence: e.evidence.map((_, i) => ({ type: 'event' as const, id: `evidence-${i}` })),
      counterfactual: { answer: e.counterfactual.answer, note: e.counterfactual.note }, strength: e.strength,
    })),
  }
}
