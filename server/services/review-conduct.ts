// How the review was conducted: the lead reviewer's declaration of independence from the agencies under review,
// the case group's follow-on meetings and practitioners' feedback on the draft findings, and the register of
// parallel processes. Each change is audited with ids and kinds only (never the words written).
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import {
  insertCaseGroupStep, insertIndependenceDeclaration, insertParallelProcess, listCaseGroupSteps, listIndependenceDeclarations,
  listParallelProcesses, updateParallelProcess,
} from '../data/review-conduct.js'
import type { CaseGroupStepKind, ParallelProcessKind, ParallelProcessStatus } from '../data/tables/review-conduct.js'
import { londonDate } from '../clock.js'
import { recordAudit } from './audit.js'
import { requireCapability } from './capability.js'
import { nowIso, type ServiceContext } from './context.js'
import { parseIsoDate } from './form-dates.js'
import { auditRead } from './read-audit.js'
import type { ReviewViewer } from './viewer.js'

export type { CaseGroupStepKind, ParallelProcessKind, ParallelProcessStatus }

export const CONDUCT_LIMITS = { interests: 2_000, changes: 5_000, effect: 2_000, participants: 40, participantPart: 100 } as const

export const STEP_KINDS: Readonly<Record<CaseGroupStepKind, { label: string; hint: string }>> = {
  'follow-on-meeting': { label: 'Case group follow-on meeting', hint: 'The case group met again to test the emerging analysis: the episodes, the factors and the map.' },
  'draft-findings-feedback': { label: "Practitioners' feedback on the draft findings", hint: 'Practitioners read the draft findings and said whether they ring true.' },
}

export const PROCESS_KINDS: Readonly<Record<ParallelProcessKind, string>> = {
  criminal: 'Criminal proceedings',
  inquest: 'Inquest',
  disciplinary: 'Disciplinary or professional conduct process',
  'domestic-homicide-review': 'Domestic homicide review',
  other: 'Another process',
}

export const PROCESS_STATUSES: Readonly<Record<ParallelProcessStatus, string>> = {
  expected: 'Expected, not started',
  ongoing: 'Under way',
  concluded: 'Concluded',
}

export interface Participant {
  role: string
  agency: string
}

export function parseParticipants(json: string): Participant[] {
  try {
    const value: unknown = JSON.parse(json)
    if (!Array.isArray(value)) return []
    return value.filter((p): p is Participant => typeof p === 'object' && p !== null && typeof p.role === 'string' && typeof p.agency === 'string')
  } catch {
    return []
  }
}

/** "Role, agency" one a line, as typed in the form; blank lines are skipped. */
export function readParticipantLines(text: string, details: ErrorDetail[]): Participant[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')
  if (lines.length === 0) details.push({ path: 'participants', message: 'Enter who took part, by role and agency, one a line (for example: Health visitor, Health Visiting)' })
  if (lines.length > CONDUCT_LIMITS.participants) details.push({ path: 'participants', message: `List at most ${CONDUCT_LIMITS.participants} people who took part` })
  const out: Participant[] = []
  lines.forEach((line, i) => {
    const at = line.lastIndexOf(',')
    const role = at < 0 ? '' : line.slice(0, at).trim()
    const agency = at < 0 ? '' : line.slice(at + 1).trim()
    if (!role || !agency) {
      details.push({ path: 'participants', message: `Line ${i + 1} of who took part ("${line.slice(0, 60)}"): give the role and the agency, separated by a comma` })
    } else if (role.length > CONDUCT_LIMITS.participantPart || agency.length > CONDUCT_LIMITS.participantPart) {
      details.push({ path: 'participants', message: `Line ${i + 1} of who took part: the role and the agency must each be ${CONDUCT_LIMITS.participantPart} characters or fewer` })
    } else out.push({ role, agency })
  })
  return out
}

function notAfterToday(ctx: ServiceContext, date: string | null, path: string, label: string, details: ErrorDetail[]): void {
  if (date && date > londonDate(ctx.clock.now())) details.push({ path, message: `${label} must be today or in the past` })
}

function tooLong(text: string, max: number, path: string, label: string, details: ErrorDetail[]): void {
  if (text.length > max) details.push({ path, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
}

// Reading ------------------------------------------------------------------------------------------------------

export async function reviewConductOf(ctx: ServiceContext, viewer: ReviewViewer) {
  requireCapability(viewer, 'conduct.view')
  const [declarations, steps, processes] = await Promise.all([
    listIndependenceDeclarations(ctx.db, viewer.reviewId), listCaseGroupSteps(ctx.db, viewer.reviewId), listParallelProcesses(ctx.db, viewer.reviewId),
  ])
  await auditRead(ctx, viewer, {
    action: 'review.conduct.read', objectType: 'review', objectId: viewer.reviewId,
    details: { declarations: declarations.length, steps: steps.length, processes: processes.length },
  })
  return { declarations, steps: steps.map((s) => ({ ...s, people: parseParticipants(s.participants) })), processes }
}

// The lead reviewer's declaration --------------------------------------------------------------------------------

export interface DeclarationInput {
  independent: string
  interests: string
  declaredOn: string
}

export async function declareIndependence(ctx: ServiceContext, viewer: ReviewViewer, input: DeclarationInput): Promise<string> {
  requireCapability(viewer, 'independence.declare')
  const details: ErrorDetail[] = []
  const independent = input.independent === 'yes' ? 1 : input.independent === 'no' ? 0 : null
  if (independent === null) details.push({ path: 'independent', message: 'Say whether you are independent of every agency under review' })
  const interests = input.interests.trim()
  tooLong(interests, CONDUCT_LIMITS.interests, 'interests', 'Interests declared', details)
  if (independent === 0 && !interests) details.push({ path: 'interests', message: 'Say what connects you to the agencies under review, so the board can judge it' })
  const declaredOn = parseIsoDate(input.declaredOn, 'declaredOn', 'Date of the declaration', details)
  notAfterToday(ctx, declaredOn, 'declaredOn', 'The date of the declaration', details)
  if (details.length || independent === null || !declaredOn) throw new BadInput('There is a problem with the declaration', details)
  const id = ctx.newId()
  await ctx.db.transaction().execute(async (trx) => {
    await insertIndependenceDeclaration(trx, {
      id, review_id: viewer.reviewId, user_id: viewer.userId, independent, interests: interests || null, declared_on: declaredOn, recorded_at: nowIso(ctx),
    })
    await recordAudit(trx, ctx.clock, viewer.actor, {
      action: 'review.independence.declare', reviewId: viewer.reviewId, objectType: 'independence-declaration', objectId: id,
      details: { independent: independent === 1, interestsDeclared: interests !== '' },
    })
  })
  return id
}

// Case-group steps ---------------------------------------------------------------------------------------------

export interface StepInput {
  kind: string
  heldOn: string
  /** "Role, agency" one a line (the form), or the list itself (the API). */
  participants: string | readonly unknown[]
  changes: string
}

/** Who took part as the API sends it: `[{"role", "agency"}]`, each problem named by its place in the list. */
function readParticipantList(list: readonly unknown[], details: ErrorDetail[]): Participant[] {
  if (list.length === 0) details.push({ path: 'participants', message: 'List who took part, by role and agency' })
  if (list.length > CONDUCT_LIMITS.participants) details.push({ path: 'participants', message: `List at most ${CONDUCT_LIMITS.participants} people who took part` })
  const out: Participant[] = []
  list.forEach((p, i) => {
    const entry = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>
    const role = typeof entry.role === 'string' ? entry.role.trim() : ''
    const agency = typeof entry.agency === 'string' ? entry.agency.trim() : ''
    if (!role) details.push({ path: `participants[${i}].role`, message: 'Give the role of the person who took part' })
    if (!agency) details.push({ path: `participants[${i}].agency`, message: 'Give the agency of the person who took part' })
    if (role.length > CONDUCT_LIMITS.participantPart || agency.length > CONDUCT_LIMITS.participantPart) {
      details.push({ path: `participants[${i}]`, message: `The role and the agency must each be ${CONDUCT_LIMITS.participantPart} characters or fewer` })
    } else if (role && agency) out.push({ role, agency })
  })
  return out
}

export async function recordCaseGroupStep(ctx: ServiceContext, viewer: ReviewViewer, input: StepInput): Promise<string> {
  requireCapability(viewer, 'conduct.manage')
  const { actor, reviewId } = viewer
  const details: ErrorDetail[] = []
  const kind = input.kind in STEP_KINDS ? (input.kind as CaseGroupStepKind) : null
  if (!kind) details.push({ path: 'stepKind', message: 'Choose a follow-on meeting or feedback on the draft findings' })
  const heldOn = parseIsoDate(input.heldOn, 'heldOn', 'Date it took place', details)
  notAfterToday(ctx, heldOn, 'heldOn', 'The date it took place', details)
  const people = typeof input.participants === 'string' ? readParticipantLines(input.participants, details) : readParticipantList(input.participants, details)
  const changes = input.changes.trim()
  if (!changes) details.push({ path: 'changes', message: 'Say what changed as a result (or that nothing did, and why)' })
  tooLong(changes, CONDUCT_LIMITS.changes, 'changes', 'What changed', details)
  if (details.length || !kind || !heldOn) throw new BadInput('There is a problem with the step', details)
  const id = ctx.newId()
  await ctx.db.transaction().execute(async (trx) => {
    await insertCaseGroupStep(trx, {
      id, review_id: reviewId, kind, held_on: heldOn, participants: JSON.stringify(people), changes, created_by: actor.userId, created_at: nowIso(ctx),
    })
    await recordAudit(trx, ctx.clock, actor, { action: 'review.case-group-step.record', reviewId, objectType: 'case-group-step', objectId: id, details: { kind, participants: people.length } })
  })
  return id
}

// Parallel processes ---------------------------------------------------------------------------------------------

export interface ProcessInput {
  kind: string
  status: string
  startedOn: string
  concludedOn: string
  effect: string
}

function readProcess(ctx: ServiceContext, input: ProcessInput) {
  const details: ErrorDetail[] = []
  const kind = input.kind in PROCESS_KINDS ? (input.kind as ParallelProcessKind) : null
  if (!kind) details.push({ path: 'processKind', message: 'Choose the kind of process' })
  const status = input.status in PROCESS_STATUSES ? (input.status as ParallelProcessStatus) : null
  if (!status) details.push({ path: 'status', message: 'Choose where the process has got to' })
  const startedOn = input.startedOn.trim() ? parseIsoDate(input.startedOn, 'startedOn', 'Date it started', details) : null
  const concludedOn = input.concludedOn.trim() ? parseIsoDate(input.concludedOn, 'concludedOn', 'Date it concluded', details) : null
  notAfterToday(ctx, startedOn, 'startedOn', 'The date it started', details)
  notAfterToday(ctx, concludedOn, 'concludedOn', 'The date it concluded', details)
  if (status === 'concluded' && !concludedOn && !input.concludedOn.trim()) details.push({ path: 'concludedOn', message: 'Enter the date it concluded' })
  if (status !== null && status !== 'concluded' && concludedOn) details.push({ path: 'concludedOn', message: 'Leave the date it concluded empty until it has, or choose concluded' })
  if (startedOn && concludedOn && concludedOn < startedOn) details.push({ path: 'concludedOn', message: 'The date it concluded must be on or after the date it started' })
  const effect = input.effect.trim()
  if (!effect) details.push({ path: 'effect', message: 'Say how it affects the review: timing, who can be spoken to, what may be published' })
  tooLong(effect, CONDUCT_LIMITS.effect, 'effect', 'Effect on the review', details)
  if (details.length || !kind || !status) throw new BadInput('There is a problem with the parallel process', details)
  return { kind, status, started_on: startedOn, concluded_on: concludedOn, effect }
}

export async function addParallelProcess(ctx: ServiceContext, viewer: ReviewViewer, input: ProcessInput): Promise<string> {
  requireCapability(viewer, 'conduct.manage')
  const { actor, reviewId } = viewer
  const row = readProcess(ctx, input)
  const id = ctx.newId()
  await ctx.db.transaction().execute(async (trx) => {
    const at = nowIso(ctx)
    await insertParallelProcess(trx, { id, review_id: reviewId, ...row, created_by: actor.userId, created_at: at, updated_at: at })
    await recordAudit(trx, ctx.clock, actor, { action: 'review.parallel-process.add', reviewId, objectType: 'parallel-process', objectId: id, details: { kind: row.kind, status: row.status } })
  })
  return id
}

export async function changeParallelProcess(ctx: ServiceContext, viewer: ReviewViewer, processId: string, input: ProcessInput): Promise<void> {
  requireCapability(viewer, 'conduct.manage')
  const { actor, reviewId } = viewer
  const row = readProcess(ctx, input)
  await ctx.db.transaction().execute(async (trx) => {
    const changed = await updateParallelProcess(trx, reviewId, processId, { ...row, updated_at: nowIso(ctx) })
    if (changed === 0) throw new NotFound('There is no such parallel process in this review. It may have been removed.')
    await recordAudit(trx, ctx.clock, actor, { action: 'review.parallel-process.change', reviewId, objectType: 'parallel-process', objectId: processId, details: { kind: row.kind, status: row.status } })
  })
}
