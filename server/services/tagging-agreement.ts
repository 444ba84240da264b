// Tagging agreement: two reviewers tag the same findings independently, blind to each other's codes until both
// have finished; then the app reports Cohen's kappa per typology family and lists the disagreements to resolve.
import { compareTagging, type AgreementReport } from '../../methodology/typology/agreement.js'
import { isTagEffect, type TagEffect } from '../../methodology/typology/tag-effect.js'
import { TYPOLOGY_V1 } from '../../methodology/typology/typology-v1.js'
import { isTaggable, type TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { roleCan } from '../../methodology/permissions.js'
import { BadInput, NotFound, NotPermitted, RuleBroken, type ErrorDetail } from '../errors.js'
import { listFindings } from '../data/findings.js'
import { listMembers } from '../data/review-members.js'
import {
  findOpenTaggingExercise, findTaggingExercise, insertTaggingExercise, listExerciseTags, listTaggingExercises, replaceExerciseTags, updateTaggingExercise,
} from '../data/tagging-exercises.js'
import type { Finding, TaggingExercise } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { requireCapability } from './capability.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { auditRead } from './read-audit.js'
import type { ReviewViewer } from './viewer.js'
import { loadTypology } from './typology.js'

function findingIdsOf(exercise: TaggingExercise): string[] {
  const value: unknown = JSON.parse(exercise.finding_ids)
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

type Tagger = { userId: string; name: string; role: string }

/** Members who may tag findings (the lead reviewer and the review team), as the viewer may list them. */
export async function possibleTaggers(ctx: ServiceContext, viewer: ReviewViewer): Promise<Tagger[]> {
  requireCapability(viewer, 'findings.edit')
  return taggersOf(ctx, viewer.reviewId)
}

async function taggersOf(ctx: ServiceContext, reviewId: string): Promise<Tagger[]> {
  const members = await listMembers(ctx.db, reviewId)
  return members.filter((m) => roleCan(m.role, 'findings.edit') && !m.disabled_at).map((m) => ({ userId: m.user_id, name: m.name, role: m.role }))
}

export async function startTaggingExercise(ctx: ServiceContext, actor: Actor, reviewId: string, input: { firstUserId: string; secondUserId: string }): Promise<TaggingExercise> {
  const details: ErrorDetail[] = []
  const taggers = await taggersOf(ctx, reviewId)
  const first = taggers.find((t) => t.userId === input.firstUserId)
  const second = taggers.find((t) => t.userId === input.secondUserId)
  if (!first) details.push({ path: 'firstUserId', message: 'Choose the first reviewer from the lead reviewer and review team' })
  if (!second) details.push({ path: 'secondUserId', message: 'Choose the second reviewer from the lead reviewer and review team' })
  if (first && second && first.userId === second.userId) details.push({ path: 'secondUserId', message: 'Choose two different reviewers' })
  if (details.length) throw new BadInput('There is a problem', details)
  return ctx.db.transaction().execute(async (trx) => {
    if (await findOpenTaggingExercise(trx, reviewId)) throw new RuleBroken('An agreement exercise is already under way. Close it before starting another.')
    const findings = await listFindings(trx, reviewId)
    if (findings.length === 0) throw new RuleBroken('There are no findings to tag yet. Draft the findings first.')
    const typology = await loadTypology(trx)
    const row: TaggingExercise = {
      id: ctx.newId(), review_id: reviewId, typology_version: typology.current.version, finding_ids: JSON.stringify(findings.map((f) => f.id)),
      first_user_id: first!.userId, second_user_id: second!.userId, first_done_at: null, second_done_at: null,
      started_by: actor.userId, started_at: nowIso(ctx), closed_at: null,
    }
    await insertTaggingExercise(trx, row)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'agreement.start', reviewId, objectType: 'tagging-exercise', objectId: row.id,
      details: { findings: findings.length, typologyVersion: row.typology_version, first: row.first_user_id, second: row.second_user_id },
    })
    return row
  })
}

function seatOf(exercise: TaggingExercise, userId: string | null): 'first' | 'second' | null {
  if (userId === exercise.first_user_id) return 'first'
  if (userId === exercise.second_user_id) return 'second'
  return null
}

/**
 * Saves one reviewer's own tags: for each finding its codes, and for each code the helps/hinders marker
 * (`effects[findingId][code]`), required from typology 2.0 on, as on the finding form. `finish` marks them done:
 * after that they cannot change, and once both are done the comparison is shown to everyone who can see findings.
 */
export async function saveExerciseTags(
  ctx: ServiceContext,
  actor: Actor,
  reviewId: string,
  exerciseId: string,
  tagsByFinding: Readonly<Record<string, readonly string[]>>,
  finish: boolean,
  effects: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const exercise = await findTaggingExercise(trx, reviewId, exerciseId)
    if (!exercise) throw new NotFound('There is no such tagging exercise in this review')
    const seat = seatOf(exercise, actor.userId)
    if (!seat) throw new NotPermitted('Only the two reviewers taking part can tag findings in this exercise')
    if (exercise.closed_at) throw new RuleBroken('This exercise is closed')
    if ((seat === 'first' ? exercise.first_done_at : exercise.second_done_at) !== null) throw new RuleBroken('You have finished tagging in this exercise, so your tags are fixed')
    const typology = await loadTypology(trx)
    const version = typology.versions.find((v) => v.version === exercise.typology_version)!
    const ids = new Set(findingIdsOf(exercise))
    const details: ErrorDetail[] = []
    // Version 1.0 had no markers; from 2.0 on each code is tagged as helping or hindering.
    const marked = exercise.typology_version !== TYPOLOGY_V1.version
    const tags: Array<{ findingId: string; code: string; effect: TagEffect | null }> = []
    for (const [findingId, codes] of Object.entries(tagsByFinding)) {
      if (!ids.has(findingId)) {
        details.push({ path: `tags-${findingId}`, message: 'That finding is not part of this exercise' })
        continue
      }
      for (const code of new Set(codes)) {
        const verdict = isTaggable(code, version, typology.versions)
        if (!verdict.ok) {
          details.push({ path: `tags-${findingId}`, message: verdict.reason })
          continue
        }
        const given = (effects[findingId]?.[code] ?? '').trim()
        if (marked && !isTagEffect(given)) {
          details.push({ path: `effect-${findingId}-${code}`, message: `Say whether ${code} helps or hinders in this finding` })
          continue
        }
        tags.push({ findingId, code, effect: marked ? (given as TagEffect) : null })
      }
    }
    if (details.length) throw new BadInput('Some codes cannot be used', details)
    await replaceExerciseTags(trx, exerciseId, actor.userId!, tags)
    const at = nowIso(ctx)
    if (finish) await updateTaggingExercise(trx, exerciseId, seat === 'first' ? { first_done_at: at } : { second_done_at: at })
    await recordAudit(trx, ctx.clock, actor, {
      action: finish ? 'agreement.finish' : 'agreement.tags.save', reviewId, objectType: 'tagging-exercise', objectId: exerciseId,
      details: { tags: tags.length, findingsTagged: new Set(tags.map((t) => t.findingId)).size, hinders: tags.filter((t) => t.effect === 'hinders').length },
    })
  })
}

export async function closeTaggingExercise(ctx: ServiceContext, actor: Actor, reviewId: string, exerciseId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const exercise = await findTaggingExercise(trx, reviewId, exerciseId)
    if (!exercise) throw new NotFound('There is no such tagging exercise in this review')
    if (exercise.closed_at) throw new RuleBroken('This exercise is already closed')
    await updateTaggingExercise(trx, exerciseId, { closed_at: nowIso(ctx) })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'agreement.close', reviewId, objectType: 'tagging-exercise', objectId: exerciseId,
      details: { bothFinished: exercise.first_done_at !== null && exercise.second_done_at !== null },
    })
  })
}

export interface ExerciseTagView {
  code: string
  effect: TagEffect | null
}

export interface ExerciseView {
  exercise: TaggingExercise
  typology: TypologyVersion
  first: { userId: string; name: string; done: boolean }
  second: { userId: string; name: string; done: boolean }
  /** The viewer's seat, or null when they are not one of the two. */
  seat: 'first' | 'second' | null
  findings: Finding[]
  /** The viewer's own codes, by finding id (empty when they are not taking part). */
  ownTags: Record<string, string[]>
  /** The viewer's own markers, by finding id and code. */
  ownEffects: Record<string, Record<string, TagEffect | null>>
  /** Only when both have finished: their tags side by side and the agreement report. */
  comparison: { byFinding: Record<string, { first: ExerciseTagView[]; second: ExerciseTagView[] }>; report: AgreementReport } | null
}

/** One exercise as the viewer sees it: their own seat's codes, and the comparison only once both have finished. Audited. */
export async function exerciseView(ctx: ServiceContext, viewer: ReviewViewer, exerciseId: string): Promise<ExerciseView> {
  requireCapability(viewer, 'findings.edit')
  const reviewId = viewer.reviewId
  const viewerId = viewer.userId
  const exercise = await findTaggingExercise(ctx.db, reviewId, exerciseId)
  if (!exercise) throw new NotFound('There is no such tagging exercise in this review')
  const [typology, members, allFindings, tags] = await Promise.all([
    loadTypology(ctx.db), listMembers(ctx.db, reviewId), listFindings(ctx.db, reviewId), listExerciseTags(ctx.db, exerciseId),
  ])
  const version = typology.versions.find((v) => v.version === exercise.typology_version)!
  const ids = findingIdsOf(exercise)
  // A finding deleted since the exercise began drops out of the comparison.
  const findings = ids.map((id) => allFindings.find((f) => f.id === id)).filter((f): f is Finding => f !== undefined)
  const nameOf = (userId: string) => members.find((m) => m.user_id === userId)?.name ?? 'A former member'
  const seat = seatOf(exercise, viewerId)
  const tagsOf = (userId: string, findingId: string): ExerciseTagView[] =>
    tags.filter((t) => t.user_id === userId && t.finding_id === findingId).map((t) => ({ code: t.code, effect: t.effect }))
  const ownTags: Record<string, string[]> = {}
  const ownEffects: Record<string, Record<string, TagEffect | null>> = {}
  if (seat && viewerId) {
    for (const f of findings) {
      const own = tagsOf(viewerId, f.id)
      ownTags[f.id] = own.map((t) => t.code)
      ownEffects[f.id] = Object.fromEntries(own.map((t) => [t.code, t.effect]))
    }
  }
  const bothDone = exercise.first_done_at !== null && exercise.second_done_at !== null
  let comparison: ExerciseView['comparison'] = null
  if (bothDone) {
    const byFinding: Record<string, { first: ExerciseTagView[]; second: ExerciseTagView[] }> = {}
    for (const f of findings) byFinding[f.id] = { first: tagsOf(exercise.first_user_id, f.id), second: tagsOf(exercise.second_user_id, f.id) }
    const report = compareTagging(findings.map((f) => ({ findingId: f.id, first: byFinding[f.id]!.first, second: byFinding[f.id]!.second })), version)
    comparison = { byFinding, report }
  }
  await auditRead(ctx, viewer, { action: 'agreement.view', objectType: 'tagging-exercise', objectId: exerciseId, details: { findings: findings.length, compared: comparison !== null } })
  return {
    exercise, typology: version, seat, findings, ownTags, ownEffects, comparison,
    first: { userId: exercise.first_user_id, name: nameOf(exercise.first_user_id), done: exercise.first_done_at !== null },
    second: { userId: exercise.second_user_id, name: nameOf(exercise.second_user_id), done: exercise.second_done_at !== null },
  }
}

/** The review's exercises for the viewer; the read is audited. */
export async function listExercises(ctx: ServiceContext, viewer: ReviewViewer) {
  requireCapability(viewer, 'findings.edit')
  const reviewId = viewer.reviewId
  const [exercises, members] = await Promise.all([listTaggingExercises(ctx.db, reviewId), listMembers(ctx.db, reviewId)])
  await auditRead(ctx, viewer, { action: 'agreement.list.view', objectType: 'tagging-exercises', objectId: reviewId, details: { exercises: exercises.length } })
  const nameOf = (userId: string) => members.find((m) => m.user_id === userId)?.name ?? 'A former member'
  return exercises.map((e) => ({
    ...e,
    firstName: nameOf(e.first_user_id),
    secondName: nameOf(e.second_user_id),
    findings: findingIdsOf(e).length,
    status: e.closed_at ? 'Closed' : e.first_done_at && e.second_done_at ? 'Both finished' : 'Tagging under way',
  }))
}
