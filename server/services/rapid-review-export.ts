// The rapid review as a Panel-ready file (DOCX, PDF) or JSON, as the viewer may see it. Refused while there is
// no decision: the Panel's template is built around the decision and its reasons. Every export is audited.
import { buildRapidReviewDocument } from '../../templates/rapid-review/rapid-review-document.js'
import { renderRapidReviewDocx } from '../../templates/rapid-review/render-rapid-review-docx.js'
import { renderRapidReviewPdf } from '../../templates/rapid-review/render-rapid-review-pdf.js'
import { BadInput, RuleBroken } from '../errors.js'
import { findReview } from '../data/reviews.js'
import { nowIso, type ServiceContext } from './context.js'
import { loadRapidReview, viewRapidReview } from './rapid-review.js'
import type { ReviewViewer } from './viewer.js'

export const RAPID_REVIEW_FORMATS = ['docx', 'pdf', 'json'] as const
export type RapidReviewFormat = (typeof RAPID_REVIEW_FORMATS)[number]

const CONTENT_TYPES: Record<RapidReviewFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
}

export interface ExportedRapidReview {
  bytes: Buffer
  contentType: string
  fileName: string
}

export function readRapidReviewFormat(raw: unknown): RapidReviewFormat {
  if (typeof raw === 'string' && (RAPID_REVIEW_FORMATS as readonly string[]).includes(raw)) return raw as RapidReviewFormat
  throw new BadInput('Choose a format', [{ path: 'format', message: `Choose a format: ${RAPID_REVIEW_FORMATS.join(', ')}` }])
}

export async function exportRapidReview(ctx: ServiceContext, viewer: ReviewViewer, format: RapidReviewFormat): Promise<ExportedRapidReview> {
  // Checked before the read is audited, so a refusal leaves no export in the log.
  const { record } = await loadRapidReview(ctx.db, viewer.reviewId)
  if (!record.decision) {
    throw new RuleBroken('The rapid review has no decision yet. Record the decision and its reasons before exporting it for the Panel.', [
      { path: 'decision', message: 'Record the decision (a local review, no local review, or a national review recommended) and its reasons first' },
    ], 'no-decision')
  }
  const view = await viewRapidReview(ctx, viewer, 'export', format)
  const review = (await findReview(ctx.db, viewer.reviewId))!
  const doc = buildRapidReviewDocument({
    reviewTitle: review.title, partnership: review.board_name, childPseudonym: review.subject_pseudonym, notificationDate: review.notification_date,
    record: view, producedAt: nowIso(ctx),
  })
  const bytes = format === 'pdf' ? await renderRapidReviewPdf(doc)
    : format === 'docx' ? await renderRapidReviewDocx(doc)
    : Buffer.from(JSON.stringify({
      title: doc.title, partnership: doc.partnership, marking: doc.marking, producedAt: doc.producedAt,
      reviewId: view.reviewId, version: view.version, facts: view.facts, immediateSafeguarding: view.immediateSafeguarding, learning: view.learning,
      criteria: view.criteria, decision: view.decision, decisionReasons: view.decisionReasons, decisionDate: view.decisionDate,
      signOff: view.signOff, sentToPanel: view.sentToPanel, panelResponse: view.panelResponse,
      sections: doc.sections,
    }, null, 2))
  return { bytes, contentType: CONTENT_TYPES[format], fileName: `${doc.fileStem}.${format}` }
}
