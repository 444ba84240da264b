// Contributory factors: why practice in a key practice episode was as it was. Each names its system level (the
// map's levels) and its type, belongs to one or more episodes and cites the evidence it rests on.
import { MAP_LEVELS, MAP_LEVEL_INFO, isMapLevel, type MapLevel } from '../../methodology/map/map-model.js'
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import { findEvidence, type EvidenceItem, type EvidenceRef } from '../data/evidence.js'
import {
  deleteFactor, factorEpisodeIds, factorEvidence, findFactor, insertFactor, listFactors, nextFactorPosition,
  replaceFactorEpisodes, replaceFactorEvidence, updateFactor,
} from '../data/contributory-factors.js'
import { existingEpisodeIds } from '../data/key-practice-episodes.js'
import type { ContributoryFactor, Executor } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'

export const FACTOR_TYPES = ['person', 'task', 'tools-and-technology', 'team-and-organisation', 'inter-agency', 'wider-environment'] as const
export type FactorType = (typeof FACTOR_TYPES)[number]

export const FACTOR_TYPE_INFO: Readonly<Record<FactorType, { label: string; hint: string }>> = {
  person: { label: 'Person', hint: 'What the practitioner knew, felt, assumed or was able to do: knowledge, skills, fatigue, reasoning.' },
  task: { label: 'Task', hint: 'The nature of the work itself: its difficulty, timing, competing demands, how the family engaged.' },
  'tools-and-technology': { label: 'Tools and technology', hint: 'Forms, risk tools, IT systems and equipment, and how well they fitted the work.' },
  'team-and-organisation': { label: 'Team and organisation', hint: 'Supervision, caseloads, staffing, culture, policies and resources.' },
  'inter-agency': { label: 'Inter-agency', hint: 'How agencies shared information, referred, escalated and worked together.' },
  'wider-environment': { label: 'Wider environment', hint: 'National policy, commissioning, funding, regulation and events such as the pandemic.' },
}

export function isFactorType(value: unknown): value is FactorType {
  return typeof value === 'string' && (FACTOR_TYPES as readonly string[]).includes(value)
}

export const FACTOR_LIMITS = { text: 2_000, evidence: 200, episodes: 50 } as const

export interface FactorDetail {
  factor: ContributoryFactor
  level: MapLevel | null
  factorType: FactorType | null
  kpeIds: string[]
  evidence: EvidenceRef[]
}

/** The review's factors (or one episode's), with their episodes and evidence. */
export async function listFactorDetails(db: Executor, reviewId: string, kpeId?: string): Promise<FactorDetail[]> {
  const factors = await listFactors(db, reviewId, kpeId)
  const ids = factors.map((f) => f.id)
  const [episodes, evidence] = await Promise.all([factorEpisodeIds(db, ids), factorEvidence(db, ids)])
  return factors.map((factor) => ({
    factor,
    level: isMapLevel(factor.level) ? factor.level : null,
    factorType: isFactorType(factor.factor_type) ? factor.factor_type : null,
    kpeIds: episodes.get(factor.id) ?? [],
    evidence: evidence.get(factor.id) ?? [],
  }))
}

export async function requireFactor(db: Executor, reviewId: string, factorId: string): Promise<FactorDetail> {
  const factor = await findFactor(db, reviewId, factorId)
  if (!factor) throw new NotFound('There is no such contributory factor in this review. It may have been deleted.')
  const [episodes, evidence] = await Promise.all([factorEpisodeIds(db, [factorId]), factorEvidence(db, [factorId])])
  return {
    factor,
    level: isMapLevel(factor.level) ? factor.level : null,
    factorType: isFactorType(factor.factor_type) ? factor.factor_type : null,
    kpeIds: episodes.get(factorId) ?? [],
    evidence: evidence.get(factorId) ?? [],
  }
}

export interface FactorInput {
  text: string
  level: string
  factorType: string
  kpeIds: string[]
  evidence: EvidenceRef[]
}

/** Reads evidence picked on a form: values like "event:<id>", "quote:<id>", "document:<id>". */
export function evidenceFromForm(values: readonly string[]): EvidenceRef[] {
  const refs: EvidenceRef[] = []
  for (const value of values) {
    const at = value.indexOf(':')
    const type = value.slice(0, at)
    const id = value.slice(at + 1)
    if (at > 0 && id && (type === 'event' || type === 'quote' || type === 'document')) refs.push({ type, id })
  }
  return refs
}

export function evidenceFormValue(ref: EvidenceRef): string {
  return `${ref.type}:${ref.id}`
}

async function readFactorInput(db: Executor, reviewId: string, input: FactorInput) {
  const details: ErrorDetail[] = []
  const text = input.text.trim()
  if (!text) details.push({ path: 'text', message: 'Describe the contributory factor' })
  else if (text.length > FACTOR_LIMITS.text) details.push({ path: 'text', message: `A contributory factor must be ${FACTOR_LIMITS.text.toLocaleString('en-GB')} characters or fewer` })
  if (!isMapLevel(input.level)) details.push({ path: 'level', message: `Choose the system level: ${MAP_LEVELS.map((l) => MAP_LEVEL_INFO[l].label.toLowerCase()).join(', ')}` })
  if (!isFactorType(input.factorType)) details.push({ path: 'factorType', message: 'Choose the type of factor' })
  const kpeIds = [...new Set(input.kpeIds)]
  if (kpeIds.length === 0) details.push({ path: 'kpeIds', message: 'Choose at least one key practice episode the factor helps explain' })
  if (kpeIds.length > FACTOR_LIMITS.episodes) details.push({ path: 'kpeIds', message: `A factor can be linked to up to ${FACTOR_LIMITS.episodes} episodes` })
  const seen = new Set<string>()
  const evidence = input.evidence.filter((r) => {
    const key = `${r.type}:${r.id}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  if (evidence.length > FACTOR_LIMITS.evidence) details.push({ path: 'evidence', message: `A factor can cite up to ${FACTOR_LIMITS.evidence} pieces of evidence` })
  if (details.length === 0) {
    const known = await existingEpisodeIds(db, reviewId, kpeIds)
    for (const id of kpeIds.filter((k) => !known.has(k)).slice(0, 5)) details.push({ path: 'kpeIds', message: `There is no key practice episode with id ${id} in this review` })
    const { missing } = await findEvidence(db, reviewId, evidence)
    for (const ref of missing.slice(0, 10)) details.push({ path: 'evidence', message: `There is no ${ref.type === 'event' ? 'chronology event' : ref.type} with id ${ref.id} in this review` })
  }
  if (details.length) throw new BadInput('There is a problem with the contributory factor', details)
  return { text, level: input.level as MapLevel, factorType: input.factorType as FactorType, kpeIds, evidence }
}

export async function addFactor(ctx: ServiceContext, actor: Actor, reviewId: string, input: FactorInput): Promise<string> {
  const fields = await readFactorInput(ctx.db, reviewId, input)
  const id = ctx.newId()
  const at = nowIso(ctx)
  await ctx.db.transaction().execute(async (trx) => {
    await insertFactor(trx, {
      id, review_id: reviewId, position: await nextFactorPosition(trx, reviewId), text: fields.text, level: fields.level, factor_type: fields.factorType,
      created_by: actor.userId, created_at: at, updated_at: at,
    })
    await replaceFactorEpisodes(trx, id, fields.kpeIds)
    await replaceFactorEvidence(trx, id, fields.evidence)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'analysis.factor.create', reviewId, objectType: 'contributory-factor', objectId: id,
      details: { level: fields.level, factorType: fields.factorType, episodes: fields.kpeIds, evidence: fields.evidence.length },
    })
  })
  return id
}

export async function editFactor(ctx: ServiceContext, actor: Actor, reviewId: string, factorId: string, input: FactorInput): Promise<void> {
  const fields = await readFactorInput(ctx.db, reviewId, input)
  await ctx.db.transaction().execute(async (trx) => {
    await requireFactor(trx, reviewId, factorId)
    await updateFactor(trx, reviewId, factorId, { text: fields.text, level: fields.level, factor_type: fields.factorType, updated_at: nowIso(ctx) })
    await replaceFactorEpisodes(trx, factorId, fields.kpeIds)
    await replaceFactorEvidence(trx, factorId, fields.evidence)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'analysis.factor.update', reviewId, objectType: 'contributory-factor', objectId: factorId,
      details: { level: fields.level, factorType: fields.factorType, episodes: fields.kpeIds, evidence: fields.evidence.length },
    })
  })
}

export async function removeFactor(ctx: ServiceContext, actor: Actor, reviewId: string, factorId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if ((await deleteFactor(trx, reviewId, factorId)) === 0) throw new NotFound('There is no such contributory factor in this review. It may have been deleted.')
    await recordAudit(trx, ctx.clock, actor, { action: 'analysis.factor.delete', reviewId, objectType: 'contributory-factor', objectId: factorId })
  })
}

/** Labels for evidence refs (in order), marking any that are no longer in the review. */
export async function labelEvidence(db: Executor, reviewId: string, refs: readonly EvidenceRef[]): Promise<Array<EvidenceRef & { label: string; item: EvidenceItem | null }>> {
  const { found } = await findEvidence(db, reviewId, refs)
  const byKey = new Map(found.map((item) => [`${item.type}:${item.id}`, item]))
  return refs.map((ref) => {
    const item = byKey.get(`${ref.type}:${ref.id}`) ?? null
    return { ...ref, item, label: item ? item.label : `This ${ref.type === 'event' ? 'chronology event' : ref.type} is no longer in the review` }
  })
}
