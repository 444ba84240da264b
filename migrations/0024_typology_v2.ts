// Typology 2.0: every tag says whether the pattern helped or hindered good practice (null for tags made
// against 1.0, until they are re-tagged), a retired code can suggest codes to re-tag with, and version 2.0
// ships with its crosswalk from 1.0 (methodology/typology/typology-v2.ts).
import { sql, type Kysely } from 'kysely'
import { TYPOLOGY_V2 } from '../methodology/typology/typology-v2.js'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('finding_tags')
    .addColumn('effect', 'text', (c) => c.check(sql`effect in ('helps', 'hinders')`))
    .execute()
  await db.schema.alterTable('typology_crosswalk')
    .addColumn('suggested_codes', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()

  // 2.0 follows 1.0. Where a national administrator has already published a later version of their own,
  // 2.0's crosswalk (from 1.0) would not fit; they publish it through the API instead.
  const versions = await db.selectFrom('typology_versions').select('version').execute()
  if (versions.length !== 1 || versions[0]?.version !== '1.0') return
  await db.insertInto('typology_versions').values({
    version: TYPOLOGY_V2.version, published_at: TYPOLOGY_V2.publishedAt, published_by: null, recorded_at: `${TYPOLOGY_V2.publishedAt}T00:00:00.000Z`,
  }).execute()
  await db.insertInto('typology_codes').values(TYPOLOGY_V2.codes.map((c, position) => ({
    version: TYPOLOGY_V2.version, code: c.code, position, label: c.label, parent: c.parent, description: c.description, examples: JSON.stringify(c.examples),
  }))).execute()
  await db.insertInto('typology_crosswalk').values((TYPOLOGY_V2.crosswalk ?? []).map((e, position) => ({
    version: TYPOLOGY_V2.version, from_code: e.from, position, to_codes: JSON.stringify(e.to), change: e.change, note: e.note,
    suggested_codes: JSON.stringify(e.suggested ?? []),
  }))).execute()
}
