// The national store: returns as received (every version) and the current versions' findings in
// query-friendly tables. Writes happen only when a return is filed or when codes are re-translated.
import { sql } from 'kysely'
import type { Executor, NationalReturnRow } from './schema.js'
import { isPostgres } from '../db/engine.js'
import { ADDED_DIMENSIONS, FORMAT_1_COUNTED, dimensionKey } from './national-groupings.js'
import type { ChildFactValues, FindingFacts, ReceivedVia } from './tables/national.js'

/** The child facts copied from national_findings onto code rows, in the order of the re-translation's select. */
const CHILD_FACT_COLUMNS = ['sex', 'ethnicity', 'disability', 'sin_age_band', 'looked_after', 'social_care_status', 'harm_type'] as const

/** The columns of national_finding_facts besides the id, copied from national_findings under the same names. */
const FINDING_FACTS = sql.join(['review_id', 'year', 'region', 'methodology', 'age_band', 'harm', 'system_level', 'sin_age_band', 'sex', 'ethnicity', 'harm_type', 'social_care_status', 'finding_type', 'national_attention'].map((c) => sql.ref(c)))

// Well under SQLite's limit on bound values in one statement, whatever the build.
const BATCH = 150

async function insertInBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH))
}

// Any fixed 64-bit number: the key of the advisory lock that makes filings (and re-translations) one at a time.
const NATIONAL_STORE_LOCK = 7_301_446_120_339_871n

/**
 * Makes this transaction the only one changing the national store until it ends. SQLite has one writer at a
 * time already; on PostgreSQL two filings of one return would both see the same current version, and two filings
 * touching the same pre-added counts, or a re-translation, would interleave their reads and writes.
 */
export async function lockNationalStore(db: Executor): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${sql.lit(NATIONAL_STORE_LOCK.toString())}::bigint)`.execute(db)
}

export async function listReturnVersions(db: Executor, returnId: string): Promise<Array<Pick<NationalReturnRow, 'version' | 'source_instance' | 'is_current'>>> {
  return db.selectFrom('national_returns').select(['version', 'source_instance', 'is_current']).where('return_id', '=', returnId).orderBy('version').execute()
}

export interface ReceivedReturn {
  returnId: string
  version: number
  sourceInstance: string
  receivedAt: string
  receivedBy: string | null
  via: ReceivedVia
  findings: number
  document: string
}

export async function insertReceivedReturn(db: Executor, r: ReceivedReturn): Promise<void> {
  await db.updateTable('national_returns').set({ is_current: 0 }).where('return_id', '=', r.returnId).execute()
  await db.insertInto('national_returns').values({
    return_id: r.returnId, version: r.version, source_instance: r.sourceInstance, received_at: r.receivedAt,
    received_by: r.receivedBy, received_via: r.via, findings: r.findings, document: r.document, is_current: 1,
  }).execute()
}

/** Removes a return's findings from the analysis and its part of the counts (the cascade takes the rest). */
export async function removeFromAnalysis(db: Executor, returnId: string): Promise<void> {
  const review = await db.selectFrom('national_reviews').select('id').where('return_id', '=', returnId).executeTakeFirst()
  if (!review) return
  await applyCounts(db, review.id, -1)
  await db.deleteFrom('national_reviews').where('id', '=', review.id).execute()
}

export interface AnalysisReview {
  returnId: string
  version: number
  region: string | null
  year: number
  methodology: string
  ageBand: string | null
  harm: string | null
  agencies: string[]
  publishedReport: string | null
  formatVersion: number
  /** The child's characteristics and the harm type (return version 2, or a translated version 1). */
  child: ChildFactValues
  riskFactors: string[]
  daysToNotification: number | null
  daysToRapidReview: number | null
  daysToPublication: number | null
}

export interface AnalysisFinding {
  ref: string
  kind: string
  title: string
  pattern: string
  howWidespread: string
  whyItMatters: string
  systemLevel: string | null
  boardQuestions: string[]
  tags: Array<{ code: string; version: string }>
  /** The tags in the latest typology version, with their family. */
  codes: Array<{ code: string; family: string }>
  agencies: string[]
  findingType: string
  nationalAttention: boolean
  /** Board actions by status at submission; null when not known. */
  boardActions: { notStarted: number; inProgress: number; done: number; overdue: number } | null
}

/** Copies a review's findings' countable facts into national_finding_facts, the narrow table every count over the
 * findings reads (migration 0039). Filing calls it after inserting the findings. */
export async function copyFindingFacts(db: Executor, reviewId: number): Promise<void> {
  await sql`insert into national_finding_facts (id, ${FINDING_FACTS}) select id, ${FINDING_FACTS} from national_findings where review_id = ${reviewId}`.execute(db)
}

export async function insertIntoAnalysis(db: Executor, review: AnalysisReview, findings: readonly AnalysisFinding[]): Promise<void> {
  const inserted = await db.insertInto('national_reviews').values({
    return_id: review.returnId, version: review.version, region: review.region, year: review.year, methodology: review.methodology,
    age_band: review.ageBand, harm: review.harm, agencies: JSON.stringify(review.agencies), published_report: review.publishedReport,
    format_version: review.formatVersion, ...review.child, risk_factors: JSON.stringify(review.riskFactors),
    days_to_notification: review.daysToNotification, days_to_rapid_review: review.daysToRapidReview, days_to_publication: review.daysToPublication,
  }).returning('id').executeTakeFirstOrThrow()
  const reviewId = Number(inserted.id)
  await insertInBatches([...new Set(review.riskFactors)], (batch) => db.insertInto('national_review_risk_factors').values(batch.map((factor) => ({
    review_id: reviewId, risk_factor: factor, year: review.year, region: review.region, methodology: review.methodology,
  }))).execute())
  if (findings.length === 0) return
  const ids = await db.insertInto('national_findings').values(findings.map((f) => ({
    review_id: reviewId, ref: f.ref, kind: f.kind, title: f.title, pattern: f.pattern, how_widespread: f.howWidespread,
    why_it_matters: f.whyItMatters, system_level: f.systemLevel, board_questions: JSON.stringify(f.boardQuestions),
    year: review.year, region: review.region, methodology: review.methodology, age_band: review.ageBand, harm: review.harm,
    ...review.child, finding_type: f.findingType, national_attention: f.nationalAttention ? 1 : 0,
    actions_not_started: f.boardActions?.notStarted ?? null, actions_in_progress: f.boardActions?.inProgress ?? null,
    actions_done: f.boardActions?.done ?? null, actions_overdue: f.boardActions?.overdue ?? null,
  }))).returning('id').execute()
  await copyFindingFacts(db, reviewId)
  const tags: Array<{ finding_id: number; code: string; typology_version: string }> = []
  const codes: Array<FindingFacts & { finding_id: number; code: string; family: string }> = []
  const agencies: Array<FindingFacts & { finding_id: number; agency: string }> = []
  findings.forEach((f, i) => {
    const findingId = Number(ids[i]?.id)
    const facts: FindingFacts = {
      review_id: reviewId, year: review.year, region: review.region, methodology: review.methodology, age_band: review.ageBand, harm: review.harm, system_level: f.systemLevel,
      ...review.child, finding_type: f.findingType,
    }
    for (const t of new Map(f.tags.map((tag) => [`${tag.code}@${tag.version}`, tag])).values()) tags.push({ finding_id: findingId, code: t.code, typology_version: t.version })
    // A code reached from two tags, or an agency named twice, counts once.
    const seenCodes = new Set<string>()
    for (const c of f.codes) {
      if (seenCodes.has(c.code)) continue
      seenCodes.add(c.code)
      codes.push({ ...facts, finding_id: findingId, code: c.code, family: c.family })
    }
    for (const a of new Set(f.agencies)) agencies.push({ ...facts, finding_id: findingId, agency: a })
  })
  await insertInBatches(tags, (batch) => db.insertInto('national_finding_tags').values(batch).execute())
  await insertInBatches(codes, (batch) => db.insertInto('national_finding_codes').values(batch).execute())
  await insertInBatches(agencies, (batch) => db.insertInto('national_finding_agencies').values(batch).execute())
  await applyCounts(db, reviewId, 1)
}

// ---- The pre-added counts (national_counts) ----

const NOT_RECORDED = 'not-recorded'

/** One review's part of the counts: for each grouping it appears in, how many of its findings. */
async function contributions(db: Executor, reviewId: number): Promise<Array<{ dimension: string; key: string; findings: number }>> {
  const [levels, codes, families, agencies, pairs] = await Promise.all([
    db.selectFrom('national_findings').select((eb) => ['system_level as key', eb.fn.countAll().as('n')]).where('review_id', '=', reviewId).groupBy('system_level').execute(),
    db.selectFrom('national_finding_codes').select((eb) => ['code as key', eb.fn.countAll().as('n')]).where('review_id', '=', reviewId).groupBy('code').execute(),
    db.selectFrom('national_finding_codes').select((eb) => ['family as key', eb.fn.count('finding_id').distinct().as('n')]).where('review_id', '=', reviewId).groupBy('family').execute(),
    db.selectFrom('national_finding_agencies').select((eb) => ['agency as key', eb.fn.countAll().as('n')]).where('review_id', '=', reviewId).groupBy('agency').execute(),
    db.selectFrom('national_finding_codes as c1')
      .innerJoin('national_finding_codes as c2', (join) => join.onRef('c2.finding_id', '=', 'c1.finding_id').onRef('c2.code', '>', 'c1.code'))
      .select((eb) => ['c1.code as first', 'c2.code as second', eb.fn.countAll().as('n')])
      .where('c1.review_id', '=', reviewId).groupBy(['c1.code', 'c2.code']).execute(),
  ])
  const total = levels.reduce((sum, l) => sum + Number(l.n), 0)
  if (total === 0) return []
  const review = await db.selectFrom('national_reviews').select(['year', 'region']).where('id', '=', reviewId).executeTakeFirstOrThrow()
  return [
    { dimension: 'total', key: '', findings: total },
    { dimension: 'year', key: String(review.year), findings: total },
    { dimension: 'region', key: review.region ?? NOT_RECORDED, findings: total },
    ...levels.map((r) => ({ dimension: 'level', key: r.key ?? NOT_RECORDED, findings: Number(r.n) })),
    ...codes.map((r) => ({ dimension: 'code', key: r.key, findings: Number(r.n) })),
    ...families.map((r) => ({ dimension: 'family', key: r.key, findings: Number(r.n) })),
    ...agencies.map((r) => ({ dimension: 'agency', key: r.key, findings: Number(r.n) })),
    ...pairs.map((r) => ({ dimension: 'pair', key: `${r.first} ${r.second}`, findings: Number(r.n) })),
    ...(await addedContributions(db, reviewId)),
  ]
}

/**
 * One review's part of the dimensions added for format 2 (national-groupings.ts): in one statement, each key the
 * review has with how many of its findings have it, counted by the same SQL as the findings path counts.
 */
async function addedContributions(db: Executor, reviewId: number): Promise<Array<{ dimension: string; key: string; findings: number }>> {
  const parts = ADDED_DIMENSIONS.map(({ dimension, names }) => {
    const { joins, key } = dimensionKey(names)
    return sql`select ${sql.lit(dimension)} as dimension, ${key} as key, count(distinct f.id) as n
      from national_findings as f ${joins} where f.review_id = ${reviewId} group by 2`
  })
  const { rows } = await sql<{ dimension: string; key: string; n: unknown }>`${sql.join(parts, sql` union all `)}`.execute(db)
  return rows.map((r) => ({ dimension: r.dimension, key: r.key, findings: Number(r.n) }))
}

/** Adds (sign 1) or takes away (sign -1) one review's part of the counts. */
async function applyCounts(db: Executor, reviewId: number, sign: 1 | -1): Promise<void> {
  const parts = await contributions(db, reviewId)
  if (parts.length === 0) return
  const review = await db.selectFrom('national_reviews').select(['year', 'region', 'methodology', 'age_band', 'harm']).where('id', '=', reviewId).executeTakeFirstOrThrow()
  const facts = { year: review.year, region: review.region ?? '', methodology: review.methodology, age_band: review.age_band ?? '', harm: review.harm ?? '' }
  await insertInBatches(parts, (batch) => db.insertInto('national_counts')
    .values(batch.map((p) => ({ dimension: p.dimension, key: p.key, ...facts, reviews: sign, findings: sign * p.findings })))
    .onConflict((oc) => oc.columns(['dimension', 'key', 'year', 'region', 'methodology', 'age_band', 'harm']).doUpdateSet((eb) => ({
      reviews: eb('national_counts.reviews', '+', eb.ref('excluded.reviews')),
      findings: eb('national_counts.findings', '+', eb.ref('excluded.findings')),
    })))
    .execute())
  // Only the rows this review touched can have fallen to nothing: found by the (dimension, year, key) index, not a scan.
  if (sign < 0) {
    await db.deleteFrom('national_counts')
      .where('dimension', 'in', [...new Set(parts.map((p) => p.dimension))]).where('year', '=', facts.year).where('reviews', '<=', 0)
      .execute()
  }
}

/**
 * Rebuilds every pre-added count from the detail tables, as filing the current returns one by one would have kept
 * them: after a re-translation (codes, families and pairs depend on it, and so do the two-way dimensions with them),
 * and after counting rules change. One insert-select a dimension; the keys come from the same SQL as a filing's.
 */
export async function rebuildCounts(db: Executor): Promise<void> {
  await db.deleteFrom('national_counts').execute()
  const facts = sql`f.year, coalesce(f.region, ''), f.methodology, coalesce(f.age_band, ''), coalesce(f.harm, '')`
  const insert = (select: ReturnType<typeof sql>) => sql`insert into national_counts (dimension, key, year, region, methodology, age_band, harm, reviews, findings) ${select}`.execute(db)
  await insert(sql`select 'total', '', ${facts}, count(distinct f.review_id), count(*) from national_findings as f group by 3, 4, 5, 6, 7`)
  await insert(sql`select 'year', cast(f.year as text), ${facts}, count(distinct f.review_id), count(*) from national_findings as f group by 2, 3, 4, 5, 6, 7`)
  await insert(sql`select 'region', coalesce(f.region, ${NOT_RECORDED}), ${facts}, count(distinct f.review_id), count(*) from national_findings as f group by 2, 3, 4, 5, 6, 7`)
  for (const { dimension, names } of [...FORMAT_1_COUNTED.map((name) => ({ dimension: name, names: [name] })), ...ADDED_DIMENSIONS]) {
    const { joins, key } = dimensionKey(names)
    await insert(sql`select ${sql.lit(dimension)}, ${key}, ${facts}, count(distinct f.review_id), count(distinct f.id)
      from national_findings as f ${joins} group by 2, 3, 4, 5, 6, 7`)
  }
  await insert(sql`select 'pair', c1.code || ' ' || c2.code, ${facts}, count(distinct f.review_id), count(*)
    from national_finding_codes as c1
    inner join national_finding_codes as c2 on c2.finding_id = c1.finding_id and c2.code > c1.code
    inner join national_findings as f on f.id = c1.finding_id
    group by 2, 3, 4, 5, 6, 7`)
}

/** Every distinct tag (code and version) held, for re-translating after a new typology version. */
export async function distinctTags(db: Executor): Promise<Array<{ code: string; typology_version: string }>> {
  return db.selectFrom('national_finding_tags').select(['code', 'typology_version']).distinct().execute()
}

/**
 * Replaces the translated codes of every finding: `mapping` gives, for each tag as sent, its codes in the
 * latest version with their families. One insert-select per distinct tag, each using the tags' index.
 * Two tags can land on one code (a merge, or a code tagged in two versions): the code is counted once.
 */
export async function retranslateAllCodes(db: Executor, mapping: ReadonlyArray<{ code: string; version: string; latestCode: string; family: string }>): Promise<void> {
  await db.deleteFrom('national_finding_codes').execute()
  for (const m of mapping) {
    await db.insertInto('national_finding_codes')
      .columns(['finding_id', 'code', 'family', 'review_id', 'year', 'region', 'methodology', 'age_band', 'harm', 'system_level', 'finding_type', ...CHILD_FACT_COLUMNS])
      .expression((eb) => eb.selectFrom('national_finding_tags as t')
        .innerJoin('national_findings as f', 'f.id', 't.finding_id')
        .select((e) => ['t.finding_id', e.val(m.latestCode).as('code'), e.val(m.family).as('family'),
          'f.review_id', 'f.year', 'f.region', 'f.methodology', 'f.age_band', 'f.harm', 'f.system_level', 'f.finding_type',
          'f.sex', 'f.ethnicity', 'f.disability', 'f.sin_age_band', 'f.looked_after', 'f.social_care_status', 'f.harm_type'])
        .where('t.code', '=', m.code)
        .where('t.typology_version', '=', m.version))
      .onConflict((oc) => oc.columns(['finding_id', 'code']).doNothing())
      .execute()
  }
  await rebuildCounts(db)
}

export interface CurrentReturnRow {
  return_id: string
  version: number
  source_instance: string
  received_at: string
  received_via: ReceivedVia
  findings: number
  versions: number
}

export async function countCurrentReturns(db: Executor): Promise<number> {
  const row = await db.selectFrom('national_returns').select((eb) => eb.fn.countAll<number>().as('n')).where('is_current', '=', 1).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The current version of each return, newest first, with how many versions were received. */
export async function listCurrentReturns(db: Executor, limit: number, offset: number): Promise<CurrentReturnRow[]> {
  return db.selectFrom('national_returns as r')
    .select(['r.return_id', 'r.version', 'r.source_instance', 'r.received_at', 'r.received_via', 'r.findings'])
    .select((eb) => eb.selectFrom('national_returns as v').select((e) => e.fn.countAll<number>().as('n')).whereRef('v.return_id', '=', 'r.return_id').as('versions'))
    .where('r.is_current', '=', 1)
    .orderBy('r.received_at', 'desc').orderBy('r.return_id')
    .limit(limit).offset(offset)
    .execute() as Promise<CurrentReturnRow[]>
}

/** The current documents, a page at a time (an export of every return streams through these). */
export async function currentDocuments(db: Executor, afterReturnId: string | null, limit: number): Promise<Array<{ return_id: string; document: string }>> {
  let query = db.selectFrom('national_returns').select(['return_id', 'document']).where('is_current', '=', 1)
  if (afterReturnId !== null) query = query.where('return_id', '>', afterReturnId)
  return query.orderBy('return_id').limit(limit).execute()
}
