// The board's side: its written response to each question, the actions it agrees (owner agency and role, due
// date, how success will be known) and each action's status over time, with evidence when done.
import { londonDate } from '../clock.js'
import { BadInput, NotFound, StaleEdit, type ErrorDetail } from '../errors.js'
import { findBoardAction, insertBoardAction, insertBoardActionUpdate, listBoardActions, listBoardActionUpdates, updateBoardActionAtVersion } from '../data/board-actions.js'
import { findBoardQuestion, listAgreedFindings, listBoardQuestions, setBoardResponseAtVersion } from '../data/findings.js'
import type { BoardAction, BoardQuestion, Executor, Finding } from '../data/schema.js'
import type { ActionStatus } from '../data/tables/findings.js'
import { recordAudit } from './audit.js'
import { actionState, ACTION_STATUS_OPTIONS, type ActionState } from './board-action-status.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { parseIsoDate } from './form-dates.js'
import { auditRead } from './read-audit.js'
import { namesFor, type ShownNames } from './pseudonym-view.js'
import type { ReviewViewer } from './viewer.js'

const LIMITS = { response: 10_000, action: 2_000, owner: 200, measure: 2_000, note: 5_000 }

/** The finding, if it is agreed: the board's side sees nothing else (see listAgreedFindings). */
async function agreedFinding(db: Executor, reviewId: string, findingId: string): Promise<Finding | undefined> {
  return (await listAgreedFindings(db, reviewId)).find((f) => f.id === findingId)
}

const FINDING_TEXTS = ['title', 'pattern', 'in_this_case', 'how_widespread', 'why_it_matters'] as const

/**
 * Findings and the board's questions in the viewer's name form (the board chair always sees pseudonyms). The board's
 * own responses and actions are its words, shown and edited as written.
 */
function shownFindings(findings: readonly Finding[], questions: readonly BoardQuestion[], names: ShownNames): { findings: Finding[]; questions: BoardQuestion[] } {
  if (names.display === 'real') return { findings: [...findings], questions: [...questions] }
  const shown = names.showMany([...findings.flatMap((f) => FINDING_TEXTS.map((k) => f[k])), ...questions.map((q) => q.text)])
  let at = 0
  const next = () => shown[at++] ?? ''
  const outFindings = findings.map((f) => {
    const copy = { ...f }
    for (const k of FINDING_TEXTS) copy[k] = next()
    return copy
  })
  return { findings: outFindings, questions: questions.map((q) => ({ ...q, text: next() })) }
}

/** The agreed findings an action may be tied to, for the action form (titles in the viewer's name form). */
export async function actionFindingOptions(ctx: ServiceContext, viewer: ReviewViewer): Promise<Array<{ value: string; text: string }>> {
  const [agreed, names] = await Promise.all([listAgreedFindings(ctx.db, viewer.reviewId), namesFor(ctx, viewer)])
  return shownFindings(agreed, [], names).findings.map((f) => ({ value: f.id, text: f.title }))
}

function required(value: string, path: string, message: string, max: number, label: string, details: ErrorDetail[]): string {
  const v = value.trim()
  if (!v) details.push({ path, message })
  else if (v.length > max) details.push({ path, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
  return v
}

const STALE_RESPONSE = 'Someone else saved a response to this question since you opened the page, so yours was not saved. Read theirs below, then change it if you need to.'
const STALE_ACTION = 'Someone else changed this action since you opened it, so your change was not saved. Open it again to see their changes.'

/**
 * Records the board's response. `expectedVersion` is the question's version when the page was opened; a response
 * saved by someone else since is not overwritten (StaleEdit, checked by the UPDATE itself).
 */
export async function recordBoardResponse(ctx: ServiceContext, actor: Actor, reviewId: string, questionId: string, response: string, expectedVersion: number | null = null): Promise<void> {
  const details: ErrorDetail[] = []
  const text = required(response, 'response', 'Enter the board’s response to this question', LIMITS.response, 'The response', details)
  if (details.length) throw new BadInput('There is a problem with the response', details)
  await ctx.db.transaction().execute(async (trx) => {
    const question = await findBoardQuestion(trx, reviewId, questionId)
    // The board answers the questions of agreed findings only: a draft's questions may still change.
    if (!question || !(await agreedFinding(trx, reviewId, question.finding_id))) throw new NotFound('There is no such question for the board in this review')
    if (!(await setBoardResponseAtVersion(trx, questionId, expectedVersion ?? question.version, text, actor.userId, nowIso(ctx)))) throw new StaleEdit(STALE_RESPONSE)
    await recordAudit(trx, ctx.clock, actor, {
      action: question.response === null ? 'board.respond' : 'board.response.update', reviewId, objectType: 'board-question', objectId: questionId,
      details: { findingId: question.finding_id },
    })
  })
}

export interface ActionInput {
  findingId: string
  action: string
  ownerAgency: string
  ownerRole: string
  dueDate: string
  successMeasure: string
}

async function validateAction(db: Executor, reviewId: string, input: ActionInput): Promise<Omit<BoardAction, 'id' | 'review_id' | 'status' | 'completion_evidence' | 'completed_on' | 'created_by' | 'created_at' | 'updated_at' | 'version'>> {
  const details: ErrorDetail[] = []
  const findingId = input.findingId.trim() || null
  if (findingId && !(await agreedFinding(db, reviewId, findingId))) details.push({ path: 'findingId', message: 'Choose an agreed finding of this review' })
  const action = required(input.action, 'action', 'Describe the action the board has agreed', LIMITS.action, 'The action', details)
  const ownerAgency = required(input.ownerAgency, 'ownerAgency', 'Enter the agency that owns the action', LIMITS.owner, 'The owner agency', details)
  const ownerRole = required(input.ownerRole, 'ownerRole', 'Enter the role of the person who owns the action, not their name', LIMITS.owner, 'The owner role', details)
  const dueDate = parseIsoDate(input.dueDate, 'dueDate', 'Due date', details)
  const successMeasure = required(input.successMeasure, 'successMeasure', 'Say how the board will know the action has worked', LIMITS.measure, 'How success will be known', details)
  if (details.length) throw new BadInput('There is a problem with the action', details)
  return { finding_id: findingId, action, owner_agency: ownerAgency, owner_role: ownerRole, due_date: dueDate!, success_measure: successMeasure }
}

export async function agreeAction(ctx: ServiceContext, actor: Actor, reviewId: string, input: ActionInput): Promise<BoardAction> {
  return ctx.db.transaction().execute(async (trx) => {
    const fields = await validateAction(trx, reviewId, input)
    const at = nowIso(ctx)
    const row: BoardAction = {
      id: ctx.newId(), review_id: reviewId, ...fields, status: 'not-started', completion_evidence: null, completed_on: null,
      created_by: actor.userId, created_at: at, updated_at: at, version: 1,
    }
    await insertBoardAction(trx, row)
    await insertBoardActionUpdate(trx, { id: ctx.newId(), action_id: row.id, status: 'not-started', note: 'Action agreed', by_user: actor.userId, at })
    await recordAudit(trx, ctx.clock, actor, { action: 'board.action.create', reviewId, objectType: 'board-action', objectId: row.id, details: { findingId: row.finding_id, dueDate: row.due_date } })
    return row
  })
}

export async function changeAction(ctx: ServiceContext, actor: Actor, reviewId: string, actionId: string, input: ActionInput, expectedVersion: number | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findBoardAction(trx, reviewId, actionId)
    if (!current) throw new NotFound('There is no such action in this review. It may have been removed.')
    const fields = await validateAction(trx, reviewId, input)
    if (!(await updateBoardActionAtVersion(trx, actionId, expectedVersion ?? current.version, { ...fields, updated_at: nowIso(ctx) }))) throw new StaleEdit(STALE_ACTION)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'board.action.update', reviewId, objectType: 'board-action', objectId: actionId,
      details: { findingId: fields.finding_id, dueDate: fields.due_date, dueDateChanged: fields.due_date !== current.due_date },
    })
  })
}

export interface StatusInput {
  status: string
  note: string
  /** Required when the status is done: what shows the action was completed. */
  evidence: string
  /** YYYY-MM-DD; defaults to today when done. */
  completedOn: string
}

/** Records where an action stands. `expectedVersion`, when given, is the version the page showed: a change since is refused. */
export async function updateActionStatus(ctx: ServiceContext, actor: Actor, reviewId: string, actionId: string, input: StatusInput, expectedVersion: number | null = null): Promise<void> {
  const details: ErrorDetail[] = []
  const status = input.status as ActionStatus
  if (!ACTION_STATUS_OPTIONS.some((o) => o.value === status)) details.push({ path: 'status', message: 'Choose where the action stands: not started, in progress or done' })
  const note = input.note.trim()
  if (note.length > LIMITS.note) details.push({ path: 'note', message: `The note must be ${LIMITS.note.toLocaleString('en-GB')} characters or fewer` })
  const today = londonDate(ctx.clock.now())
  let evidence: string | null = null
  let completedOn: string | null = null
  if (status === 'done') {
    evidence = required(input.evidence, 'evidence', 'Describe the evidence that the action is done, for example an audit result or a published protocol', LIMITS.note, 'The evidence', details)
    completedOn = input.completedOn.trim() ? parseIsoDate(input.completedOn, 'completedOn', 'Date completed', details) : today
    if (completedOn && completedOn > today) details.push({ path: 'completedOn', message: 'The date completed cannot be in the future' })
  }
  if (details.length) throw new BadInput('There is a problem with the update', details)
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findBoardAction(trx, reviewId, actionId)
    if (!current) throw new NotFound('There is no such action in this review. It may have been removed.')
    const at = nowIso(ctx)
    if (!(await updateBoardActionAtVersion(trx, actionId, expectedVersion ?? current.version, { status, completion_evidence: evidence, completed_on: completedOn, updated_at: at }))) throw new StaleEdit(STALE_ACTION)
    await insertBoardActionUpdate(trx, { id: ctx.newId(), action_id: actionId, status, note: status === 'done' ? [note, `Evidence: ${evidence}`].filter(Boolean).join('\n') : note, by_user: actor.userId, at })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'board.action.status', reviewId, objectType: 'board-action', objectId: actionId,
      details: { from: current.status, to: status, wasOverdue: current.status !== 'done' && current.due_date < today },
    })
  })
}

// ---- Reading ----

export interface ActionView extends BoardAction {
  state: ActionState
}

export interface BoardFindingView {
  finding: Finding
  questions: BoardQuestion[]
  actions: ActionView[]
}

export interface BoardOverview {
  findings: BoardFindingView[]
  /** Actions not tied to a finding (for example when the finding was later deleted). */
  otherActions: ActionView[]
  counts: { questions: number; answered: number; actions: number; done: number; overdue: number }
}

/** The board's page: agreed findings only, their questions and the actions; audited like every read of case content. */
export async function boardOverview(ctx: ServiceContext, viewer: ReviewViewer): Promise<BoardOverview> {
  const reviewId = viewer.reviewId
  const today = londonDate(ctx.clock.now())
  const [agreed, allQuestions, actions, names] = await Promise.all([listAgreedFindings(ctx.db, reviewId), listBoardQuestions(ctx.db, reviewId), listBoardActions(ctx.db, reviewId), namesFor(ctx, viewer)])
  const { findings, questions } = shownFindings(agreed, allQuestions.filter((q) => agreed.some((f) => f.id === q.finding_id)), names)
  const views: ActionView[] = actions.map((a) => ({ ...a, state: actionState(a, today) }))
  await auditRead(ctx, viewer, { action: 'board.view', objectType: 'board', objectId: reviewId, details: { findings: findings.length, questions: questions.length, actions: actions.length } })
  return {
    findings: findings.map((finding) => ({
      finding,
      questions: questions.filter((q) => q.finding_id === finding.id).sort((a, b) => a.position - b.position),
      actions: views.filter((a) => a.finding_id === finding.id),
    })),
    otherActions: views.filter((a) => a.finding_id === null || !findings.some((f) => f.id === a.finding_id)),
    counts: {
      questions: questions.length,
      answered: questions.filter((q) => q.response !== null).length,
      actions: views.length,
      done: views.filter((a) => a.state === 'done').length,
      overdue: views.filter((a) => a.state === 'overdue').length,
    },
  }
}

export async function actionWithHistory(ctx: ServiceContext, viewer: ReviewViewer, actionId: string) {
  const reviewId = viewer.reviewId
  const action = await findBoardAction(ctx.db, reviewId, actionId)
  if (!action) throw new NotFound('There is no such action in this review. It may have been removed.')
  const today = londonDate(ctx.clock.now())
  const agreed = action.finding_id ? await agreedFinding(ctx.db, reviewId, action.finding_id) : undefined
  const finding = agreed ? shownFindings([agreed], [], await namesFor(ctx, viewer)).findings[0] : undefined
  return { action: { ...action, state: actionState(action, today) }, finding: finding ?? null, history: await listBoardActionUpdates(ctx.db, actionId) }
}
