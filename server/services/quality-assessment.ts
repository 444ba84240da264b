// The quality self-assessment: the eighteen markers, each with the answer suggested by the review's data
// (where the data can show it) and the answer the lead reviewer or board chair gave. A person's answer that
// differs from the suggestion needs a note saying why.
import {
  prefillQualityMarkers, QUALITY_MARKER_GROUPS, QUALITY_MARKERS, qualityMarker, type MarkerAnswer, type MarkerPrefill, type PrefillAnswer, type QualityMarker,
} from '../../methodology/quality-markers.js'
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import { listQualityAnswers, upsertQualityAnswer } from '../data/quality-answers.js'
import { recordAudit } from './audit.js'
import { requireCapability } from './capability.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { auditRead } from './read-audit.js'
import type { ReviewViewer } from './viewer.js'
import { buildReviewSnapshot } from './review-snapshot.js'
import { londonDate } from '../clock.js'

export const MARKER_ANSWERS: ReadonlyArray<{ value: MarkerAnswer; text: string; colour: string }> = [
  { value: 'met', text: 'Met', colour: 'green' },
  { value: 'partly', text: 'Partly met', colour: 'yellow' },
  { value: 'not-met', text: 'Not met', colour: 'red' },
]

/** Shown for a pre-fill only: nobody can answer "evidence incomplete"; they answer once the evidence is there. */
export const EVIDENCE_INCOMPLETE = { value: 'evidence-incomplete', text: 'Evidence incomplete', colour: 'orange' } as const

export interface AssessedMarker extends Omit<QualityMarker, 'prefill'> {
  prefill: MarkerPrefill | null
  /** What a person recorded, if anyone has. */
  given: { answer: MarkerAnswer; note: string; by: string | null; at: string } | null
  /** The answer to show: the person's, else the suggestion, else none. */
  answer: PrefillAnswer | null
  source: 'person' | 'prefilled' | 'none'
  /** A person's answer that differs from the data's suggestion. */
  overridden: boolean
}

export interface QualityAssessment {
  groups: Array<{ key: string; title: string; markers: AssessedMarker[] }>
  counts: { answered: number; prefilledOnly: number; unanswered: number; met: number; partly: number; notMet: number; evidenceIncomplete: number }
}

/** The assessment as the viewer may read it (the lead reviewer and board chair); the read is audited. */
export async function qualityAssessment(ctx: ServiceContext, viewer: ReviewViewer): Promise<QualityAssessment> {
  requireCapability(viewer, 'quality.assess')
  const reviewId = viewer.reviewId
  const snapshot = await buildReviewSnapshot(ctx.db, reviewId, ctx.clock.now())
  const prefills = new Map(prefillQualityMarkers(snapshot, londonDate(ctx.clock.now())).map((p) => [p.key, p.prefill]))
  const answers = new Map((await listQualityAnswers(ctx.db, reviewId)).map((a) => [a.marker_key, a]))
  const markers: AssessedMarker[] = QUALITY_MARKERS.map((m) => {
    const prefill = prefills.get(m.key) ?? null
    const saved = answers.get(m.key)
    const given = saved ? { answer: saved.answer, note: saved.note, by: saved.by_name, at: saved.answered_at } : null
    return {
      key: m.key, number: m.number, group: m.group, title: m.title, principle: m.principle, questions: m.questions,
      prefill, given,
      answer: given?.answer ?? prefill?.answer ?? null,
      source: given ? 'person' : prefill ? 'prefilled' : 'none',
      overridden: given !== null && prefill !== null && given.answer !== prefill.answer,
    }
  })
  const count = (answer: PrefillAnswer) => markers.filter((m) => m.answer === answer).length
  const answered = markers.filter((m) => m.source === 'person').length
  await auditRead(ctx, viewer, { action: 'quality.view', objectType: 'quality-assessment', objectId: reviewId, details: { answered } })
  return {
    groups: QUALITY_MARKER_GROUPS.map((g) => ({ key: g.key, title: g.title, markers: markers.filter((m) => m.group === g.key) })),
    counts: {
      answered,
      prefilledOnly: markers.filter((m) => m.source === 'prefilled').length,
      unanswered: markers.filter((m) => m.source === 'none').length,
      met: count('met'), partly: count('partly'), notMet: count('not-met'), evidenceIncomplete: count('evidence-incomplete'),
    },
  }
}

const MAX_NOTE = 5_000

export async function answerQualityMarker(
  ctx: ServiceContext,
  actor: Actor,
  reviewId: string,
  markerKey: string,
  input: { answer: string; note: string },
): Promise<void> {
  const marker = qualityMarker(markerKey)
  if (!marker) throw new NotFound('There is no such quality marker')
  const details: ErrorDetail[] = []
  const answer = input.answer as MarkerAnswer
  const field = `answer-${markerKey}`
  if (!MARKER_ANSWERS.some((a) => a.value === answer)) details.push({ path: field, message: `Choose whether “${marker.title}” is met, partly met or not met` })
  const note = input.note.trim()
  if (note.length > MAX_NOTE) details.push({ path: `note-${markerKey}`, message: `The note must be ${MAX_NOTE.toLocaleString('en-GB')} characters or fewer` })
  const snapshot = await buildReviewSnapshot(ctx.db, reviewId, ctx.clock.now())
  const prefill = marker.prefill ? marker.prefill(snapshot, londonDate(ctx.clock.now())) : null
  if (details.length === 0 && prefill && prefill.answer !== answer && !note) {
    details.push({
      path: `note-${markerKey}`,
      message: prefill.answer === 'evidence-incomplete'
        ? `The review’s data is incomplete for this marker (missing: ${(prefill.missing ?? []).join('; ')}). Add a note saying what your answer rests on.`
        : `The review’s data suggests “${MARKER_ANSWERS.find((a) => a.value === prefill.answer)?.text}”. Add a note saying why your answer differs.`,
    })
  }
  if (details.length) throw new BadInput('There is a problem with the answer', details)
  await ctx.db.transaction().execute(async (trx) => {
    await upsertQualityAnswer(trx, { review_id: reviewId, marker_key: markerKey, answer, note, answered_by: actor.userId, answered_at: nowIso(ctx) })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'quality.answer', reviewId, objectType: 'quality-marker', objectId: markerKey,
      details: { answer, suggested: prefill?.answer ?? null, overridden: prefill !== null && prefill.answer !== answer },
    })
  })
}
