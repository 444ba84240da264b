// "Start the local review": after a rapid review decides on a local child safeguarding practice review, a new
// Learning Together review is set up carrying over what the rapid review already knows: the facts and the
// agencies involved (as its scope), the reasons for the decision, the decision date (its 6-month clock), and the
// draft research questions. The two are linked both ways. One transaction, audited on both reviews.
import { listInWords } from '../../methodology/counted-words.js'
import { DECISION_LABELS } from '../../methodology/rapid-review/rapid-review-record.js'
import { dateInWords } from '../../methodology/rapid-review/read-rapid-review.js'
import { londonDate } from '../clock.js'
import { NotPermitted, RuleBroken } from '../errors.js'
import { linkLocalReview } from '../data/rapid-reviews.js'
import { insertMember } from '../data/review-members.js'
import { insertResearchQuestion, insertReview } from '../data/reviews.js'
import { bumpContentVersion } from '../data/review-standing.js'
import type { Review } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type ServiceContext } from './context.js'
import { loadRapidReview } from './rapid-review.js'
import type { ReviewViewer } from './viewer.js'

/** The local review's scope, written from the rapid review. */
export function scopeFromRapidReview(record: Awaited<ReturnType<typeof loadRapidReview>>['record']): string {
  const parts = [
    `Started from the rapid review${record.decisionDate ? ` (decision of ${dateInWords(record.decisionDate)})` : ''}: ${DECISION_LABELS.lcspr.toLowerCase()}.`,
    record.decisionReasons ? `Why: ${record.decisionReasons}` : '',
    record.facts.incident ? `What happened: ${record.facts.incident}` : '',
    record.facts.agencies.length ? `Agencies involved: ${listInWords(record.facts.agencies)}.` : '',
    record.learning.toImprove ? `Learning so far, to explore: ${record.learning.toImprove}` : '',
  ]
  return parts.filter(Boolean).join('\n\n').slice(0, 5000)
}

export async function startLocalReview(ctx: ServiceContext, viewer: ReviewViewer): Promise<{ localReviewId: string }> {
  if (!viewer.can('review.manage') || !viewer.userId || viewer.userId === 'system') throw new NotPermitted('Only the lead reviewer can start the local review')
  const { review, record, row } = await loadRapidReview(ctx.db, viewer.reviewId)
  if (record.decision !== 'lcspr') {
    throw new RuleBroken('A local review is started once the rapid review decides on one. Record that decision and its reasons first.', [
      { path: 'decision', message: 'The decision must be to carry out a local child safeguarding practice review' },
    ], 'no-lcspr-decision')
  }
  if (row?.local_review_id) throw new RuleBroken('The local review has already been started from this rapid review.', [], 'already-started')
  const at = nowIso(ctx)
  const local: Review = {
    id: ctx.newId(),
    partnership_id: review.partnership_id,
    title: `Local child safeguarding practice review: ${review.subject_pseudonym}`,
    board_name: review.board_name, subject_pseudonym: review.subject_pseudonym, methodology: 'learning-together',
    period_from: review.period_from, period_to: review.period_to,
    incident_date: record.facts.incidentDate, notification_date: review.notification_date,
    decision_date: record.decisionDate ?? londonDate(ctx.clock.now()),
    region: review.region, child_age_band: review.child_age_band, harm_category: review.harm_category,
    scope: scopeFromRapidReview(record), board_link_name: null, board_link_role: null, family_invited_on: null, family_views: null,
    immediate_learning: null, rapid_decision: null, rapid_decision_rationale: null, sent_to_panel_on: null, publication_planned_on: null, final_report_sent_on: null,
    created_by: viewer.userId, created_at: at, updated_at: at, version: 1, content_version: 0,
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertReview(trx, local)
    await insertMember(trx, { review_id: local.id, user_id: viewer.userId, role: 'lead-reviewer', agency: null, added_by: viewer.userId, added_at: at })
    for (const [i, text] of record.draftQuestions.slice(0, 20).entries()) {
      await insertResearchQuestion(trx, { id: ctx.newId(), review_id: local.id, position: i + 1, text, created_at: at })
    }
    // Guarded in the UPDATE: two clicks at once start one review, not two.
    if (!(await linkLocalReview(trx, viewer.reviewId, local.id))) throw new RuleBroken('The local review has already been started from this rapid review.', [], 'already-started')
    await bumpContentVersion(trx, viewer.reviewId)
    await recordAudit(trx, ctx.clock, viewer.actor, { action: 'review.create', reviewId: local.id, objectType: 'review', objectId: local.id, details: { methodology: 'learning-together', fromRapidReview: viewer.reviewId } })
    await recordAudit(trx, ctx.clock, viewer.actor, { action: 'rapid-review.local-review.start', reviewId: viewer.reviewId, objectType: 'rapid-review', objectId: viewer.reviewId, details: { localReviewId: local.id, questions: record.draftQuestions.length } })
  })
  return { localReviewId: local.id }
}
