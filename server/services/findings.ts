// Systemic and good practice findings: one consistent shape across reviews, tagged to the national typology,
// linked to the case's evidence and ending with questions for the board. Drafts without evidence are allowed;
// the findings stage's readiness check counts them.
import { agreementGaps } from '../../methodology/findings/agreeing-a-finding.js'
import { MAP_LEVEL_INFO, MAP_LEVELS } from '../../methodology/map/map-model.js'
import { countingLine } from '../../methodology/typology/typology-counting.js'
import { defaultEffect, findingTypeOf, isTagEffect, TAG_EFFECTS, type FindingType, type TagEffect } from '../../methodology/typology/tag-effect.js'
import { BadInput, NotFound, RuleBroken, StaleEdit, type ErrorDetail } from '../errors.js'
import {
  deleteBoardQuestions, deleteFinding, findFinding, insertBoardQuestion, insertFinding, listAgreedFindings, listBoardQuestions, listFindingResearchQuestions, listFindings,
  listLinks, listTags, nextFindingPosition, replaceFindingResearchQuestions, replaceLinks, replaceTags, setBoardQuestionPosition, updateFindingAtVersion,
  type LinkRow,
} from '../data/findings.js'
import { listResearchQuestions } from '../data/reviews.js'
import type { BoardQuestion, Executor, Finding } from '../data/schema.js'
import type { FindingKind, FindingLinkKind } from '../data/tables/findings.js'
import { findUserById } from '../data/users.js'
import { recordAudit } from './audit.js'
import { auditRead } from './read-audit.js'
import { namesFor, type ShownNames } from './pseudonym-view.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { languageIssuesByFinding, NO_SUCH_FINDING, questionsOf, type FindingLanguageIssue } from './finding-language.js'

export { NO_SUCH_FINDING }
import { checkLinks } from './finding-links.js'
import { requireCapability } from './capability.js'
import type { ReviewViewer } from './viewer.js'
import { codeLabel, loadTypology, refusedCodes, type TypologyHistory } from './typology.js'

export const FINDING_KINDS: ReadonlyArray<{ value: FindingKind; text: string; hint: string }> = [
  { value: 'systemic', text: 'Systemic finding', hint: 'A pattern in the local system that makes good practice harder or poor practice more likely' },
  { value: 'good-practice', text: 'Good practice', hint: 'Something in the system that helped, and should be protected or spread' },
]

export const SYSTEM_LEVEL_OPTIONS = MAP_LEVELS.map((level) => ({ value: level, text: MAP_LEVEL_INFO[level].label }))

export interface EvidenceRef {
  type: 'event' | 'quote' | 'document'
  id: string
}

export interface FindingInput {
  kind: string
  title: string
  pattern: string
  inThisCase: string
  howWidespread: string
  whyItMatters: string
  systemLevel: string
  /** Codes in the current typology version; `CODE@version` keeps a tag the finding already has from an earlier version. */
  typologyCodes: string[]
  /**
   * Whether each pattern helped or hindered in this finding, by code (current version only). A code without
   * one follows the finding's kind: good practice helps, a systemic finding hinders.
   */
  effects?: Record<string, string>
  researchQuestionIds: string[]
  kpeIds: string[]
  nodeIds: string[]
  evidence: EvidenceRef[]
  boardQuestions: string[]
}

export const EMPTY_FINDING_INPUT: FindingInput = {
  kind: 'systemic', title: '', pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '',
  typologyCodes: [], effects: {}, researchQuestionIds: [], kpeIds: [], nodeIds: [], evidence: [], boardQuestions: [],
}

const LIMITS = { title: 200, text: 10_000, question: 1_000, questions: 20, links: 200 }

export interface FindingTag {
  code: string
  version: string
  label: string
  /** False for a tag made against an earlier version. */
  current: boolean
  /** What the tag means in the current version (itself when current; the new codes of a split; none when retired). */
  now: string[]
  /** Null for a tag made before typology 2.0. */
  effect: TagEffect | null
  /** For a tag from an earlier version: what re-tagging it involves. Null for a current tag. */
  retag: Retag | null
}

/** What re-tagging an older tag involves, and how it is counted until then. */
export interface Retag {
  change: 'same' | 'renamed' | 'split' | 'retired' | 'unknown'
  /** The codes of the current version to choose from (split), or the one it became. */
  codes: string[]
  /** Codes to consider instead of a retired one. */
  suggested: string[]
  /** How the tag counts in national trends until re-tagged: its code, its family, or its own split line. */
  countedAs: string | null
  message: string
}

export interface FindingView {
  finding: Finding
  tags: FindingTag[]
  researchQuestionIds: string[]
  links: LinkRow[]
  questions: BoardQuestion[]
  languageIssues: FindingLanguageIssue[]
  /** Linked to at least one episode, map node, event, quote or document. */
  hasEvidence: boolean
  /** The name of who agreed it; null for a draft. */
  agreedBy: string | null
  /** Good practice or an area for improvement, from the tags' helps/hinders markers (see findingTypeOf). */
  findingType: FindingType
  /** Tags from an earlier typology version, waiting to be re-tagged. */
  needsRetagging: number
}

/** `CODE@1.0` → { code, version }; plain codes have no version. */
export function splitTagValue(value: string): { code: string; version: string | null } {
  const at = value.lastIndexOf('@')
  return at > 0 ? { code: value.slice(0, at), version: value.slice(at + 1) } : { code: value, version: null }
}

function unique<T>(items: readonly T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = key(item)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

function trimmedText(value: string, path: string, label: string, max: number, details: ErrorDetail[]): string {
  const v = value.trim()
  if (v.length > max) details.push({ path, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
  return v
}

interface ValidFinding {
  kind: FindingKind
  title: string
  pattern: string
  inThisCase: string
  howWidespread: string
  whyItMatters: string
  systemLevel: string | null
  tags: Array<{ code: string; version: string; effect: TagEffect | null }>
  researchQuestionIds: string[]
  links: Array<{ kind: FindingLinkKind; id: string }>
  boardQuestions: string[]
}

async function validateFinding(
  db: Executor,
  reviewId: string,
  input: FindingInput,
  typology: TypologyHistory,
  existingTags: ReadonlyArray<{ code: string; typology_version: string; effect: TagEffect | null }>,
): Promise<ValidFinding> {
  const details: ErrorDetail[] = []
  const kind = input.kind as FindingKind
  if (!FINDING_KINDS.some((k) => k.value === kind)) details.push({ path: 'kind', message: 'Choose whether this is a systemic finding or good practice' })
  const title = trimmedText(input.title, 'title', 'The title', LIMITS.title, details)
  if (!title) details.push({ path: 'title', message: 'Enter a title that names the pattern' })
  const pattern = trimmedText(input.pattern, 'pattern', 'The systemic pattern', LIMITS.text, details)
  const inThisCase = trimmedText(input.inThisCase, 'inThisCase', 'How it showed in this case', LIMITS.text, details)
  const howWidespread = trimmedText(input.howWidespread, 'howWidespread', 'How widespread it is', LIMITS.text, details)
  const whyItMatters = trimmedText(input.whyItMatters, 'whyItMatters', 'Why it matters', LIMITS.text, details)
  const systemLevel = input.systemLevel.trim() || null
  if (systemLevel && !(MAP_LEVELS as readonly string[]).includes(systemLevel)) {
    details.push({ path: 'systemLevel', message: `Choose a system level: ${MAP_LEVELS.join(', ')}` })
  }

  // Tags: new ones must be live codes of the current version; tags from earlier versions may only be kept.
  const tags: ValidFinding['tags'] = []
  const newCodes: string[] = []
  for (const value of unique(input.typologyCodes.map((c) => c.trim()).filter(Boolean))) {
    const { code, version } = splitTagValue(value)
    const kept = existingTags.find((t) => t.code === code && t.typology_version === version)
    if (version === null || version === typology.current.version) newCodes.push(code)
    else if (kept) tags.push({ code, version, effect: kept.effect })
    else details.push({ path: 'typologyCodes', message: `${code} (version ${version}) can only be kept on a finding that already has it; tag with version ${typology.current.version} codes` })
  }
  const refused = refusedCodes(typology, newCodes)
  for (const r of refused) details.push({ path: 'typologyCodes', message: r.reason })
  for (const code of newCodes) {
    if (refused.some((r) => r.code === code)) continue
    const given = (input.effects?.[code] ?? '').trim()
    if (given !== '' && !isTagEffect(given)) {
      details.push({ path: `effect-${code}`, message: `Say whether ${code} helps or hinders in this finding (${TAG_EFFECTS.join(' or ')})` })
      continue
    }
    tags.push({ code, version: typology.current.version, effect: given === '' ? defaultEffect(kind) : (given as TagEffect) })
  }
  for (const code of Object.keys(input.effects ?? {})) {
    if (!newCodes.includes(code) && (input.effects?.[code] ?? '').trim() !== '' && !input.typologyCodes.some((v) => splitTagValue(v.trim()).code === code)) {
      details.push({ path: 'typologyCodes', message: `${code} has a helps or hinders marker but is not one of the finding’s codes` })
    }
  }

  const known = new Set((await listResearchQuestions(db, reviewId)).map((q) => q.id))
  const researchQuestionIds = unique(input.researchQuestionIds.filter(Boolean))
  for (const id of researchQuestionIds) if (!known.has(id)) details.push({ path: 'researchQuestionIds', message: `Research question ${id} is not one of this review’s questions` })

  const links = unique([
    ...input.kpeIds.filter(Boolean).map((id) => ({ kind: 'kpe' as const, id })),
    ...input.nodeIds.filter(Boolean).map((id) => ({ kind: 'map-node' as const, id })),
    ...input.evidence.map((e) => ({ kind: e.type, id: e.id })),
  ], (l) => `${l.kind}:${l.id}`)
  if (links.length > LIMITS.links) details.push({ path: 'links', message: `A finding can link to at most ${LIMITS.links} episodes, nodes and pieces of evidence` })
  else details.push(...(await checkLinks(db, reviewId, links)))

  const boardQuestions = input.boardQuestions.map((q) => q.trim()).filter(Boolean)
  if (boardQuestions.length > LIMITS.questions) details.push({ path: 'boardQuestions', message: `Ask the board at most ${LIMITS.questions} questions for one finding` })
  boardQuestions.forEach((q, i) => {
    if (q.length > LIMITS.question) details.push({ path: 'boardQuestions', message: `Question ${i + 1} must be ${LIMITS.question} characters or fewer` })
    // Questions leave the decision with the board; an instruction is a recommendation by another name.
    if (!q.endsWith('?')) details.push({ path: 'boardQuestions', message: `Write question ${i + 1} as a question for the board, ending with a question mark, not as an instruction` })
  })
  if (unique(boardQuestions, (q) => q.toLowerCase()).length !== boardQuestions.length) details.push({ path: 'boardQuestions', message: 'The same question is asked twice' })

  if (details.length) throw new BadInput('There is a problem with the finding', details)
  return { kind, title, pattern, inThisCase, howWidespread, whyItMatters, systemLevel, tags, researchQuestionIds, links, boardQuestions }
}

/**
 * Keeps questions whose words are unchanged (and so their responses), adds new ones and removes the rest.
 * A question the board has answered cannot be removed or reworded: the response would lose its question.
 */
async function syncBoardQuestions(trx: Executor, ctx: ServiceContext, reviewId: string, findingId: string, wanted: readonly string[]): Promise<{ added: number; removed: number }> {
  const existing = questionsOf(await listBoardQuestions(trx, reviewId), findingId)
  const keep = new Map<string, BoardQuestion>()
  for (const q of existing) keep.set(q.text, q)
  const removed = existing.filter((q) => !wanted.includes(q.text))
  const answered = removed.find((q) => q.response !== null)
  if (answered) {
    throw new BadInput('There is a problem with the finding', [{
      path: 'boardQuestions',
      message: `The board has already responded to “${answered.text}”. Keep that question word for word; add a new question instead of changing it.`,
    }])
  }
  await deleteBoardQuestions(trx, removed.map((q) => q.id))
  let added = 0
  for (const [position, text] of wanted.entries()) {
    const current = keep.get(text)
    if (current) await setBoardQuestionPosition(trx, current.id, position + 1)
    else {
      await insertBoardQuestion(trx, { id: ctx.newId(), finding_id: findingId, review_id: reviewId, position: position + 1, text, response: null, responded_by: null, responded_at: null, version: 0 })
      added++
    }
  }
  return { added, removed: removed.length }
}

function auditDetails(valid: ValidFinding, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: valid.kind, codes: valid.tags.map((t) => `${t.code}@${t.version}${t.effect ? `:${t.effect}` : ''}`), links: valid.links.length,
    researchQuestions: valid.researchQuestionIds.length, boardQuestions: valid.boardQuestions.length, ...extra,
  }
}

export async function createFinding(ctx: ServiceContext, actor: Actor, reviewId: string, input: FindingInput): Promise<Finding> {
  return ctx.db.transaction().execute(async (trx) => {
    const typology = await loadTypology(trx)
    const valid = await validateFinding(trx, reviewId, input, typology, [])
    const at = nowIso(ctx)
    const finding: Finding = {
      id: ctx.newId(), review_id: reviewId, kind: valid.kind, position: await nextFindingPosition(trx, reviewId), title: valid.title,
      pattern: valid.pattern, in_this_case: valid.inThisCase, how_widespread: valid.howWidespread, why_it_matters: valid.whyItMatters,
      system_level: valid.systemLevel, created_by: actor.userId, created_at: at, updated_at: at, version: 1, status: 'draft', agreed_by: null, agreed_at: null,
      national_attention: 0,
    }
    await insertFinding(trx, finding)
    await replaceTags(trx, finding.id, valid.tags, actor.userId, at)
    await replaceLinks(trx, finding.id, valid.links)
    await replaceFindingResearchQuestions(trx, finding.id, valid.researchQuestionIds)
    await syncBoardQuestions(trx, ctx, reviewId, finding.id, valid.boardQuestions)
    await recordAudit(trx, ctx.clock, actor, { action: 'finding.create', reviewId, objectType: 'finding', objectId: finding.id, details: auditDetails(valid) })
    return finding
  })
}

export const STALE_FINDING = 'Someone else saved this finding since you opened it, so your changes were not saved. Open it again to see their changes.'

/** Any change to an agreed finding sends it back to draft: the lead reviewer agrees what it now says. */
const BACK_TO_DRAFT = { status: 'draft', agreed_by: null, agreed_at: null } as const

/**
 * Saves an edited finding. `expectedVersion` is the version the editor opened; a save from an older version
 * is refused (StaleEdit) by the UPDATE itself, with nothing changed. Without one, the version read here is used.
 */
export async function editFinding(ctx: ServiceContext, actor: Actor, reviewId: string, findingId: string, input: FindingInput, expectedVersion: number | null): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findFinding(trx, reviewId, findingId)
    if (!current) throw new NotFound(NO_SUCH_FINDING)
    const typology = await loadTypology(trx)
    const existingTags = await listTags(trx, [findingId])
    const valid = await validateFinding(trx, reviewId, input, typology, existingTags)
    const at = nowIso(ctx)
    const saved = await updateFindingAtVersion(trx, findingId, expectedVersion ?? current.version, {
      kind: valid.kind, title: valid.title, pattern: valid.pattern, in_this_case: valid.inThisCase, how_widespread: valid.howWidespread,
      why_it_matters: valid.whyItMatters, system_level: valid.systemLevel, updated_at: at, ...BACK_TO_DRAFT,
    })
    if (!saved) throw new StaleEdit(STALE_FINDING)
    // Unchanged tags keep who made them and when; only the set is replaced.
    const same = existingTags.length === valid.tags.length && valid.tags.every((t) => existingTags.some((e) => e.code === t.code && e.typology_version === t.version && e.effect === t.effect))
    if (!same) await replaceTags(trx, findingId, valid.tags, actor.userId, at)
    await replaceLinks(trx, findingId, valid.links)
    await replaceFindingResearchQuestions(trx, findingId, valid.researchQuestionIds)
    const questions = await syncBoardQuestions(trx, ctx, reviewId, findingId, valid.boardQuestions)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'finding.update', reviewId, objectType: 'finding', objectId: findingId,
      details: auditDetails(valid, { tagsChanged: !same, questionsAdded: questions.added, questionsRemoved: questions.removed, returnedToDraft: current.status === 'agreed' }),
    })
  })
}

/** Replaces only a finding's typology tags (resolving a tagging disagreement); other fields are untouched. */
/**
 * Replaces a finding's codes. `effects` gives markers to use (an agreement exercise's settled markers); otherwise a
 * code the finding already has keeps its marker and a new one follows the finding's kind until changed on the form.
 */
export async function setFindingTags(
  ctx: ServiceContext, actor: Actor, reviewId: string, findingId: string, codes: readonly string[], effects: Readonly<Record<string, TagEffect>> = {},
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findFinding(trx, reviewId, findingId)
    if (!current) throw new NotFound(NO_SUCH_FINDING)
    const typology = await loadTypology(trx)
    const wanted = unique(codes.map((c) => c.trim()).filter(Boolean))
    const refused = refusedCodes(typology, wanted)
    if (refused.length) throw new BadInput('These codes cannot be used', refused.map((r) => ({ path: 'codes', message: r.reason })))
    const at = nowIso(ctx)
    const existing = await listTags(trx, [findingId])
    const tags = wanted.map((code) => ({
      code, version: typology.current.version,
      effect: effects[code] ?? existing.find((t) => t.code === code && t.typology_version === typology.current.version)?.effect ?? defaultEffect(current.kind),
    }))
    if (!(await updateFindingAtVersion(trx, findingId, current.version, { updated_at: at, ...BACK_TO_DRAFT }))) throw new StaleEdit(STALE_FINDING)
    await replaceTags(trx, findingId, tags, actor.userId, at)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'finding.tags.set', reviewId, objectType: 'finding', objectId: findingId,
      details: { codes: wanted, version: typology.current.version, returnedToDraft: current.status === 'agreed' },
    })
  })
}

/**
 * The lead reviewer agrees a finding, so it may appear in reports, on the board's pages and in the national
 * return. Refused (409, every gap listed, nothing changed) while it is incomplete; agreeing an agreed finding
 * changes nothing. `expectedVersion`, when given, must be the version the lead reviewer was looking at.
 */
export async function agreeFinding(ctx: ServiceContext, actor: Actor, reviewId: string, findingId: string, expectedVersion: number | null = null): Promise<FindingView> {
  return ctx.db.transaction().execute(async (trx) => {
    const view = await getFindingView(trx, reviewId, findingId)
    const f = view.finding
    if (f.status === 'agreed' && (expectedVersion === null || expectedVersion === f.version)) return view
    const gaps = agreementGaps({
      title: f.title, pattern: f.pattern, inThisCase: f.in_this_case, howWidespread: f.how_widespread, whyItMatters: f.why_it_matters,
      typologyCodes: view.tags.map((t) => t.code), boardQuestions: view.questions.map((q) => q.text),
      openLanguageFlags: view.languageIssues.filter((i) => i.dismissal === null),
    })
    if (gaps.length > 0) throw new RuleBroken('This finding cannot be agreed yet. Complete it first:', gaps, 'finding-incomplete')
    const at = nowIso(ctx)
    if (!(await updateFindingAtVersion(trx, findingId, expectedVersion ?? f.version, { status: 'agreed', agreed_by: actor.userId, agreed_at: at, updated_at: at }))) throw new StaleEdit(STALE_FINDING)
    await recordAudit(trx, ctx.clock, actor, { action: 'finding.agree', reviewId, objectType: 'finding', objectId: findingId, details: { version: f.version + 1 } })
    return getFindingView(trx, reviewId, findingId)
  })
}

export async function removeFinding(ctx: ServiceContext, actor: Actor, reviewId: string, findingId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await findFinding(trx, reviewId, findingId)
    if (!current) throw new NotFound(NO_SUCH_FINDING)
    const answered = questionsOf(await listBoardQuestions(trx, reviewId), findingId).filter((q) => q.response !== null).length
    if (answered > 0) {
      throw new BadInput('This finding cannot be deleted', [{ path: 'finding', message: `The board has responded to ${answered === 1 ? 'one of its questions' : `${answered} of its questions`}, so the finding is part of the record. Change it instead.` }])
    }
    await deleteFinding(trx, findingId)
    await recordAudit(trx, ctx.clock, actor, { action: 'finding.delete', reviewId, objectType: 'finding', objectId: findingId, details: { kind: current.kind } })
  })
}

// ---- Reading ----

/** What re-tagging a tag from an earlier version involves, in the words the findings pages show. */
export function retagOf(code: string, version: string, typology: TypologyHistory): Retag {
  const latest = typology.current.version
  const line = countingLine(code, version, typology.versions)
  switch (line.kind) {
    case 'unknown':
      return { change: 'unknown', codes: [], suggested: [], countedAs: null, message: `${line.reason}; choose a code of version ${latest}.` }
    case 'split':
      return {
        change: 'split', codes: line.split.into, suggested: [], countedAs: line.key,
        message: `${line.split.code} was split in version ${line.split.version} into ${line.split.into.join(', ')}: choose the one that fits. Until then it is counted once, on its own line in national trends, not under each new code.`,
      }
    case 'family': {
      const r = line.retired
      return {
        change: 'retired', codes: [], suggested: r.suggested, countedAs: line.key,
        message: `${r.code} was retired in version ${r.version}${r.note ? `: ${r.note}` : '.'}${r.suggested.length ? ` Consider ${r.suggested.join(' or ')}.` : ''} Until re-tagged it counts under its family, ${line.key}.`,
      }
    }
    case 'code':
      return line.key === code
        ? { change: 'same', codes: [code], suggested: [], countedAs: code, message: `${code} carries over to version ${latest}: tick it there and say whether it helps or hinders.` }
        : { change: 'renamed', codes: [line.key], suggested: [], countedAs: line.key, message: `In version ${latest} this is ${line.key}: tag ${line.key} and say whether it helps or hinders.` }
  }
}

function tagsOf(rows: ReadonlyArray<{ code: string; typology_version: string; effect: TagEffect | null }>, typology: TypologyHistory): FindingTag[] {
  return rows.map((row) => {
    const current = row.typology_version === typology.current.version
    const version = typology.versions.find((v) => v.version === row.typology_version)
    const retag = current ? null : retagOf(row.code, row.typology_version, typology)
    return {
      code: row.code, version: row.typology_version, label: version ? codeLabel(version, row.code) : row.code, current,
      now: retag === null ? [row.code] : retag.change === 'retired' ? [] : retag.codes, effect: row.effect, retag,
    }
  })
}

export async function listFindingViews(db: Executor, reviewId: string): Promise<FindingView[]> {
  const findings = await listFindings(db, reviewId)
  return assembleViews(db, reviewId, findings)
}

const FINDING_TEXTS = ['title', 'pattern', 'in_this_case', 'how_widespread', 'why_it_matters'] as const

/**
 * Findings as this viewer may see them: every piece of text (the SCIE parts, the board's questions and answers, the
 * sentences the language check quotes) in the viewer's name form, one batch for all of them.
 */
function findingsAsShown(views: readonly FindingView[], names: ShownNames): FindingView[] {
  if (names.display === 'real' || views.length === 0) return [...views]
  const texts = views.flatMap((v) => [
    ...FINDING_TEXTS.map((f) => v.finding[f]),
    ...v.questions.flatMap((q) => [q.text, q.response]),
    ...v.languageIssues.flatMap((i) => [i.sentence, i.phrase]),
  ])
  const shown = names.showMany(texts)
  let at = 0
  const next = () => shown[at++] ?? ''
  return views.map((v) => {
    const finding = { ...v.finding }
    for (const f of FINDING_TEXTS) finding[f] = next()
    const questions = v.questions.map((q) => {
      const text = next()
      const response = next()
      return { ...q, text, response: q.response === null ? null : response }
    })
    const languageIssues = v.languageIssues.map((i) => ({ ...i, sentence: next(), phrase: next() }))
    return { ...v, finding, questions, languageIssues }
  })
}

/** The findings this viewer may see, in their name form: the board chair sees agreed findings only, reviewers drafts too. */
export async function findingsFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<FindingView[]> {
  const [views, names] = await Promise.all([
    viewer.can('findings.drafts') ? listFindingViews(ctx.db, viewer.reviewId) : listAgreedFindingViews(ctx.db, viewer.reviewId),
    namesFor(ctx, viewer),
  ])
  // Reading findings is audited like any case content (page and API alike).
  await auditRead(ctx, viewer, { action: 'finding.list.view', objectType: 'findings', objectId: viewer.reviewId, details: { findings: views.length } })
  return findingsAsShown(views, names)
}

/** One finding in the viewer's name form, if they may see it: a draft is not found for the board chair. */
export async function findingFor(ctx: ServiceContext, viewer: ReviewViewer, findingId: string): Promise<FindingView> {
  const [view, names] = await Promise.all([getFindingView(ctx.db, viewer.reviewId, findingId), namesFor(ctx, viewer)])
  if (view.finding.status !== 'agreed' && !viewer.can('findings.drafts')) throw new NotFound(NO_SUCH_FINDING)
  await auditRead(ctx, viewer, { action: 'finding.view', objectType: 'finding', objectId: findingId })
  return findingsAsShown([view], names)[0]!
}

/**
 * One finding as stored, for its edit form (findings.edit: reviewers, who may see real names): the words are the
 * ones saved back, so they are never pseudonymised here, whatever the viewer has chosen to see elsewhere.
 */
export async function findingToEdit(ctx: ServiceContext, viewer: ReviewViewer, findingId: string): Promise<FindingView> {
  requireCapability(viewer, 'findings.edit')
  const view = await getFindingView(ctx.db, viewer.reviewId, findingId)
  await auditRead(ctx, viewer, { action: 'finding.view', objectType: 'finding', objectId: findingId, details: { edit: true } })
  return view
}

/** Only the agreed findings, for everything that leaves the review (see listAgreedFindings). */
export async function listAgreedFindingViews(db: Executor, reviewId: string): Promise<FindingView[]> {
  return assembleViews(db, reviewId, await listAgreedFindings(db, reviewId))
}

export async function getFindingView(db: Executor, reviewId: string, findingId: string): Promise<FindingView> {
  const finding = await findFinding(db, reviewId, findingId)
  if (!finding) throw new NotFound(NO_SUCH_FINDING)
  const [view] = await assembleViews(db, reviewId, [finding])
  return view!
}

async function userNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const users = await Promise.all(ids.map((id) => findUserById(db, id)))
  return new Map(users.filter((u) => u !== undefined).map((u) => [u.id, u.name]))
}

async function assembleViews(db: Executor, reviewId: string, findings: Finding[]): Promise<FindingView[]> {
  const ids = findings.map((f) => f.id)
  const agreers = [...new Set(findings.map((f) => f.agreed_by).filter((id): id is string => id !== null))]
  const [typology, tags, links, rqs, questions, language, names] = await Promise.all([
    loadTypology(db), listTags(db, ids), listLinks(db, ids), listFindingResearchQuestions(db, ids), listBoardQuestions(db, reviewId),
    languageIssuesByFinding(db, reviewId, findings), userNames(db, agreers),
  ])
  return findings.map((finding) => {
    const own = links.filter((l) => l.finding_id === finding.id)
    const findingTags = tagsOf(tags.filter((t) => t.finding_id === finding.id), typology)
    return {
      finding,
      tags: findingTags,
      findingType: findingTypeOf(finding.kind, findingTags.map((t) => t.effect)),
      needsRetagging: findingTags.filter((t) => !t.current).length,
      researchQuestionIds: rqs.filter((r) => r.finding_id === finding.id).map((r) => r.question_id),
      links: own,
      questions: questionsOf(questions, finding.id),
      languageIssues: language.get(finding.id) ?? [],
      hasEvidence: own.length > 0,
      agreedBy: finding.status === 'agreed' ? (finding.agreed_by ? names.get(finding.agreed_by) ?? 'a former user' : 'the system') : null,
    }
  })
}

/**
 * For each typology family of the current version: in how many findings a pattern of it helped, and in how many
 * it hindered, so good practice is counted apart from problems. Tags without a marker (older versions) are left
 * out; a finding counts once per family and column however many of its codes fall there.
 */
export function patternsByFamily(views: readonly FindingView[], typology: TypologyHistory): Array<{ code: string; label: string; helps: number; hinders: number }> {
  const current = typology.current
  const familyOf = (code: string) => {
    const entry = current.codes.find((c) => c.code === code)
    return entry ? entry.parent ?? entry.code : null
  }
  return current.codes.filter((c) => c.parent === null).map((family) => {
    const count = (effect: TagEffect) => views.filter((v) => v.tags.some((t) => t.current && t.effect === effect && familyOf(t.code) === family.code)).length
    return { code: family.code, label: family.label, helps: count('helps'), hinders: count('hinders') }
  }).filter((row) => row.helps + row.hinders > 0)
}

/** The form's values for an existing finding. */
export function inputOf(view: FindingView): FindingInput {
  const f = view.finding
  return {
    kind: f.kind, title: f.title, pattern: f.pattern, inThisCase: f.in_this_case, howWidespread: f.how_widespread, whyItMatters: f.why_it_matters,
    systemLevel: f.system_level ?? '',
    typologyCodes: view.tags.map((t) => (t.current ? t.code : `${t.code}@${t.version}`)),
    effects: Object.fromEntries(view.tags.filter((t) => t.current && t.effect !== null).map((t) => [t.code, t.effect as string])),
    researchQuestionIds: view.researchQuestionIds,
    kpeIds: view.links.filter((l) => l.kind === 'kpe').map((l) => l.target_id),
    nodeIds: view.links.filter((l) => l.kind === 'map-node').map((l) => l.target_id),
    evidence: view.links.filter((l) => l.kind === 'event' || l.kind === 'quote' || l.kind === 'document').map((l) => ({ type: l.kind as EvidenceRef['type'], id: l.target_id })),
    boardQuestions: view.questions.map((q) => q.text),
  }
}
