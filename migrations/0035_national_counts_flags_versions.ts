// The pre-added national counts (national_counts) take three more groupings: the finding's national attention
// flag, the review's publication, and the typology versions the finding was tagged in (which each year of a trend
// names). Each is kept alone and with every other counted grouping, as filing now keeps them
// (server/data/national-groupings.ts); this fills them in for the returns already held, with the same SQL frozen
// here. A store whose counts are stale (a typology version not yet translated to) is rebuilt whole on its next read anyway.
// Also an index giving the drill-down's order (newest year first, then id) without sorting a year's findings.
import { sql, type Kysely, type RawBuilder } from 'kysely'

const NOT_RECORDED = 'not-recorded'
const SEPARATOR = '\u001f'

type Part = { join: (g: string) => string; key: (g: string) => string }

// The groupings counted before this migration, in the order kept (a pair's name puts its parts in this order)…
const EARLIER: ReadonlyArray<readonly [string, Part]> = [
  ['level', { join: () => '', key: () => 'f.system_level' }],
  ['code', { join: (g) => `inner join national_finding_codes as ${g} on ${g}.finding_id = f.id`, key: (g) => `${g}.code` }],
  ['family', { join: (g) => `inner join national_finding_codes as ${g} on ${g}.finding_id = f.id`, key: (g) => `${g}.family` }],
  ['agency', { join: (g) => `inner join national_finding_agencies as ${g} on ${g}.finding_id = f.id`, key: (g) => `${g}.agency` }],
  ...['sin_age_band', 'sex', 'ethnicity', 'harm_type', 'social_care_status', 'finding_type'].map((column) => [column, { join: () => '', key: () => `f.${column}` }] as const),
  ['risk_factor', { join: (g) => `inner join national_review_risk_factors as ${g} on ${g}.review_id = f.review_id`, key: (g) => `${g}.risk_factor` }],
]
// …and the three added here, after them.
const ADDED: ReadonlyArray<readonly [string, Part]> = [
  ['national_attention', {
    join: (g) => `inner join national_reviews as ${g} on ${g}.id = f.review_id`,
    key: (g) => `case when f.national_attention = 1 then 'flagged' when ${g}.format_version = 1 then 'not-known' else 'not-flagged' end`,
  }],
  ['published', {
    join: (g) => `inner join national_reviews as ${g} on ${g}.id = f.review_id`,
    key: (g) => `case when ${g}.published_report is not null or ${g}.days_to_publication is not null then 'published' else 'not-published' end`,
  }],
  ['tag_version', { join: (g) => `inner join national_finding_tags as ${g} on ${g}.finding_id = f.id`, key: (g) => `${g}.typology_version` }],
]

/** Each new dimension: a new grouping alone, and each new grouping with every grouping before it in the order. */
function newDimensions(): Array<{ dimension: string; parts: Array<readonly [string, Part]> }> {
  const all = [...EARLIER, ...ADDED]
  return ADDED.flatMap((added) => {
    const at = all.indexOf(added)
    return [{ dimension: added[0], parts: [added] }, ...all.slice(0, at).map((first) => ({ dimension: `${first[0]}+${added[0]}`, parts: [first, added] }))]
  })
}

function insertSelect(dimension: string, parts: ReadonlyArray<readonly [string, Part]>): RawBuilder<unknown> {
  const keys = parts.map(([, part], i) => sql`coalesce(${sql.raw(part.key(`g${i}`))}, ${NOT_RECORDED})`)
  const key = keys.length === 1 ? keys[0]! : sql`${keys[0]} || ${SEPARATOR} || ${keys[1]}`
  return sql`insert into national_counts (dimension, key, year, region, methodology, age_band, harm, reviews, findings)
    select ${sql.lit(dimension)}, ${key}, f.year, coalesce(f.region, ''), f.methodology, coalesce(f.age_band, ''), coalesce(f.harm, ''),
      count(distinct f.review_id), count(distinct f.id)
    from national_findings as f ${sql.raw(parts.map(([, part], i) => part.join(`g${i}`)).join(' '))}
    group by 2, 3, 4, 5, 6, 7`
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const { dimension, parts } of newDimensions()) await insertSelect(dimension, parts).execute(db)
  await sql`create index national_findings_newest on national_findings (year desc, id)`.execute(db)
}
