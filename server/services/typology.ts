// The national typology as stored: the current version, its history, publishing a new version with a
// crosswalk, checking tags, and translating old tags to the latest version for national analysis.
import {
  compareVersions, CROSSWALK_CHANGES, explainTranslation, isTaggable, validateNewVersion,
  type CrosswalkChange, type CrosswalkEntry, type TypologyCode, type TypologyVersion,
} from '../../methodology/typology/typology-versions.js'
import { BadInput, type ErrorDetail } from '../errors.js'
import { insertTypologyVersion, listTypologyVersions, type StoredTypologyVersion } from '../data/typology.js'
import type { Executor } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'

export interface TypologyHistory {
  /** Oldest first. */
  versions: StoredTypologyVersion[]
  current: StoredTypologyVersion
}

export async function loadTypology(db: Executor): Promise<TypologyHistory> {
  const versions = await listTypologyVersions(db)
  const current = versions[versions.length - 1]
  // Migration 0006 seeds version 1, so an empty table means the database was tampered with.
  if (!current) throw new Error('No typology version is stored')
  return { versions, current }
}

/** The typology as anyone signed in reads it: reference data, the same for every review. */
export async function typologyFor(ctx: Pick<ServiceContext, 'db'>, _viewer: Viewer): Promise<TypologyHistory> {
  return loadTypology(ctx.db)
}

export function familiesOf(version: TypologyVersion): Array<TypologyCode & { codes: TypologyCode[] }> {
  return version.codes.filter((c) => c.parent === null).map((family) => ({ ...family, codes: version.codes.filter((c) => c.parent === family.code) }))
}

/** The label of a code in a version, or the code itself when it is not there. */
export function codeLabel(version: TypologyVersion, code: string): string {
  return version.codes.find((c) => c.code === code)?.label ?? code
}

/**
 * Codes that cannot be used for a new tag in the current version: unknown, retired or replaced, each with the
 * reason (and the code to use instead, where there is one).
 */
export function refusedCodes(history: TypologyHistory, codes: readonly string[]): Array<{ code: string; reason: string }> {
  return codes.flatMap((code) => {
    const verdict = isTaggable(code, history.current, history.versions)
    return verdict.ok ? [] : [{ code, reason: verdict.reason }]
  })
}

// ---- Translating tags for national analysis ----

export interface TagToTranslate {
  code: string
  /** The typology version the tag was made against. */
  version: string
}

export interface TranslatedTag extends TagToTranslate {
  /** The version translated into (the latest). */
  latestVersion: string
  /** What the tag means in the latest version: a split gives several codes, a retirement none. */
  codes: string[]
  /** Set when the code was retired on the way, with the version that retired it and why. */
  retired: { code: string; version: string; note: string } | null
  /** Set when the code or its version is not known here. */
  unknown: string | null
}

/** Pure: carries each tag forward through the crosswalks of `versions` to the latest of them. */
export function translateTagsThrough(versions: readonly TypologyVersion[], tags: readonly TagToTranslate[]): TranslatedTag[] {
  const ordered = [...versions].sort((a, b) => compareVersions(a.version, b.version))
  const latest = ordered[ordered.length - 1]
  if (!latest) throw new RangeError('No typology versions to translate through')
  return tags.map((tag) => {
    const base = { code: tag.code, version: tag.version, latestVersion: latest.version }
    if (!ordered.some((v) => compareVersions(v.version, tag.version) === 0)) {
      return { ...base, codes: [], retired: null, unknown: `typology version ${tag.version} is not known here` }
    }
    const translation = explainTranslation(tag.code, tag.version, latest.version, ordered)
    return { ...base, codes: translation.codes, retired: translation.retired[0] ?? null, unknown: translation.unknown }
  })
}

/**
 * Translates stored tags (each with the version it was made against) into the latest published version,
 * for national analysis across reviews tagged at different times.
 */
export async function translateTagsToLatest(db: Executor, tags: readonly TagToTranslate[]): Promise<TranslatedTag[]> {
  return translateTagsThrough(await listTypologyVersions(db), tags)
}

// ---- Publishing a new version ----

const MAX_CODES = 500

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null
}

/**
 * Reads a proposed version from JSON (the API body, or the publishing form's text): `{version, publishedAt,
 * codes: [{code, label, parent, description, examples}], crosswalk: [{from, to, change, note}]}`.
 * Shape problems are reported by path; the methodology's checks then judge the content.
 */
export function readTypologyVersion(raw: unknown): { version: TypologyVersion | null; details: ErrorDetail[] } {
  const details: ErrorDetail[] = []
  if (!isRecord(raw)) return { version: null, details: [{ path: 'body', message: 'Send the new version as a JSON object' }] }
  const version = typeof raw.version === 'string' ? raw.version.trim() : ''
  if (!version) details.push({ path: 'version', message: 'Enter the new version number, like 1.1 or 2.0' })
  const publishedAt = typeof raw.publishedAt === 'string' ? raw.publishedAt.trim() : ''
  if (!publishedAt) details.push({ path: 'publishedAt', message: 'Enter the publication date, YYYY-MM-DD' })
  const codes: TypologyCode[] = []
  if (!Array.isArray(raw.codes)) details.push({ path: 'codes', message: 'codes must be a list of codes' })
  else if (raw.codes.length > MAX_CODES) details.push({ path: 'codes', message: `A version can have at most ${MAX_CODES} codes` })
  else {
    raw.codes.forEach((entry: unknown, i) => {
      if (!isRecord(entry)) return details.push({ path: `codes[${i}]`, message: 'each code must be an object with code, label, parent, description and examples' })
      const examples = entry.examples === undefined ? [] : stringList(entry.examples)
      if (examples === null) details.push({ path: `codes[${i}].examples`, message: 'examples must be a list of text' })
      if (entry.parent !== null && entry.parent !== undefined && typeof entry.parent !== 'string') {
        details.push({ path: `codes[${i}].parent`, message: 'parent must be a family code, or null for a family' })
      }
      codes.push({
        code: typeof entry.code === 'string' ? entry.code.trim() : String(entry.code ?? ''),
        label: typeof entry.label === 'string' ? entry.label.trim() : '',
        parent: typeof entry.parent === 'string' && entry.parent.trim() !== '' ? entry.parent.trim() : null,
        description: typeof entry.description === 'string' ? entry.description.trim() : '',
        examples: examples ?? [],
      })
    })
  }
  const crosswalk: CrosswalkEntry[] = []
  if (!Array.isArray(raw.crosswalk)) details.push({ path: 'crosswalk', message: 'crosswalk must be a list saying what happened to each code of the previous version' })
  else {
    raw.crosswalk.forEach((entry: unknown, i) => {
      if (!isRecord(entry)) return details.push({ path: `crosswalk[${i}]`, message: 'each crosswalk entry must be an object with from, to, change and note' })
      const to = stringList(entry.to)
      if (to === null) details.push({ path: `crosswalk[${i}].to`, message: 'to must be a list of codes (empty for a retirement)' })
      if (typeof entry.change !== 'string' || !CROSSWALK_CHANGES.includes(entry.change as CrosswalkChange)) {
        details.push({ path: `crosswalk[${i}].change`, message: `change must be one of ${CROSSWALK_CHANGES.join(', ')}` })
      }
      const suggested = entry.suggested === undefined ? [] : stringList(entry.suggested)
      if (suggested === null) details.push({ path: `crosswalk[${i}].suggested`, message: 'suggested must be a list of codes' })
      crosswalk.push({
        from: typeof entry.from === 'string' ? entry.from.trim() : '',
        to: (to ?? []).map((c) => c.trim()),
        change: entry.change as CrosswalkChange,
        note: typeof entry.note === 'string' ? entry.note.trim() : '',
        ...(suggested !== null && suggested.length > 0 ? { suggested: suggested.map((c) => c.trim()) } : {}),
      })
    })
  }
  if (details.length > 0) return { version: null, details }
  return { version: { version, publishedAt, codes, crosswalk }, details }
}

/**
 * Publishes a new typology version after the methodology's checks (crosswalk complete, no cycles, no reused
 * or unknown codes). On any problem nothing is stored and every problem is listed.
 */
export async function publishTypologyVersion(ctx: ServiceContext, actor: Actor, raw: unknown): Promise<TypologyVersion> {
  const { version, details } = readTypologyVersion(raw)
  if (!version) throw new BadInput('The new typology version was not published', details)
  return ctx.db.transaction().execute(async (trx) => {
    const history = await loadTypology(trx)
    const problems = validateNewVersion(history.current, version, history.versions)
    if (problems.length > 0) throw new BadInput('The new typology version was not published', problems)
    await insertTypologyVersion(trx, version, actor.userId, nowIso(ctx))
    const changes: Record<string, number> = {}
    for (const entry of version.crosswalk ?? []) changes[entry.change] = (changes[entry.change] ?? 0) + 1
    await recordAudit(trx, ctx.clock, actor, {
      action: 'typology.publish', objectType: 'typology-version', objectId: version.version,
      details: { previous: history.current.version, codes: version.codes.length, changes },
    })
    return version
  })
}

/** The current version as a starting point for the next: every code kept as it is. */
export function draftNextVersion(current: TypologyVersion): { codes: TypologyCode[]; crosswalk: CrosswalkEntry[] } {
  return {
    codes: current.codes.map((c) => ({ ...c, examples: [...c.examples] })),
    crosswalk: current.codes.map((c) => ({ from: c.code, to: [c.code], change: 'same' as const, note: '' })),
  }
}

/** Every version of the typology (not case content: the same for every signed-in user). */
export async function typologyHistory(ctx: ServiceContext): Promise<TypologyHistory> {
  return loadTypology(ctx.db)
}
