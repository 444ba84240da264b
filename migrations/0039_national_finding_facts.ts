// The national counts that the pre-added rows cannot give (words searched for, two filters that are not the reviews'
// own facts, three groupings) are counted over the findings. At national scale (500,000 findings) the findings table
// is some 400 MB of words, and every matched finding read there fetched a page of them for a year or a region. A
// narrow copy of each finding's countable facts (about a tenth of the size), keyed by the finding's id, is what those
// counts read instead, so the pages they touch stay few and cached. The agency rows' (finding_id, agency) key, and a
// new (finding_id, family) index on the code rows, give a matched finding's groupings from an index alone.
import { sql, type Kysely } from 'kysely'

/** The columns copied from national_findings, as they are named there (so the same filters apply to either). */
const FACTS = ['review_id', 'year', 'region', 'methodology', 'age_band', 'harm', 'system_level', 'sin_age_band', 'sex', 'ethnicity', 'harm_type', 'social_care_status', 'finding_type', 'national_attention'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('national_finding_facts')
    // The key as a constraint: a rowid on SQLite, a plain bigint on PostgreSQL (a column key would be an identity there).
    .addColumn('id', 'integer', (c) => c.notNull().references('national_findings.id').onDelete('cascade'))
    .addColumn('review_id', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('methodology', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text')
    .addColumn('harm', 'text')
    .addColumn('system_level', 'text')
    .addColumn('sin_age_band', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('ethnicity', 'text', (c) => c.notNull())
    .addColumn('harm_type', 'text', (c) => c.notNull())
    .addColumn('social_care_status', 'text', (c) => c.notNull())
    .addColumn('finding_type', 'text', (c) => c.notNull())
    .addColumn('national_attention', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('national_finding_facts_pk', ['id'])
    .execute()
  const columns = sql.join(FACTS.map((c) => sql.ref(c)))
  await sql`insert into national_finding_facts (id, ${columns}) select id, ${columns} from national_findings`.execute(db)
  await db.schema.createIndex('national_finding_codes_by_finding').on('national_finding_codes').columns(['finding_id', 'family']).execute()
}
