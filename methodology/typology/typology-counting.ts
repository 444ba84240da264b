// Which line of a count (a code or a family of the latest version, or a marked line) a tag made against any
// version falls on. Counting across versions must neither lose a tag nor count it twice:
// - a code kept, renamed or merged counts under the code it became;
// - a retired code counts under its family, since no code of the new version says what the old tag said;
// - a split code counts once, on a line of its own marked "split, needs re-tagging", never under each of the
//   new codes: a finding tagged with it was about one of them, and we do not know which until someone re-tags it.
import { compareVersions, type TypologyVersion } from './typology-versions.js'

export type CountingLine =
  | { kind: 'code'; key: string; family: string }
  | { kind: 'family'; key: string; family: string; retired: { code: string; version: string; note: string; suggested: string[] } }
  | { kind: 'split'; key: string; family: string; split: { code: string; fromVersion: string; version: string; into: string[]; note: string } }
  | { kind: 'unknown'; reason: string }

function ordered(versions: readonly TypologyVersion[]): TypologyVersion[] {
  return [...versions].sort((a, b) => compareVersions(a.version, b.version))
}

function familyIn(version: TypologyVersion, code: string): string | null {
  const entry = version.codes.find((c) => c.code === code)
  if (entry === undefined) return null
  return entry.parent ?? entry.code
}

/**
 * Carries a family code forward to the latest version. Families are rarely changed; when one was renamed or
 * merged, its successor is used, and when it was split or retired the old family code stays as the key.
 */
function familyForward(family: string, from: number, list: readonly TypologyVersion[]): string {
  let current = family
  for (let i = from + 1; i < list.length; i++) {
    const entry = list[i]!.crosswalk?.find((e) => e.from === current)
    if (entry === undefined) continue
    if ((entry.change === 'same' || entry.change === 'renamed' || entry.change === 'merged') && entry.to.length === 1) current = entry.to[0]!
    else return current
  }
  return current
}

/** The line of a count in the latest of `versions` that a tag (code, version it was made against) falls on. */
export function countingLine(code: string, tagVersion: string, versions: readonly TypologyVersion[]): CountingLine {
  const list = ordered(versions)
  const latest = list[list.length - 1]
  if (latest === undefined) return { kind: 'unknown', reason: 'no typology versions' }
  const start = list.findIndex((v) => compareVersions(v.version, tagVersion) === 0)
  if (start === -1) return { kind: 'unknown', reason: `typology version ${tagVersion} is not known here` }
  if (!list[start]!.codes.some((c) => c.code === code)) return { kind: 'unknown', reason: `${code} is not a code in typology version ${tagVersion}` }

  let current = code
  for (let i = start + 1; i < list.length; i++) {
    const before = list[i - 1]!
    const after = list[i]!
    const entry = after.crosswalk?.find((e) => e.from === current)
    // A validated version maps every code; without an entry a code still present carries over as it is.
    if (entry === undefined) {
      if (after.codes.some((c) => c.code === current)) continue
      return { kind: 'unknown', reason: `${current} has no crosswalk entry in version ${after.version}` }
    }
    if (entry.change === 'retired' || entry.to.length === 0) {
      const family = familyIn(before, current) ?? current
      const key = familyForward(family, i - 1, list)
      return {
        kind: 'family', key, family: key,
        retired: { code: current, version: after.version, note: entry.note, suggested: [...(entry.suggested ?? [])] },
      }
    }
    if (entry.change === 'split' && entry.to.length > 1) {
      const family = familyForward(familyIn(before, current) ?? current, i - 1, list)
      return {
        kind: 'split', key: current, family,
        split: { code: current, fromVersion: before.version, version: after.version, into: [...entry.to], note: entry.note },
      }
    }
    current = entry.to[0]!
  }
  const family = familyIn(latest, current)
  if (family === null) return { kind: 'unknown', reason: `${current} is not a code in typology version ${latest.version}` }
  return { kind: 'code', key: current, family }
}

/**
 * The distinct lines a finding's tags fall on: a finding counts once on each line, however many of its tags
 * lead there (two tags merged into one code, or a code tagged in two versions).
 */
export function findingLines(tags: ReadonlyArray<{ code: string; version: string }>, versions: readonly TypologyVersion[]): Array<Exclude<CountingLine, { kind: 'unknown' }>> {
  const seen = new Map<string, Exclude<CountingLine, { kind: 'unknown' }>>()
  for (const tag of tags) {
    const line = countingLine(tag.code, tag.version, versions)
    if (line.kind !== 'unknown' && !seen.has(line.key)) seen.set(line.key, line)
  }
  return [...seen.values()]
}

export interface SplitLineInfo {
  code: string
  /** The code's label in the last version that had it. */
  label: string
  family: string
  fromVersion: string
  version: string
  into: string[]
}

/** What a split line (keyed by the code that was split) stands for, or null when `key` is not one. */
export function splitLineInfo(key: string, versions: readonly TypologyVersion[]): SplitLineInfo | null {
  const list = ordered(versions)
  for (let i = 1; i < list.length; i++) {
    const entry = list[i]!.crosswalk?.find((e) => e.from === key && e.change === 'split')
    if (entry === undefined) continue
    const before = list[i - 1]!
    return {
      code: key, label: before.codes.find((c) => c.code === key)?.label ?? key,
      family: familyForward(familyIn(before, key) ?? key, i - 1, list),
      fromVersion: before.version, version: list[i]!.version, into: [...entry.to],
    }
  }
  return null
}

/** The words a split line is shown with wherever counts are shown: one line, marked, never the new codes'. */
export function splitLineLabel(info: SplitLineInfo): string {
  return `${info.label} (version ${info.fromVersion}; split in ${info.version} into ${info.into.join(', ')}: counted once here until re-tagged)`
}
