// Reviews and their membership: creating a review, editing its details, research questions and members.
import { forgetKeptExportsOf } from '../data/reports.js'
import { BadInput, NotFound, RuleBroken, type ErrorDetail } from '../errors.js'
import { getPack, listPacks } from '../../methodology/packs/index.js'
import { isReviewRole, REVIEW_ROLE_LABELS, type ReviewRole } from '../../methodology/permissions.js'
import { isAgeBand, isHarmCategory, isRegion } from '../../methodology/review-facts.js'
import {
  deleteResearchQuestion, findReview, insertResearchQuestion, insertReview, listResearchQuestions, updateResearchQuestion, updateReview,
} from '../data/reviews.js'
import { countLeadReviewers, deleteMember, findMembership, insertMember, listMembers, updateMember } from '../data/review-members.js'
import { findUserByEmailIn, findUserById } from '../data/users.js'
import type { Executor, ResearchQuestion, Review } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { bumpContentVersion } from '../data/review-standing.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import type { ReviewViewer, Viewer } from './viewer.js'
import { listPartnershipReviews, listReviewsOfMember, type ReviewListItem } from '../data/reviews.js'
import { parseIsoDate } from './form-dates.js'

export interface ReviewDetailsInput {
  title: string
  boardName: string
  subjectPseudonym: string
  methodology: string
  periodFrom: string
  periodTo: string
  incidentDate: string
  notificationDate: string
  decisionDate: string
  region: string
  childAgeBand: string
  harmCategory: string
  /** When the report is to be published (optional; the Learning Together pack's final report clock counts back from it). */
  publicationPlannedOn?: string
  /** When the final report went to the Panel and the Department for Education. */
  finalReportSentOn?: string
}

const LIMITS = { title: 200, boardName: 200, subjectPseudonym: 60 }

function text(value: string | undefined, path: string, label: string, max: number, details: ErrorDetail[], required: boolean): string | null {
  const v = (value ?? '').trim()
  if (!v) {
    if (required) details.push({ path, message: `Enter ${label}` })
    return null
  }
  if (v.length > max) details.push({ path, message: `${label.charAt(0).toUpperCase()}${label.slice(1)} must be ${max} characters or fewer` })
  return v
}

function optionalDate(value: string, path: string, label: string, details: ErrorDetail[]): string | null {
  return value.trim() ? parseIsoDate(value, path, label, details) : null
}

/** Validates a review's details; every problem is reported at once, named by field. */
export function validateReviewDetails(input: ReviewDetailsInput, opts: { requireBoard: boolean }) {
  const details: ErrorDetail[] = []
  const title = text(input.title, 'title', 'a title', LIMITS.title, details, true)
  const boardName = text(input.boardName, 'boardName', 'the safeguarding partnership’s name', LIMITS.boardName, details, opts.requireBoard)
  const subjectPseudonym = text(input.subjectPseudonym, 'subjectPseudonym', 'the child’s pseudonym', LIMITS.subjectPseudonym, details, true)
  if (!getPack(input.methodology)) {
    details.push({ path: 'methodology', message: `Choose a methodology: ${listPacks().map((p) => p.key).join(' or ')}` })
  }
  const periodFrom = parseIsoDate(input.periodFrom, 'periodFrom', 'Start of the review period', details)
  const periodTo = parseIsoDate(input.periodTo, 'periodTo', 'End of the review period', details)
  if (periodFrom && periodTo && periodTo < periodFrom) details.push({ path: 'periodTo', message: 'The end of the review period must be on or after its start' })
  const incidentDate = optionalDate(input.incidentDate, 'incidentDate', 'Date of the incident', details)
  const notificationDate = optionalDate(input.notificationDate, 'notificationDate', 'Date of notification', details)
  const decisionDate = optionalDate(input.decisionDate, 'decisionDate', 'Date of the decision to review', details)
  if (incidentDate && notificationDate && notificationDate < incidentDate) details.push({ path: 'notificationDate', message: 'The notification cannot be before the incident' })
  if (notificationDate && decisionDate && decisionDate < notificationDate) details.push({ path: 'decisionDate', message: 'The decision to review cannot be before the notification' })
  const publicationPlannedOn = optionalDate(input.publicationPlannedOn ?? '', 'publicationPlannedOn', 'Planned date of publication', details)
  const finalReportSentOn = optionalDate(input.finalReportSentOn ?? '', 'finalReportSentOn', 'Date the final report was sent', details)
  if (decisionDate && publicationPlannedOn && publicationPlannedOn < decisionDate) details.push({ path: 'publicationPlannedOn', message: 'Publication cannot be planned before the decision to review' })
  if (finalReportSentOn && publicationPlannedOn && finalReportSentOn > publicationPlannedOn) details.push({ path: 'finalReportSentOn', message: 'The final report goes to the Panel and the Department before publication, so this date cannot be after the planned publication' })
  const region = input.region.trim() || null
  if (region && !isRegion(region)) details.push({ path: 'region', message: 'Choose an English region from the list' })
  const childAgeBand = input.childAgeBand.trim() || null
  if (childAgeBand && !isAgeBand(childAgeBand)) details.push({ path: 'childAgeBand', message: 'Choose an age band from the list' })
  const harmCategory = input.harmCategory.trim() || null
  if (harmCategory && !isHarmCategory(harmCategory)) details.push({ path: 'harmCategory', message: 'Choose what happened to the child from the list' })
  if (details.length) throw new BadInput('There is a problem with the review’s details', details)
  return {
    title: title!, board_name: boardName, subject_pseudonym: subjectPseudonym!, methodology: input.methodology,
    period_from: periodFrom!, period_to: periodTo!, incident_date: incidentDate, notification_date: notificationDate,
    decision_date: decisionDate, publication_planned_on: publicationPlannedOn, final_report_sent_on: finalReportSentOn, region, child_age_band: childAgeBand, harm_category: harmCategory,
  }
}

export async function createReview(ctx: ServiceContext, actor: Actor, input: ReviewDetailsInput, opts: { requireBoard?: boolean } = {}): Promise<Review> {
  if (!actor.userId || (actor.role !== 'admin' && actor.role !== 'reviewer')) throw new RuleBroken('Only reviewers and administrators can set up a review')
  const fields = validateReviewDetails(input, { requireBoard: opts.requireBoard ?? true })
  // The review belongs to the partnership of whoever sets it up: read from their account, not from the request.
  const partnershipId = (await findUserById(ctx.db, actor.userId))?.partnership_id
  if (!partnershipId) throw new RuleBroken('Only a member of a safeguarding partnership can set up a review')
  const at = nowIso(ctx)
  const review: Review = {
    id: ctx.newId(), partnership_id: partnershipId, ...fields, scope: null, board_link_name: null, board_link_role: null, family_invited_on: null, family_views: null,
    immediate_learning: null, rapid_decision: null, rapid_decision_rationale: null, sent_to_panel_on: null,
    created_by: actor.userId, created_at: at, updated_at: at, version: 1, content_version: 0,
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertReview(trx, review)
    await insertMember(trx, { review_id: review.id, user_id: actor.userId!, role: 'lead-reviewer', agency: null, added_by: actor.userId!, added_at: at })
    await recordAudit(trx, ctx.clock, actor, { action: 'review.create', reviewId: review.id, objectType: 'review', objectId: review.id, details: { methodology: review.methodology } })
  })
  return review
}

/**
 * The reviews of the viewer's partnership this viewer is a member of (my_role set) and, for an administrator, every
 * other review of that partnership too (my_role null: metadata only), most recently changed first.
 */
export async function reviewsFor(ctx: ServiceContext, viewer: Viewer): Promise<ReviewListItem[]> {
  if (viewer.partnershipId === null) return []
  return viewer.globalRole === 'admin'
    ? listPartnershipReviews(ctx.db, viewer.userId, viewer.partnershipId)
    : listReviewsOfMember(ctx.db, viewer.userId, viewer.partnershipId)
}

/** The review the viewer is in (its metadata: title, dates, stage), for any page of it. */
export async function reviewOf(ctx: ServiceContext, viewer: ReviewViewer): Promise<Review> {
  return requireReview(ctx.db, viewer.reviewId)
}

export async function requireReview(db: Executor, reviewId: string): Promise<Review> {
  const review = await findReview(db, reviewId)
  if (!review) throw new NotFound()
  return review
}

export async function updateReviewDetails(ctx: ServiceContext, actor: Actor, reviewId: string, input: ReviewDetailsInput): Promise<void> {
  const current = await requireReview(ctx.db, reviewId)
  const fields = validateReviewDetails(input, { requireBoard: true })
  if (fields.methodology !== current.methodology) {
    throw new BadInput('There is a problem with the review’s details', [{ path: 'methodology', message: 'The methodology cannot be changed once a review has started. Set up a new review instead.' }])
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateReview(trx, reviewId, { ...fields, updated_at: nowIso(ctx), version: current.version + 1 })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.update', reviewId, objectType: 'review', objectId: reviewId })
  })
}

export interface JointWorkingInput {
  scope: string
  boardLinkName: string
  boardLinkRole: string
  familyInvitedOn: string
  familyViews: string
}

/** Scope, the board's link person (Munro: reviewers work jointly with the board) and family involvement. */
export async function updateJointWorking(ctx: ServiceContext, actor: Actor, reviewId: string, input: JointWorkingInput): Promise<void> {
  const current = await requireReview(ctx.db, reviewId)
  const details: ErrorDetail[] = []
  const scope = text(input.scope, 'scope', 'the scope', 5000, details, false)
  const boardLinkName = text(input.boardLinkName, 'boardLinkName', 'the link person’s name', 200, details, false)
  const boardLinkRole = text(input.boardLinkRole, 'boardLinkRole', 'the link person’s role', 200, details, false)
  const familyInvitedOn = optionalDate(input.familyInvitedOn, 'familyInvitedOn', 'Date the family was invited', details)
  const familyViews = text(input.familyViews, 'familyViews', 'the family’s views', 20000, details, false)
  if (familyViews && !familyInvitedOn) details.push({ path: 'familyInvitedOn', message: 'Record when the family was invited to contribute' })
  if (details.length) throw new BadInput('There is a problem', details)
  await ctx.db.transaction().execute(async (trx) => {
    await updateReview(trx, reviewId, {
      scope, board_link_name: boardLinkName, board_link_role: boardLinkRole, family_invited_on: familyInvitedOn, family_views: familyViews,
      updated_at: nowIso(ctx), version: current.version + 1,
    })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.scope.update', reviewId, objectType: 'review', objectId: reviewId })
  })
}

// Research questions ---------------------------------------------------------------------------------

function questionText(value: string): string {
  const v = value.trim()
  const details: ErrorDetail[] = []
  if (!v) details.push({ path: 'question', message: 'Enter the research question' })
  else if (v.length > 1000) details.push({ path: 'question', message: 'A research question must be 1,000 characters or fewer' })
  if (details.length) throw new BadInput('There is a problem with the research question', details)
  return v
}

export async function addResearchQuestion(ctx: ServiceContext, actor: Actor, reviewId: string, value: string): Promise<string> {
  const textValue = questionText(value)
  const id = ctx.newId()
  await ctx.db.transaction().execute(async (trx) => {
    const existing = await listResearchQuestions(trx, reviewId)
    if (existing.length >= 20) throw new BadInput('Too many research questions', [{ path: 'question', message: 'A review can have up to 20 research questions; a few focused ones work best' }])
    await insertResearchQuestion(trx, { id, review_id: reviewId, position: existing.length + 1, text: textValue, created_at: nowIso(ctx) })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.question.add', reviewId, objectType: 'research-question', objectId: id })
  })
  return id
}

export async function editResearchQuestion(ctx: ServiceContext, actor: Actor, reviewId: string, questionId: string, value: string): Promise<void> {
  const textValue = questionText(value)
  await ctx.db.transaction().execute(async (trx) => {
    if ((await updateResearchQuestion(trx, reviewId, questionId, textValue)) === 0) throw new NotFound('There is no such research question')
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.question.edit', reviewId, objectType: 'research-question', objectId: questionId })
  })
}

export async function removeResearchQuestion(ctx: ServiceContext, actor: Actor, reviewId: string, questionId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if ((await deleteResearchQuestion(trx, reviewId, questionId)) === 0) throw new NotFound('There is no such research question')
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.question.remove', reviewId, objectType: 'research-question', objectId: questionId })
  })
}

// Members ----------------------------------------------------------------------------------------------

export interface MemberInput {
  email: string
  role: string
  agency: string
  /** Break-glass: why an administrator who is not the review's lead reviewer is adding someone (themselves included). */
  reason?: string
}

const BREAK_GLASS_REASON_MIN = 20
const BREAK_GLASS_REASON_MAX = 1000

/**
 * Joining a review needs its lead reviewer. An administrator who is not the lead reviewer may add someone (themselves
 * included) only with a written reason: the addition is audited as a break-glass with the reason, and the review's
 * lead reviewers see it on their dashboard.
 */
async function breakGlassReason(trx: Executor, actor: Actor, reviewId: string, reason: string | undefined): Promise<string | null> {
  const own = actor.userId ? await findMembership(trx, reviewId, actor.userId) : undefined
  if (own?.role === 'lead-reviewer') return null
  const why = (reason ?? '').trim()
  if (why.length < BREAK_GLASS_REASON_MIN) {
    throw new BadInput('Only the lead reviewer adds people to a review', [{
      path: 'reason',
      message: `You are not this review’s lead reviewer. Ask the lead reviewer to add them, or, if it cannot wait, give the reason (at least ${BREAK_GLASS_REASON_MIN} characters): it is recorded and the lead reviewer is told.`,
    }], 'break-glass-reason-required')
  }
  if (why.length > BREAK_GLASS_REASON_MAX) throw new BadInput('There is a problem', [{ path: 'reason', message: `The reason must be ${BREAK_GLASS_REASON_MAX} characters or fewer` }])
  return why
}

function memberRole(role: string): ReviewRole {
  if (!isReviewRole(role)) throw new BadInput('There is a problem', [{ path: 'role', message: 'Choose a role: lead-reviewer, review-team, case-group or board-chair' }])
  return role
}

function memberAgency(role: ReviewRole, agency: string): string | null {
  const v = agency.trim()
  if (role === 'case-group' && !v) {
    throw new BadInput('There is a problem', [{ path: 'agency', message: 'Enter the agency a case group member works for: they see their own agency’s records' }])
  }
  if (v.length > 120) throw new BadInput('There is a problem', [{ path: 'agency', message: 'Agency must be 120 characters or fewer' }])
  return v || null
}

export async function addMember(ctx: ServiceContext, actor: Actor, reviewId: string, input: MemberInput): Promise<{ userId: string }> {
  const role = memberRole(input.role)
  const agency = memberAgency(role, input.agency)
  // Only accounts of the review's own partnership can join it; another partnership's account reads as unknown.
  // (A national analyst belongs to none and is told why below.)
  const partnershipId = (await requireReview(ctx.db, reviewId)).partnership_id
  const user = (await findUserByEmailIn(ctx.db, partnershipId, input.email)) ?? (await findUserByEmailIn(ctx.db, null, input.email))
  if (!user) throw new BadInput('There is a problem', [{ path: 'email', message: 'There is no user with that email address. Ask an administrator to add them first.' }])
  if (user.disabled_at) throw new BadInput('There is a problem', [{ path: 'email', message: 'That user’s account is disabled' }])
  if (user.role === 'national') throw new BadInput('There is a problem', [{ path: 'email', message: 'National analysts see only anonymised national data and cannot join a review' }])
  if (role === 'board-chair' && user.role !== 'board' && user.role !== 'admin') {
    throw new BadInput('There is a problem', [{ path: 'role', message: 'Only a safeguarding board user can be the board chair' }])
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (await findMembership(trx, reviewId, user.id)) {
      throw new BadInput('There is a problem', [{ path: 'email', message: `${user.name} is already a member of this review. Change their role in the list instead.` }])
    }
    const reason = await breakGlassReason(trx, actor, reviewId, input.reason)
    await insertMember(trx, { review_id: reviewId, user_id: user.id, role, agency, added_by: actor.userId ?? 'system', added_at: nowIso(ctx) })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.member.add', reviewId, objectType: 'user', objectId: user.id, details: { role } })
    if (reason !== null) {
      await recordAudit(trx, ctx.clock, actor, {
        action: 'review.member.break-glass', reviewId, objectType: 'user', objectId: user.id, details: { role, self: user.id === actor.userId, reason },
      })
    }
  })
  return { userId: user.id }
}

async function guardLastLead(trx: Executor, reviewId: string, userId: string, what: string): Promise<void> {
  const membership = await findMembership(trx, reviewId, userId)
  if (!membership) throw new NotFound('That person is not a member of this review')
  if (membership.role === 'lead-reviewer' && (await countLeadReviewers(trx, reviewId)) <= 1) {
    throw new RuleBroken(`A review always needs a lead reviewer. Add another lead reviewer before you ${what}.`)
  }
}

export async function changeMemberRole(ctx: ServiceContext, actor: Actor, reviewId: string, userId: string, input: { role: string; agency: string }): Promise<void> {
  const role = memberRole(input.role)
  const agency = memberAgency(role, input.agency)
  const user = await findUserById(ctx.db, userId)
  if (role === 'board-chair' && user && user.role !== 'board' && user.role !== 'admin') {
    throw new BadInput('There is a problem', [{ path: 'role', message: 'Only a safeguarding board user can be the board chair' }])
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (role !== 'lead-reviewer') await guardLastLead(trx, reviewId, userId, `change this person’s role to ${REVIEW_ROLE_LABELS[role].toLowerCase()}`)
    else if (!(await findMembership(trx, reviewId, userId))) throw new NotFound('That person is not a member of this review')
    await updateMember(trx, reviewId, userId, { role, agency })
    // A file exported under the old role (real names, another edition) is not handed out under the new one.
    await forgetKeptExportsOf(trx, reviewId, userId)
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.member.change', reviewId, objectType: 'user', objectId: userId, details: { role } })
  })
}

export async function removeMember(ctx: ServiceContext, actor: Actor, reviewId: string, userId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await guardLastLead(trx, reviewId, userId, 'remove this one')
    await deleteMember(trx, reviewId, userId)
    await forgetKeptExportsOf(trx, reviewId, userId)
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.member.remove', reviewId, objectType: 'user', objectId: userId })
  })
}

export { listMembers }

/** The review's research questions, in order. */
export async function researchQuestionsOf(ctx: ServiceContext, viewer: ReviewViewer): Promise<ResearchQuestion[]> {
  return listResearchQuestions(ctx.db, viewer.reviewId)
}

/** The review's members (names, roles, agencies), for the forms of a review's pages. */
export async function membersOf(ctx: ServiceContext, viewer: ReviewViewer): Promise<Awaited<ReturnType<typeof listMembers>>> {
  return listMembers(ctx.db, viewer.reviewId)
}
