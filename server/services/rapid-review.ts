// The rapid review for the Child Safeguarding Practice Review Panel: read (audited, names as the viewer may see
// them) and saved whole (checked, versioned, audited in the same transaction). Pages and the API both come here.
import { EMPTY_RAPID_REVIEW, type CriterionAnswer, type RapidReviewRecord, type SafeguardingAction } from '../../methodology/rapid-review/rapid-review-record.js'
import { readRapidReview as readRecord } from '../../methodology/rapid-review/read-rapid-review.js'
import { londonDate } from '../clock.js'
import { BadInput, NotFound, NotPermitted, StaleEdit } from '../errors.js'
import {
  findRapidReview, findRapidReviewByLocalReview, insertRapidReview, listSignOffs, replaceSignOffs, updateRapidReview, type RapidReviewFields,
} from '../data/rapid-reviews.js'
import { findReview, updateReview } from '../data/reviews.js'
import { bumpContentVersion } from '../data/review-standing.js'
import type { Executor, RapidReviewRow, RapidReviewSignOffRow, Review } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type ServiceContext } from './context.js'
import { namesFor } from './pseudonym-view.js'
import { auditRead } from './read-audit.js'
import type { ReviewViewer } from './viewer.js'

export interface RapidReviewView extends RapidReviewRecord {
  reviewId: string
  /** Send it back (If-Match or `version`) when saving; 0 while nothing is saved yet. */
  version: number
  /** The Learning Together review started from this rapid review, if any. */
  localReviewId: string | null
  updatedAt: string | null
}

/** How a read is described in the audit log. */
export type RapidReviewReadPurpose = 'view' | 'export'

async function requireRapidReviewOf(db: Executor, reviewId: string): Promise<Review> {
  const review = await findReview(db, reviewId)
  if (!review) throw new NotFound()
  if (review.methodology !== 'rapid-review') throw new NotFound('This review is not a rapid review, so it has no rapid review record')
  return review
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

export function recordOf(review: Review, row: RapidReviewRow | undefined, signOffs: RapidReviewSignOffRow[]): RapidReviewRecord {
  if (!row) return { ...EMPTY_RAPID_REVIEW, facts: { ...EMPTY_RAPID_REVIEW.facts, incidentDate: review.incident_date } }
  return {
    facts: {
      child: row.child, household: row.household, agencies: parseJson<string[]>(row.agencies, []), incident: row.incident,
      incidentDate: review.incident_date, becameAware: row.became_aware_on,
    },
    immediateSafeguarding: parseJson<SafeguardingAction[]>(row.immediate_safeguarding, []),
    learning: { goodPractice: row.good_practice, toImprove: row.to_improve },
    criteria: parseJson<CriterionAnswer[]>(row.criteria, []),
    decision: row.decision,
    decisionReasons: row.decision_reasons,
    decisionDate: row.decision_on,
    draftQuestions: parseJson<string[]>(row.draft_questions, []),
    signOff: signOffs.map((s) => ({ partner: s.partner, name: s.name, role: s.role, date: s.signed_on })),
    sentToPanel: row.sent_to_panel_on,
    panelResponse: row.panel_response_on && row.panel_response !== null ? { date: row.panel_response_on, text: row.panel_response } : null,
  }
}

/** The stored record, unfiltered: for work the service does itself (snapshots, starting the local review). */
export async function loadRapidReview(db: Executor, reviewId: string): Promise<{ review: Review; record: RapidReviewRecord; row: RapidReviewRow | undefined }> {
  const review = await requireRapidReviewOf(db, reviewId)
  const row = await findRapidReview(db, reviewId)
  return { review, record: recordOf(review, row, row ? await listSignOffs(db, reviewId) : []), row }
}

/** The record as stored, for the lead reviewer's section forms (a save is built on it). */
export async function rapidReviewRecordToChange(ctx: ServiceContext, viewer: ReviewViewer): Promise<RapidReviewRecord> {
  if (!viewer.can('review.manage')) throw new NotPermitted()
  return (await loadRapidReview(ctx.db, viewer.reviewId)).record
}

/** The record with every free-text field passed through `show` (pseudonyms for those who may not see names). */
function shownWith(record: RapidReviewRecord, show: (text: string) => string): RapidReviewRecord {
  return {
    ...record,
    facts: { ...record.facts, child: show(record.facts.child), household: show(record.facts.household), incident: show(record.facts.incident), agencies: record.facts.agencies.map(show) },
    immediateSafeguarding: record.immediateSafeguarding.map((a) => ({ ...a, action: show(a.action), for: show(a.for), by: show(a.by) })),
    learning: { goodPractice: show(record.learning.goodPractice), toImprove: show(record.learning.toImprove) },
    criteria: record.criteria.map((c) => ({ ...c, note: show(c.note) })),
    decisionReasons: show(record.decisionReasons),
    draftQuestions: record.draftQuestions.map(show),
    signOff: record.signOff.map((s) => ({ ...s, name: show(s.name), role: show(s.role) })),
    panelResponse: record.panelResponse ? { ...record.panelResponse, text: show(record.panelResponse.text) } : null,
  }
}

/** The rapid review as this viewer may see it. The read is audited before anything is returned. */
export async function viewRapidReview(ctx: ServiceContext, viewer: ReviewViewer, purpose: RapidReviewReadPurpose = 'view', format?: string): Promise<RapidReviewView> {
  if (!viewer.can('review.view')) throw new NotPermitted()
  const { record, row } = await loadRapidReview(ctx.db, viewer.reviewId)
  const names = await namesFor(ctx, viewer)
  await auditRead(ctx, viewer, {
    action: purpose === 'export' ? 'rapid-review.export' : 'rapid-review.view', objectType: 'rapid-review', objectId: viewer.reviewId,
    details: { version: row?.version ?? 0, names: viewer.names, ...(format ? { format } : {}) },
  })
  return {
    ...(viewer.names === 'real' ? record : shownWith(record, (t) => names.show(t))),
    reviewId: viewer.reviewId, version: row?.version ?? 0, localReviewId: row?.local_review_id ?? null, updatedAt: row?.updated_at ?? null,
  }
}

function fieldsOf(record: RapidReviewRecord, at: string, userId: string | null): RapidReviewFields {
  return {
    child: record.facts.child, household: record.facts.household, agencies: JSON.stringify(record.facts.agencies), incident: record.facts.incident,
    became_aware_on: record.facts.becameAware,
    immediate_safeguarding: JSON.stringify(record.immediateSafeguarding),
    good_practice: record.learning.goodPractice, to_improve: record.learning.toImprove,
    criteria: JSON.stringify(record.criteria),
    decision: record.decision, decision_reasons: record.decisionReasons, decision_on: record.decisionDate,
    draft_questions: JSON.stringify(record.draftQuestions),
    sent_to_panel_on: record.sentToPanel,
    panel_response_on: record.panelResponse?.date ?? null, panel_response: record.panelResponse?.text ?? null,
    updated_at: at, updated_by: userId,
  }
}

/**
 * Replaces the rapid review with `raw` (the API's JSON shape). `baseVersion` is the version the change was
 * made to (null: whatever is stored now). Bad input: 400 with every problem by field, nothing saved. A version
 * that has moved on: 409, nothing saved.
 */
export async function saveRapidReview(ctx: ServiceContext, viewer: ReviewViewer, raw: unknown, baseVersion: number | null): Promise<RapidReviewView> {
  if (!viewer.can('review.manage')) throw new NotPermitted('Only the lead reviewer can change the rapid review')
  await requireRapidReviewOf(ctx.db, viewer.reviewId)
  const { record, problems } = readRecord(raw, londonDate(ctx.clock.now()))
  if (!record) throw new BadInput('There is a problem with the rapid review', problems)
  const at = nowIso(ctx)
  const version = await ctx.db.transaction().execute(async (trx) => {
    const current = await findRapidReview(trx, viewer.reviewId)
    const stored = current?.version ?? 0
    if (baseVersion !== null && baseVersion !== stored) throw new StaleEdit(`Someone else saved the rapid review since you opened it (you had version ${baseVersion}; it is now ${stored}). Reload it and make your change again.`)
    const fields = fieldsOf(record, at, viewer.actor.userId)
    if (!current) await insertRapidReview(trx, viewer.reviewId, fields)
    else if (!(await updateRapidReview(trx, viewer.reviewId, stored, fields))) throw new StaleEdit()
    await replaceSignOffs(trx, viewer.reviewId, record.signOff.map((s, position) => ({ partner: s.partner, position, name: s.name, role: s.role, signed_on: s.date })))
    // The incident date is the review's own; the rapid review's facts show and edit the same date.
    await updateReview(trx, viewer.reviewId, { incident_date: record.facts.incidentDate, updated_at: at })
    await bumpContentVersion(trx, viewer.reviewId)
    await recordAudit(trx, ctx.clock, viewer.actor, {
      action: 'rapid-review.update', reviewId: viewer.reviewId, objectType: 'rapid-review', objectId: viewer.reviewId,
      details: { version: stored + 1, decision: record.decision, signOffs: record.signOff.map((s) => s.partner), sentToPanel: record.sentToPanel !== null },
    })
    return stored + 1
  })
  const row = await findRapidReview(ctx.db, viewer.reviewId)
  return { ...record, reviewId: viewer.reviewId, version, localReviewId: row?.local_review_id ?? null, updatedAt: at }
}

/** The links between a rapid review and the local review started from it, for either review's overview (ids only). */
export async function linkedReviews(ctx: ServiceContext, viewer: ReviewViewer): Promise<{ rapidReviewId: string | null; localReviewId: string | null }> {
  const own = await findRapidReview(ctx.db, viewer.reviewId)
  const from = own ? undefined : await findRapidReviewByLocalReview(ctx.db, viewer.reviewId)
  return { rapidReviewId: from?.review_id ?? null, localReviewId: own?.local_review_id ?? null }
}
