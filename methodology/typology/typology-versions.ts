// Versioned typology: publishing a new version with a crosswalk, and translating old tags through crosswalks.
// Like aviation's national taxonomies, a code keeps one meaning for ever: codes are never reused, and every
// tag remembers the version it was made against, so old tags can be carried forward for national analysis.

export interface TypologyCode {
  code: string
  label: string
  /** The family code, or null for a family. */
  parent: string | null
  description: string
  examples: string[]
}

export type CrosswalkChange = 'same' | 'renamed' | 'split' | 'merged' | 'retired'

export const CROSSWALK_CHANGES: readonly CrosswalkChange[] = ['same', 'renamed', 'split', 'merged', 'retired']

/** How one code of the previous version maps into this version. */
export interface CrosswalkEntry {
  from: string
  to: string[]
  change: CrosswalkChange
  /** Why the change was made; required for a retirement, since it is what users see when a tag is refused. */
  note: string
  /**
   * For a retirement only: codes of this version to consider when re-tagging. Advice, never a translation: a
   * retired code is counted under its family, because the suggested codes are not what the old tag said.
   */
  suggested?: string[]
}

export interface TypologyVersion {
  version: string
  /** ISO date, YYYY-MM-DD. */
  publishedAt: string
  codes: TypologyCode[]
  /** From the previous version into this one; null only for the first version. */
  crosswalk: CrosswalkEntry[] | null
}

export interface ValidationDetail {
  path: string
  message: string
}

const VERSION_PATTERN = /^\d{1,4}(\.\d{1,4}){0,3}$/
const CODE_PATTERN = /^[A-Z][A-Z0-9]{0,9}(-[A-Z0-9]{1,6}){0,2}$/
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const MAX_LABEL = 200
const MAX_DESCRIPTION = 2_000

/** Compares dotted version numbers numerically ("1.10" is after "1.9"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (diff !== 0) return diff < 0 ? -1 : 1
  }
  return 0
}

function isRealDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (month < 1 || month > 12 || day < 1) return false
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return day <= (daysInMonth[month - 1] as number)
}

function q(code: string): string {
  return `'${code}'`
}

/** Checks a version's own list of codes: format, duplicates, labels, and that every parent is a family in it. */
export function validateTypologyCodes(next: TypologyVersion): ValidationDetail[] {
  const details: ValidationDetail[] = []
  const firstIndex = new Map<string, number>()
  next.codes.forEach((entry, i) => {
    if (typeof entry.code !== 'string' || !CODE_PATTERN.test(entry.code)) {
      details.push({ path: `codes[${i}].code`, message: `${q(String(entry.code))} is not a valid code: use capitals and digits, like MAI or MAI-3` })
      return
    }
    const earlier = firstIndex.get(entry.code)
    if (earlier !== undefined) details.push({ path: `codes[${i}].code`, message: `duplicate code ${q(entry.code)} (also codes[${earlier}])` })
    else firstIndex.set(entry.code, i)
    if (typeof entry.label !== 'string' || entry.label.trim() === '' || entry.label.length > MAX_LABEL) {
      details.push({ path: `codes[${i}].label`, message: `a label of 1 to ${MAX_LABEL} characters is required` })
    }
    if (typeof entry.description !== 'string' || entry.description.length > MAX_DESCRIPTION) {
      details.push({ path: `codes[${i}].description`, message: `the description must be text of at most ${MAX_DESCRIPTION} characters` })
    }
    if (!Array.isArray(entry.examples) || entry.examples.some((example) => typeof example !== 'string')) {
      details.push({ path: `codes[${i}].examples`, message: 'examples must be a list of text' })
    }
  })
  const byCode = new Map(next.codes.map((entry) => [entry.code, entry]))
  next.codes.forEach((entry, i) => {
    if (entry.parent === null) return
    const parent = byCode.get(entry.parent)
    if (entry.parent === entry.code) details.push({ path: `codes[${i}].parent`, message: `${q(entry.code)} cannot be its own parent` })
    else if (parent === undefined) details.push({ path: `codes[${i}].parent`, message: `parent ${q(entry.parent)} is not a code in version ${next.version}` })
    else if (parent.parent !== null) {
      details.push({ path: `codes[${i}].parent`, message: `parent ${q(entry.parent)} must be a family (a code with no parent)` })
    }
  })
  return details
}

function validateEntryShape(entry: CrosswalkEntry, path: string, nextCodes: ReadonlySet<string>, version: string): ValidationDetail[] {
  const details: ValidationDetail[] = []
  if (!CROSSWALK_CHANGES.includes(entry.change)) {
    details.push({ path: `${path}.change`, message: `change must be one of ${CROSSWALK_CHANGES.join(', ')}` })
    return details
  }
  if (!Array.isArray(entry.to)) {
    details.push({ path: `${path}.to`, message: 'to must be a list of codes (empty for a retirement)' })
    return details
  }
  entry.to.forEach((target, j) => {
    if (!nextCodes.has(target)) details.push({ path: `${path}.to[${j}]`, message: `${q(target)} is not a code in version ${version}` })
  })
  if (new Set(entry.to).size !== entry.to.length) details.push({ path: `${path}.to`, message: 'a target is listed twice' })
  const count = entry.to.length
  const from = q(entry.from)
  if (entry.change !== 'retired' && entry.suggested !== undefined && entry.suggested.length > 0) {
    details.push({ path: `${path}.suggested`, message: `only a retired code has suggested codes; ${from} is ${entry.change}` })
  }
  switch (entry.change) {
    case 'same':
      if (count !== 1 || entry.to[0] !== entry.from) details.push({ path: `${path}.to`, message: `'same' must map ${from} to itself only` })
      break
    case 'renamed':
    case 'merged':
      if (count !== 1) details.push({ path: `${path}.to`, message: `'${entry.change}' must map ${from} to exactly one code` })
      break
    case 'split':
      if (count < 2) details.push({ path: `${path}.to`, message: `'split' must map ${from} to two or more codes` })
      break
    case 'retired':
      if (count !== 0) details.push({ path: `${path}.to`, message: `'retired' must map ${from} to no codes` })
      if (entry.suggested !== undefined) {
        if (!Array.isArray(entry.suggested)) details.push({ path: `${path}.suggested`, message: 'suggested must be a list of codes' })
        else {
          entry.suggested.forEach((target, j) => {
            if (!nextCodes.has(target)) details.push({ path: `${path}.suggested[${j}]`, message: `${q(target)} is not a code in version ${version}` })
          })
          if (new Set(entry.suggested).size !== entry.suggested.length) details.push({ path: `${path}.suggested`, message: 'a suggested code is listed twice' })
        }
      }
      if (typeof entry.note !== 'string' || entry.note.trim() === '') {
        details.push({ path: `${path}.note`, message: `say why ${from} is retired: reviewers see this note when the code is refused` })
      }
      break
  }
  return details
}

/**
 * Every crosswalk edge "code A became code B" across all versions, with A different from B. A cycle here means
 * a code came back after being replaced, which would make old tags ambiguous.
 */
function crosswalkCycles(versions: readonly TypologyVersion[]): string[][] {
  const edges = new Map<string, Array<{ to: string; version: string }>>()
  for (const version of versions) {
    for (const entry of version.crosswalk ?? []) {
      if (!Array.isArray(entry.to)) continue
      for (const to of entry.to) {
        if (to === entry.from) continue
        const list = edges.get(entry.from) ?? []
        list.push({ to, version: version.version })
        edges.set(entry.from, list)
      }
    }
  }
  const state = new Map<string, 'open' | 'done'>()
  const cycles: string[][] = []
  const path: string[] = []
  const labels: string[] = []
  // Depth-first search; the graph is a few hundred codes at most, so recursion depth is not a concern.
  const visit = (code: string, label: string): void => {
    state.set(code, 'open')
    path.push(code)
    labels.push(label)
    for (const { to, version } of edges.get(code) ?? []) {
      const seen = state.get(to)
      if (seen === 'open') cycles.push([...labels.slice(path.indexOf(to)), `${to} (${version})`])
      else if (seen === undefined) visit(to, `${to} (${version})`)
    }
    path.pop()
    labels.pop()
    state.set(code, 'done')
  }
  for (const code of edges.keys()) if (!state.has(code)) visit(code, code)
  return cycles
}

/**
 * Checks a proposed new version against the one before it. `history` is every version published so far
 * (the previous one is added if missing); it lets the check refuse reused codes and cycles across versions.
 */
export function validateNewVersion(
  previous: TypologyVersion,
  next: TypologyVersion,
  history: readonly TypologyVersion[] = [previous],
): ValidationDetail[] {
  const details: ValidationDetail[] = []
  if (!VERSION_PATTERN.test(next.version)) {
    details.push({ path: 'version', message: `${q(next.version)} is not a version number like 1.1 or 2.0` })
  } else if (compareVersions(next.version, previous.version) <= 0) {
    details.push({ path: 'version', message: `the new version must come after ${previous.version}` })
  }
  if (!isRealDate(next.publishedAt)) details.push({ path: 'publishedAt', message: 'the publication date must be a real date, YYYY-MM-DD' })
  else if (next.publishedAt < previous.publishedAt) {
    details.push({ path: 'publishedAt', message: `the publication date cannot be before ${previous.publishedAt}, when ${previous.version} was published` })
  }
  if (next.codes.length === 0) details.push({ path: 'codes', message: 'a version needs at least one code' })
  details.push(...validateTypologyCodes(next))

  if (next.crosswalk === null) {
    details.push({ path: 'crosswalk', message: `a new version needs a crosswalk saying what happened to each code of ${previous.version}` })
    return details
  }
  const previousCodes = new Set(previous.codes.map((entry) => entry.code))
  const nextCodes = new Set(next.codes.map((entry) => entry.code))
  const accounted = new Map<string, number>()
  next.crosswalk.forEach((entry, i) => {
    const path = `crosswalk[${i}]`
    if (!previousCodes.has(entry.from)) {
      details.push({ path: `${path}.from`, message: `${q(entry.from)} is not a code in version ${previous.version}` })
      return
    }
    const earlier = accounted.get(entry.from)
    if (earlier !== undefined) {
      details.push({ path: `${path}.from`, message: `${q(entry.from)} is already mapped by crosswalk[${earlier}]` })
      return
    }
    accounted.set(entry.from, i)
    details.push(...validateEntryShape(entry, path, nextCodes, next.version))
    // A code that is replaced cannot also stay: it would then mean two different things.
    if (Array.isArray(entry.to) && entry.change !== 'same' && !entry.to.includes(entry.from) && nextCodes.has(entry.from)) {
      details.push({
        path,
        message: `${q(entry.from)} is ${entry.change} in version ${next.version}, so it cannot also remain a code there`,
      })
    }
  })
  previous.codes.forEach((entry) => {
    if (!accounted.has(entry.code)) {
      details.push({
        path: 'crosswalk',
        message: `${q(entry.code)} from version ${previous.version} is not accounted for: map it to its new code or codes, or retire it`,
      })
    }
  })

  const earlierVersions = history.some((v) => v.version === previous.version) ? [...history] : [...history, previous]
  const everUsed = new Map<string, string>()
  for (const version of earlierVersions) {
    for (const entry of version.codes) if (!everUsed.has(entry.code)) everUsed.set(entry.code, version.version)
  }
  next.codes.forEach((entry, i) => {
    const firstUsed = everUsed.get(entry.code)
    if (!previousCodes.has(entry.code) && firstUsed !== undefined) {
      details.push({
        path: `codes[${i}].code`,
        message: `${q(entry.code)} was used in version ${firstUsed} and later withdrawn; codes are never reused, so choose a new one`,
      })
    }
  })

  const ordered = [...earlierVersions, next].sort((a, b) => compareVersions(a.version, b.version))
  for (const cycle of crosswalkCycles(ordered)) {
    details.push({
      path: 'crosswalk',
      message: `the crosswalks form a cycle, so old tags would be ambiguous: ${cycle.join(' → ')}`,
    })
  }
  return details
}

export interface TranslationStep {
  fromVersion: string
  toVersion: string
  from: string
  to: string[]
  change: CrosswalkChange
  note: string
}

export interface Translation {
  /** The codes in the target version, in crosswalk order, each once. Empty when retired or unknown. */
  codes: string[]
  steps: TranslationStep[]
  /** Codes retired along the way, with the version that retired them and the reason. */
  retired: Array<{ code: string; version: string; note: string }>
  /** Set when the starting code is not in the starting version. */
  unknown: string | null
}

function sortedVersions(versions: readonly TypologyVersion[]): TypologyVersion[] {
  return [...versions].sort((a, b) => compareVersions(a.version, b.version))
}

function indexOfVersion(ordered: readonly TypologyVersion[], version: string): number {
  const i = ordered.findIndex((v) => compareVersions(v.version, version) === 0)
  if (i === -1) throw new RangeError(`typology version ${version} is not known`)
  return i
}

/** Carries a code forward through each crosswalk from one version to a later one, recording each step. */
export function explainTranslation(
  code: string,
  fromVersion: string,
  toVersion: string,
  versions: readonly TypologyVersion[],
): Translation {
  const ordered = sortedVersions(versions)
  const start = indexOfVersion(ordered, fromVersion)
  const end = indexOfVersion(ordered, toVersion)
  if (end < start) throw new RangeError(`tags translate forwards only, not from ${fromVersion} back to ${toVersion}`)
  const result: Translation = { codes: [], steps: [], retired: [], unknown: null }
  if (!(ordered[start] as TypologyVersion).codes.some((entry) => entry.code === code)) {
    result.unknown = `${q(code)} is not a code in typology version ${fromVersion}`
    return result
  }
  let current = [code]
  for (let i = start + 1; i <= end; i++) {
    const before = ordered[i - 1] as TypologyVersion
    const after = ordered[i] as TypologyVersion
    const afterCodes = new Set(after.codes.map((entry) => entry.code))
    const next: string[] = []
    for (const c of current) {
      const entry = after.crosswalk?.find((e) => e.from === c)
      // Without an entry (not possible for a validated version) an unchanged code carries over as it is.
      const step: CrosswalkEntry =
        entry ?? (afterCodes.has(c) ? { from: c, to: [c], change: 'same', note: '' } : { from: c, to: [], change: 'retired', note: 'No crosswalk entry' })
      result.steps.push({ fromVersion: before.version, toVersion: after.version, ...step, to: [...step.to] })
      if (step.change === 'retired') result.retired.push({ code: c, version: after.version, note: step.note })
      for (const target of step.to) if (!next.includes(target)) next.push(target)
    }
    current = next
  }
  result.codes = current
  return result
}

/**
 * The code or codes in `toVersion` that a tag made with `code` against `fromVersion` now means:
 * a split gives every new code, a merge the one it joined, a retirement none (see explainTranslation for why).
 */
export function translateCode(code: string, fromVersion: string, toVersion: string, versions: readonly TypologyVersion[]): string[] {
  return explainTranslation(code, fromVersion, toVersion, versions).codes
}

export type Taggability = { ok: true } | { ok: false; reason: string }

/**
 * Whether a finding can be tagged with this code in this version. Retired and replaced codes are refused with
 * the reason and, where there is one, the code to use instead. Pass earlier versions to explain older codes.
 */
export function isTaggable(code: string, version: TypologyVersion, history: readonly TypologyVersion[] = []): Taggability {
  if (version.codes.some((entry) => entry.code === code)) return { ok: true }
  const entry = version.crosswalk?.find((e) => e.from === code)
  if (entry !== undefined) return { ok: false, reason: replacedReason(code, entry.change, entry.to, entry.note, version.version, entry.suggested) }
  const earlier = sortedVersions(history).filter((v) => compareVersions(v.version, version.version) < 0)
  const lastWith = [...earlier].reverse().find((v) => v.codes.some((c) => c.code === code))
  if (lastWith !== undefined) {
    const translation = explainTranslation(code, lastWith.version, version.version, [...earlier, version])
    const retired = translation.retired[0]
    if (translation.codes.length === 0 && retired !== undefined) {
      return { ok: false, reason: `${code} was retired in version ${retired.version}: ${retired.note}` }
    }
    return {
      ok: false,
      reason: `${code} belongs to version ${lastWith.version}; in version ${version.version} use ${listCodes(translation.codes)}`,
    }
  }
  return { ok: false, reason: `${code} is not a code in typology version ${version.version}` }
}

function listCodes(codes: readonly string[]): string {
  if (codes.length <= 1) return codes[0] ?? 'no code'
  return `${codes.slice(0, -1).join(', ')} or ${codes[codes.length - 1] as string}`
}

function replacedReason(code: string, change: CrosswalkChange, to: readonly string[], note: string, version: string, suggested: readonly string[] = []): string {
  const why = note.trim() === '' ? '' : ` (${note.trim()})`
  switch (change) {
    case 'retired':
      return `${code} was retired in version ${version}${note.trim() === '' ? '' : `: ${note.trim()}`}${suggested.length > 0 ? ` Consider ${listCodes(suggested)}.` : ''}`
    case 'split':
      return `${code} was split in version ${version}: use ${listCodes(to)}${why}`
    case 'merged':
      return `${code} was merged into ${listCodes(to)} in version ${version}${why}`
    default:
      return `${code} was renamed in version ${version}: use ${listCodes(to)}${why}`
  }
}
