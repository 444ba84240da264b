// National return format v2 (issue 16). National side: each received review's child characteristics, harm type,
// household risk factors and timeliness in the Department's and the Panel's categories, and each finding's type
// (good practice / area for improvement), national attention flag and board action statuses, copied onto the
// finding, code and agency rows as the other review facts are so that counts need no joins. Existing rows are
// version 1 returns: their age bands carry over where one SIN band holds them, and everything else is 'not-known'.
// Local side: the facts the review pages collect, so the return is built from data.
import { sql, type Kysely } from 'kysely'

const NOT_KNOWN = sql`'not-known'`
/** The child's characteristics and the harm type, on national_reviews and copied onto each finding, code and agency row. */
const CHARACTERISTICS = ['sex', 'ethnicity', 'disability', 'sin_age_band', 'looked_after', 'social_care_status', 'harm_type'] as const

// Version 1 bands wholly inside one SIN band (methodology/national/characteristics.ts sinAgeBandFromV1).
const SIN_FROM_V1 = sql`case age_band when 'under-1' then 'under-1' when '1-4' then '1-5' when '16-17' then '16-17' else 'not-known' end`

export async function up(db: Kysely<any>): Promise<void> {
  // ---- National side ----
  await db.schema.alterTable('national_reviews').addColumn('format_version', 'integer', (c) => c.notNull().defaultTo(1)).execute()
  for (const table of ['national_reviews', 'national_findings', 'national_finding_codes', 'national_finding_agencies']) {
    for (const column of CHARACTERISTICS) {
      await db.schema.alterTable(table).addColumn(column, 'text', (c) => c.notNull().defaultTo(NOT_KNOWN)).execute()
    }
    await db.updateTable(table).set({ sin_age_band: SIN_FROM_V1 }).execute()
  }
  await db.schema.alterTable('national_reviews').addColumn('risk_factors', 'text', (c) => c.notNull().defaultTo('["not-known"]')).execute()
  for (const column of ['days_to_notification', 'days_to_rapid_review', 'days_to_publication']) {
    await db.schema.alterTable('national_reviews').addColumn(column, 'integer').execute()
  }

  await db.schema.alterTable('national_findings')
    .addColumn('finding_type', 'text', (c) => c.notNull().defaultTo('area-for-improvement').check(sql`finding_type in ('good-practice', 'area-for-improvement')`))
    .execute()
  await db.schema.alterTable('national_findings').addColumn('national_attention', 'integer', (c) => c.notNull().defaultTo(0).check(sql`national_attention in (0, 1)`)).execute()
  for (const column of ['actions_not_started', 'actions_in_progress', 'actions_done', 'actions_overdue']) {
    await db.schema.alterTable('national_findings').addColumn(column, 'integer').execute()
  }
  await db.updateTable('national_findings').set({ finding_type: 'good-practice' }).where('kind', '=', 'good-practice').execute()
  for (const table of ['national_finding_codes', 'national_finding_agencies']) {
    await db.schema.alterTable(table).addColumn('finding_type', 'text', (c) => c.notNull().defaultTo('area-for-improvement')).execute()
    await sql`update ${sql.table(table)} set finding_type = 'good-practice'
      where finding_id in (select id from national_findings where finding_type = 'good-practice')`.execute(db)
  }

  // One row per review and factor (a review lists one or more), for counting and co-occurrence with codes.
  await db.schema
    .createTable('national_review_risk_factors')
    .addColumn('review_id', 'integer', (c) => c.notNull().references('national_reviews.id').onDelete('cascade'))
    .addColumn('risk_factor', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('methodology', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('national_review_risk_factors_pk', ['review_id', 'risk_factor'])
    .execute()
  await db.schema.createIndex('national_review_risk_factors_factor').on('national_review_risk_factors').columns(['risk_factor', 'year', 'review_id']).execute()
  await sql`insert into national_review_risk_factors (review_id, risk_factor, year, region, methodology)
    select id, 'not-known', year, region, methodology from national_reviews`.execute(db)

  await db.schema.createIndex('national_findings_type').on('national_findings').columns(['finding_type', 'year', 'review_id']).execute()
  await db.schema.createIndex('national_findings_sin_age').on('national_findings').columns(['sin_age_band', 'year', 'review_id']).execute()

  // ---- Local side ----
  await db.schema
    .createTable('review_child_facts')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id').onDelete('cascade'))
    .$call((t) => CHARACTERISTICS.reduce((table, column) => table.addColumn(column === 'sin_age_band' ? 'age_band' : column, 'text', (c) => c.notNull().defaultTo(NOT_KNOWN)), t))
    .addColumn('risk_factors', 'text', (c) => c.notNull().defaultTo('["not-known"]'))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.alterTable('findings').addColumn('national_attention', 'integer', (c) => c.notNull().defaultTo(0).check(sql`national_attention in (0, 1)`)).execute()
  await db.schema.alterTable('national_return_options').addColumn('published_on', 'text').execute()
}
