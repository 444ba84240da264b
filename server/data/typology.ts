// The typology's versions, codes and crosswalks as stored; turned back into the methodology's TypologyVersion.
import { compareVersions, type TypologyVersion } from '../../methodology/typology/typology-versions.js'
import type { Executor } from './schema.js'

export interface StoredTypologyVersion extends TypologyVersion {
  publishedBy: string | null
  recordedAt: string
}

function parseList(json: string): string[] {
  const value: unknown = JSON.parse(json)
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Every published version with its codes and crosswalk, oldest first. */
export async function listTypologyVersions(db: Executor): Promise<StoredTypologyVersion[]> {
  const [versions, codes, crosswalk] = await Promise.all([
    db.selectFrom('typology_versions').selectAll().execute(),
    db.selectFrom('typology_codes').selectAll().orderBy('position').execute(),
    db.selectFrom('typology_crosswalk').selectAll().orderBy('position').execute(),
  ])
  versions.sort((a, b) => compareVersions(a.version, b.version))
  const first = versions[0]?.version
  return versions.map((v) => {
    const entries = crosswalk.filter((c) => c.version === v.version)
    return {
      version: v.version,
      publishedAt: v.published_at,
      publishedBy: v.published_by,
      recordedAt: v.recorded_at,
      codes: codes
        .filter((c) => c.version === v.version)
        .map((c) => ({ code: c.code, label: c.label, parent: c.parent, description: c.description, examples: parseList(c.examples) })),
      // Only the first version has no crosswalk; every later one maps each code of the one before.
      crosswalk: v.version === first ? null : entries.map((c) => {
        const suggested = parseList(c.suggested_codes)
        return { from: c.from_code, to: parseList(c.to_codes), change: c.change, note: c.note, ...(suggested.length > 0 ? { suggested } : {}) }
      }),
    }
  })
}

export async function insertTypologyVersion(db: Executor, version: TypologyVersion, publishedBy: string | null, recordedAt: string): Promise<void> {
  await db.insertInto('typology_versions').values({ version: version.version, published_at: version.publishedAt, published_by: publishedBy, recorded_at: recordedAt }).execute()
  if (version.codes.length > 0) {
    await db.insertInto('typology_codes').values(version.codes.map((c, position) => ({
      version: version.version, code: c.code, position, label: c.label, parent: c.parent, description: c.description, examples: JSON.stringify(c.examples),
    }))).execute()
  }
  if (version.crosswalk && version.crosswalk.length > 0) {
    await db.insertInto('typology_crosswalk').values(version.crosswalk.map((e, position) => ({
      version: version.version, from_code: e.from, position, to_codes: JSON.stringify(e.to), change: e.change, note: e.note,
      suggested_codes: JSON.stringify(e.suggested ?? []),
    }))).execute()
  }
}
