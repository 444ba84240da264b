// The rapid review as the Child Safeguarding Practice Review Panel receives it (issue 15): structured facts,
// immediate safeguarding action, learning so far, the criteria for a local review, a three-way decision with
// reasons, one sign-off per safeguarding partner, and the Panel's response. One row per rapid review; lists
// that are only ever read and written whole (actions, criteria, agencies) are JSON text. Sign-offs are rows so
// the database itself refuses a second sign-off by the same partner.
// `local_review_id` links a rapid review to the Learning Together review started from it (the link both ways:
// that review finds its rapid review by this column).
// Earlier rapid reviews kept a decision, its rationale, immediate learning and the date sent on the review
// row; they are copied here (full-review → lcspr, no-further-review → no-lcspr) and those columns are unused.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rapid_reviews')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id'))
    .addColumn('child', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('household', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('agencies', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('incident', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('became_aware_on', 'text')
    .addColumn('immediate_safeguarding', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('good_practice', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('to_improve', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('criteria', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('lcspr', 'no-lcspr', 'national-review-recommended')`))
    .addColumn('decision_reasons', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decision_on', 'text')
    .addColumn('sent_to_panel_on', 'text')
    .addColumn('panel_response_on', 'text')
    .addColumn('panel_response', 'text')
    .addColumn('local_review_id', 'text', (c) => c.unique().references('reviews.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute()

  await db.schema
    .createTable('rapid_review_sign_offs')
    .addColumn('review_id', 'text', (c) => c.notNull().references('rapid_reviews.review_id'))
    .addColumn('partner', 'text', (c) => c.notNull().check(sql`partner in ('police', 'health', 'local-authority')`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('rapid_review_sign_offs_pk', ['review_id', 'partner'])
    .execute()

  await sql`
    insert into rapid_reviews (review_id, to_improve, decision, decision_reasons, sent_to_panel_on, updated_at)
    select id, coalesce(immediate_learning, ''),
      case rapid_decision when 'full-review' then 'lcspr' when 'no-further-review' then 'no-lcspr' else null end,
      coalesce(rapid_decision_rationale, ''), sent_to_panel_on, updated_at
    from reviews
    where methodology = 'rapid-review'
      and (immediate_learning is not null or rapid_decision is not null or rapid_decision_rationale is not null or sent_to_panel_on is not null)
  `.execute(db)
}
