// Seeds the fictional "Child M" demo review into an empty database on first start (unless SCR_DEMO=0), so a
// newcomer can sign in in every role and explore every page. Everything in it is invented.
// Each feature area adds its part as a DemoSeeder in the list at the bottom.
import { randomBytes } from 'node:crypto'
import { countUsers } from '../data/users.js'
import { listStageRecords, upsertStageRecord } from '../data/reviews.js'
import { updateUser } from '../data/users.js'
import type { User } from '../data/schema.js'
import type { GlobalRole } from '../data/tables/foundation.js'
import type { ReviewRole } from '../../methodology/permissions.js'
import { createUser } from '../services/accounts.js'
import { recordAccreditation } from '../services/accreditation.js'
import type { Actor, ServiceContext } from '../services/context.js'
import type { Viewer } from '../services/viewer.js'
import { DEFAULT_PARTNERSHIP_ID } from '../data/partnerships.js'
import { addMember, addResearchQuestion, createReview, updateJointWorking } from '../services/reviews.js'
import { readDemoAnalysis, type DemoAnalysis } from './case/demo-case.js'
import { getPack } from '../../methodology/packs/index.js'
import { completeStage } from '../services/stages.js'
import { seedEvidence } from './evidence-seeder.js'
import { seedChronology } from './chronology-seeder.js'
import { seedFindings } from './findings-seeder.js'
import { seedAnalysis } from './analysis-seeder.js'
import { seedNationalReturns } from './national-returns.js'
import { seedConduct } from './conduct-seeder.js'
import { seedRapidReview } from './rapid-review-seeder.js'
import { seedChildFacts } from './child-facts-seeder.js'

export interface DemoLogin {
  role: string
  email: string
  password: string
}

export interface DemoUser {
  key: DemoUserKey
  user: User
  actor: Actor
}

export type DemoUserKey = 'lead' | 'teamHealth' | 'teamPolice' | 'teamCsc' | 'caseGroupHv' | 'caseGroupCsc' | 'boardChair' | 'national'

/** What every area seeder gets: the review, the demo users by key, the case's analysis content. */
export interface DemoContext {
  ctx: ServiceContext
  reviewId: string
  users: Record<DemoUserKey, DemoUser>
  analysis: DemoAnalysis
  /** Research question ids in the database, by the case's ids ("RQ1" → id). */
  researchQuestionIds: Record<string, string>
}

export type DemoSeeder = (demo: DemoContext) => Promise<void>

interface DemoPerson {
  key: DemoUserKey
  name: string
  email: string
  role: GlobalRole
  label: string
  reviewRole: ReviewRole | null
  agency: string | null
}

// Fictional practitioners and managers (not the people in the case file): demo sign-ins only.
const PEOPLE: DemoPerson[] = [
  { key: 'lead', name: 'Ruth Okonjo', email: 'lead.reviewer@demo.casework-lens.local', role: 'reviewer', label: 'Lead reviewer', reviewRole: 'lead-reviewer', agency: null },
  { key: 'teamHealth', name: 'Graham Pell', email: 'review.team.health@demo.casework-lens.local', role: 'reviewer', label: 'Review team (health)', reviewRole: 'review-team', agency: 'Health Visiting' },
  { key: 'teamPolice', name: 'Anita Szabo', email: 'review.team.police@demo.casework-lens.local', role: 'reviewer', label: 'Review team (police)', reviewRole: 'review-team', agency: 'Police' },
  { key: 'teamCsc', name: 'Oliver Quaye', email: 'review.team.csc@demo.casework-lens.local', role: 'reviewer', label: 'Review team (social care)', reviewRole: 'review-team', agency: "Children's Social Care" },
  { key: 'caseGroupHv', name: 'Dev Mistry', email: 'case.group.hv@demo.casework-lens.local', role: 'reviewer', label: 'Case group (health visiting)', reviewRole: 'case-group', agency: 'Health Visiting' },
  { key: 'caseGroupCsc', name: 'Fern Adeyemi', email: 'case.group.csc@demo.casework-lens.local', role: 'reviewer', label: 'Case group (social care)', reviewRole: 'case-group', agency: "Children's Social Care" },
  { key: 'boardChair', name: 'Martin Hale', email: 'board.chair@demo.casework-lens.local', role: 'board', label: 'Board chair', reviewRole: 'board-chair', agency: null },
  { key: 'national', name: 'Sophie Brandt', email: 'national.analyst@demo.casework-lens.local', role: 'national', label: 'National analyst', reviewRole: null, agency: null },
]

const seedingActor: Actor = { userId: null, role: null, name: 'demo seeding', via: 'system', requestId: null }
/** Seeding acts as the demo partnership's administrator where a service asks for one (the accreditation register). */
const seedingAdmin: Viewer = { actor: seedingActor, userId: 'system', globalRole: 'admin', partnershipId: DEFAULT_PARTNERSHIP_ID, instanceAdmin: true }

export async function seedDemoIfEmpty(ctx: ServiceContext): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  // Only into a fresh database: the first admin exists by now, nobody else.
  if ((await countUsers(ctx.db)) > 1) return { seeded: false, logins: [] }
  const existingReview = await ctx.db.selectFrom('reviews').select('id').limit(1).executeTakeFirst()
  if (existingReview) return { seeded: false, logins: [] }
  return seedDemo(ctx)
}

export async function seedDemo(ctx: ServiceContext): Promise<{ seeded: boolean; logins: DemoLogin[]; reviewId: string }> {
  const analysis = readDemoAnalysis()
  const logins: DemoLogin[] = []
  const users = {} as Record<DemoUserKey, DemoUser>
  for (const person of PEOPLE) {
    const password = randomBytes(12).toString('base64url')
    const user = await createUser(ctx, seedingActor, { email: person.email, name: person.name, role: person.role, password })
    await updateUser(ctx.db, user.id, { must_change_password: 0 })
    users[person.key] = { key: person.key, user, actor: { userId: user.id, role: user.role, name: user.name, via: 'system', requestId: null } }
    logins.push({ role: person.label, email: person.email, password })
  }
  const lead = users.lead
  await recordAccreditation(ctx, seedingAdmin, lead.user.id, { body: 'National Panel accredited reviewers (fictional)', reference: 'DEMO-0042', validFrom: '2025-04-01', validUntil: '2028-03-31' })

  const r = analysis.review
  const review = await createReview(ctx, lead.actor, {
    title: r.title, boardName: r.partnership, subjectPseudonym: r.child, methodology: 'learning-together',
    periodFrom: r.reviewPeriod.from, periodTo: r.reviewPeriod.to, incidentDate: r.incidentDate, notificationDate: r.notificationDate,
    decisionDate: r.decisionDate, region: r.region, childAgeBand: '1-4', harmCategory: 'serious-harm',
    // Published on the day the report stage was finished, the final report sent to the Panel and the Department
    // the 7 working days before that Working Together 2023 asks for (fictional dates).
    publicationPlannedOn: STAGE_COMPLETED_ON['report-and-publication']!.slice(0, 10), finalReportSentOn: '2022-03-25',
  })
  for (const person of PEOPLE) {
    if (!person.reviewRole || person.key === 'lead') continue
    await addMember(ctx, lead.actor, review.id, { email: person.email, role: person.reviewRole, agency: person.agency ?? '' })
  }
  const researchQuestionIds: Record<string, string> = {}
  for (const q of r.researchQuestions) researchQuestionIds[q.id] = await addResearchQuestion(ctx, lead.actor, review.id, q.text)
  const family = analysis.familyInvolvement
  await updateJointWorking(ctx, lead.actor, review.id, {
    scope: r.scope,
    boardLinkName: 'Priyanka Shah (fictional)',
    boardLinkRole: 'Business manager, Westmere Safeguarding Children Partnership',
    familyInvitedOn: family.invited ? (family.views[0]?.date ?? r.decisionDate) : '',
    familyViews: [family.howInvolved, ...family.views.map((v) => `${v.who}: "${v.text}"`)].join('\n\n'),
  })

  const demo: DemoContext = { ctx, reviewId: review.id, users, analysis, researchQuestionIds }
  for (const seed of DEMO_SEEDERS) await seed(demo)
  await completeDemoStages(demo)
  return { seeded: true, logins, reviewId: review.id }
}

/**
 * When each stage of the demo review was finished (fictional), a review that kept to the six months Working
 * Together 2023 expects from the decision to review (7 October 2021): the report was published in April 2022.
 */
const STAGE_COMPLETED_ON: Record<string, string> = {
  'scoping': '2021-10-29T15:30:00.000Z',
  'team-and-case-group': '2021-11-12T12:00:00.000Z',
  'gathering-data': '2021-12-17T16:00:00.000Z',
  'conversations': '2022-01-28T15:00:00.000Z',
  'key-practice-episodes': '2022-02-11T14:00:00.000Z',
  'appraisal': '2022-02-25T16:30:00.000Z',
  'systemic-findings': '2022-03-11T13:00:00.000Z',
  'board-response': '2022-03-25T11:00:00.000Z',
  'report-and-publication': '2022-04-06T10:00:00.000Z',
}

/**
 * Stages the demo moves on from with a recorded reason, as a lead reviewer would, and why. Every other stage's
 * readiness checks pass on what the seeders recorded; one that does not stops the seeding, so a new check the demo
 * does not meet is noticed rather than quietly overridden.
 */
const DEMO_MOVED_ON: Readonly<Record<string, string>> = {
  'report-and-publication':
    'The report was produced, scanned and published, and the national return made, before the partnership moved to Casework Lens; the files are held by the business manager.',
}

/**
 * The demo review is finished: every stage is complete, on the dates above, and the board's actions are done.
 * Stages are completed in order through the real service, so the readiness checks apply as they would to
 * anyone. The audit trail keeps the real time of seeding; the stage record carries the date the fictional review finished it.
 */
async function completeDemoStages(demo: DemoContext): Promise<void> {
  const pack = getPack('learning-together')!
  const lead = demo.users.lead
  for (const stage of pack.stages) {
    await completeStage(demo.ctx, lead.actor, demo.reviewId, stage.key, 'lead-reviewer', DEMO_MOVED_ON[stage.key] ?? '')
    const on = STAGE_COMPLETED_ON[stage.key]
    if (on) {
      const record = (await listStageRecords(demo.ctx.db, demo.reviewId)).find((r) => r.stage_key === stage.key)
      if (record) await upsertStageRecord(demo.ctx.db, { ...record, completed_at: on })
    }
  }
}

/** Feature areas' seeders, in dependency order (evidence before analysis before findings before reports). */
const DEMO_SEEDERS: DemoSeeder[] = [
  seedChronology, // agency chronologies imported and committed, significant events, linked episodes (first: others find events by file and row)
  seedEvidence, // person register, conversations and quotes, documents (after the chronology, to link quotes to events)
  seedAnalysis, // key practice episodes, appraisals, contributory factors and the why-map (after the chronology and evidence)
  seedFindings, // findings, board responses and actions, tagging agreement (after the analysis, to link episodes and map nodes)
  seedConduct, // the independence declaration, case-group follow-on meeting, feedback on the draft findings, parallel process
  seedRapidReview, // the rapid review that decided on this local review, linked to it
  seedChildFacts, // the child, the harm and the household in the national categories (after the register, for the age band)
  seedNationalReturns, // synthetic anonymised returns from fictional partnerships, for the national analyst's dashboard
]
