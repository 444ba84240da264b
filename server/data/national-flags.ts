// Two facts of the national returns kept as flags rather than lists: whether a finding was marked as needing
// national attention, and whether the review's report is published. Each is one SQL expression, used alike to
// group by it (national-cross.ts) and to filter by it (national-themes.ts's conditions), so the counts and the
// drill-down's lists agree.
import { sql, type RawBuilder, type SqlBool } from 'kysely'

/** Format 1 returns had no flag: their findings count as not known, never as not flagged. */
export function attentionKey(finding: string, review: string): RawBuilder<string> {
  const f = sql.raw(finding)
  const r = sql.raw(review)
  return sql<string>`case when ${f}.national_attention = 1 then 'flagged' when ${r}.format_version = 1 then 'not-known' else 'not-flagged' end`
}

/** Published when the return gave the report's address or the working days to its publication. */
export function publishedKey(review: string): RawBuilder<string> {
  const r = sql.raw(review)
  return sql<string>`case when ${r}.published_report is not null or ${r}.days_to_publication is not null then 'published' else 'not-published' end`
}

export interface FlagFilters {
  /** 'flagged', 'not-flagged' or 'not-known'. */
  nationalAttention?: string | null
  /** 'published' or 'not-published'. */
  published?: string | null
}

/** The flag filters on rows that carry finding_id (or id, for the findings) and review_id. */
export function flagConditions(id: RawBuilder<unknown>, reviewId: RawBuilder<unknown>, f: FlagFilters): RawBuilder<SqlBool>[] {
  const all: RawBuilder<SqlBool>[] = []
  if (f.nationalAttention) {
    all.push(sql<SqlBool>`${id} in (select nf.id from national_findings as nf inner join national_reviews as nr on nr.id = nf.review_id where ${attentionKey('nf', 'nr')} = ${f.nationalAttention})`)
  }
  if (f.published) all.push(sql<SqlBool>`${reviewId} in (select nr.id from national_reviews as nr where ${publishedKey('nr')} = ${f.published})`)
  return all
}
