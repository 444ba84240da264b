// Row-level security on PostgreSQL (migration 0030), tested around the application: a connection of the app's own
// role, set to one partnership for a transaction, reads no row of another partnership's review in any case table,
// and cannot write one. And the app tells every pooled connection whose work it does, with nothing carried over
// from one piece of work to the next. SQLite has one implicit partnership and no such policies (the migration
// does nothing there; schema-parity.test.ts lists the difference).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { sql } from 'kysely'
import { TABLES_OF_A_REVIEW, TABLES_OF_A_ROW } from '../../../migrations/0030_row_level_security.js'

/** Tables 0030 limited that a later migration dropped (0040: a preview's batches). */
const DROPPED_SINCE = ['chronology_import_batches']
import { DEFAULT_PARTNERSHIP_ID } from '../../../server/data/partnerships.js'
import type { User } from '../../../server/data/schema.js'
import { inRequestScope, narrowRequestTo } from '../../../server/db/partnership-scope.js'
import { openPostgres, rowSecurityBinds } from '../../../server/db/database.js'
import { createUser } from '../../../server/services/accounts.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { addPartnership } from '../../../server/services/partnerships.js'
import { addResearchQuestion, createReview } from '../../../server/services/reviews.js'
import { databaseUrl, testEngine } from '../../support/postgres-test-databases.js'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'

const actorOf = (user: User): Actor => ({ userId: user.id, role: user.role, name: user.name, via: 'system', requestId: null })

describe.runIf(testEngine === 'postgres')('row-level security on PostgreSQL', () => {
  let t: TestApp
  let client: pg.Client
  const reviews = {} as Record<'A' | 'B', string>
  let partnershipB: string

  async function seed(tag: 'A' | 'B', partnershipId: string): Promise<string> {
    const lead = await createUser(t.ctx, systemActor, { email: `${tag}.lead@example.org`, name: `${tag} Lead`, role: 'reviewer', password: TEST_PASSWORD, partnershipId })
    const review = await createReview(t.ctx, actorOf(lead), {
      title: `${tag} review`, boardName: `${tag} Partnership`, subjectPseudonym: `Child ${tag}`, methodology: 'learning-together',
      periodFrom: '2024-01-01', periodTo: '2024-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    const question = await addResearchQuestion(t.ctx, actorOf(lead), review.id, `${tag} question`)
    // Rows of a table keyed by its review (persons, findings) and of one keyed by another row (a finding's question).
    const at = '2026-03-02T10:00:00.000Z'
    await t.db.insertInto('persons').values({ id: `${tag}-person`, review_id: review.id, real_name: `${tag} Real Name`, pseudonym: `${tag} Pseudonym`, created_at: at, updated_at: at } as never).execute()
    await t.db.insertInto('findings').values({ id: `${tag}-finding`, review_id: review.id, kind: 'systemic', position: 1, title: `${tag} finding`, created_at: at, updated_at: at } as never).execute()
    await t.db.insertInto('finding_research_questions').values({ finding_id: `${tag}-finding`, question_id: question }).execute()
    return review.id
  }

  beforeAll(async () => {
    t = await createTestApp()
    partnershipB = (await addPartnership(t.ctx, systemActor, { name: 'Southvale' })).id
    reviews.A = await seed('A', DEFAULT_PARTNERSHIP_ID)
    reviews.B = await seed('B', partnershipB)
    client = new pg.Client({ connectionString: t.databaseUrl! })
    await client.connect()
  }, 60_000)
  afterAll(async () => {
    await client?.end()
    await t?.close()
  })

  /** Runs `work` in a transaction of the raw connection set to `partnership` (undefined: never set), then rolls back. */
  async function inTransactionAs<T>(partnership: string | undefined, work: () => Promise<T>): Promise<T> {
    await client.query('begin')
    try {
      if (partnership !== undefined) await client.query(`select set_config('casework.partnership', $1, true)`, [partnership])
      return await work()
    } finally {
      await client.query('rollback')
    }
  }

  const reviewIdsIn = async (table: string): Promise<string[]> => {
    const rows = table === 'finding_research_questions'
      ? await client.query<{ review_id: string }>(`select f.review_id from finding_research_questions q join findings f on f.id = q.finding_id`)
      : await client.query<{ review_id: string }>(`select ${table === 'reviews' ? 'id' : 'review_id'} as review_id from ${table}`)
    return [...new Set(rows.rows.map((r) => r.review_id))].sort()
  }
  const CASE_TABLES = ['reviews', 'review_members', 'research_questions', 'persons', 'findings', 'finding_research_questions']

  it('connects the app as a role the policies bind: not a superuser, not BYPASSRLS, the tables’ owner', async () => {
    const role = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; owner: string; me: string }>(`select r.rolsuper, r.rolbypassrls,
      (select pg_get_userbyid(relowner) from pg_class where relname = 'reviews') as owner, current_user as me from pg_roles r where r.rolname = current_user`)
    expect(role.rows[0]).toMatchObject({ rolsuper: false, rolbypassrls: false })
    expect(role.rows[0]!.owner).toBe(role.rows[0]!.me)
    // What start-up checks to warn an operator who connects as a role the policies do not bind.
    expect(await rowSecurityBinds(t.db)).toBe(true)
    const name = (await client.query<{ name: string }>('select current_database() as name')).rows[0]!.name
    const asSuperuser = openPostgres(databaseUrl(name), { poolSize: 1 })
    try {
      expect(await rowSecurityBinds(asSuperuser.db)).toBe(false)
    } finally {
      await asSuperuser.close()
    }
  })

  it('limits every table that holds a review’s content, and the owner too', async () => {
    const withReview = await client.query<{ table_name: string }>(`select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'review_id' and table_name not like 'national\\_%' and table_name <> 'audit_log'`)
    const limited = await client.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }>(`select c.relname, c.relrowsecurity, c.relforcerowsecurity,
      (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity`)
    const names = limited.rows.map((r) => r.relname).sort()
    // Every table with a review_id (the national store's tables hold returns, and the audit trail no case content).
    for (const { table_name } of withReview.rows) expect(names, table_name).toContain(table_name)
    expect(names).toEqual(['reviews', ...TABLES_OF_A_REVIEW, 'national_return_options', 'national_returns_sent', ...TABLES_OF_A_ROW.map(([table]) => table)]
      .filter((n, i, all) => all.indexOf(n) === i && !DROPPED_SINCE.includes(n)).sort())
    for (const r of limited.rows) expect(r, r.relname).toMatchObject({ relforcerowsecurity: true, policies: 1 })
  })

  it('shows a transaction set to one partnership that partnership’s rows only', async () => {
    for (const table of CASE_TABLES) {
      expect(await inTransactionAs(DEFAULT_PARTNERSHIP_ID, () => reviewIdsIn(table)), table).toEqual([reviews.A])
      expect(await inTransactionAs(partnershipB, () => reviewIdsIn(table)), table).toEqual([reviews.B])
      expect(await inTransactionAs('*', () => reviewIdsIn(table)), table).toEqual([reviews.A, reviews.B].sort())
      // A national analyst's or a signed-out request's work, and a connection that never said whose work it is.
      expect(await inTransactionAs('', () => reviewIdsIn(table)), table).toEqual([])
      expect(await inTransactionAs(undefined, () => reviewIdsIn(table)), table).toEqual([])
    }
    // Counting does not get round it either.
    const counted = await inTransactionAs(DEFAULT_PARTNERSHIP_ID, () => client.query<{ n: number }>(`select count(*)::int as n from persons where review_id = $1`, [reviews.B]))
    expect(counted.rows[0]!.n).toBe(0)
  })

  it('refuses to write another partnership’s rows from a transaction set to one partnership', async () => {
    await inTransactionAs(DEFAULT_PARTNERSHIP_ID, async () => {
      await client.query('savepoint s')
      await expect(client.query(`insert into persons (id, review_id, real_name, pseudonym, created_at, updated_at) values ('x', $1, 'X', 'X', 'now', 'now')`, [reviews.B]))
        .rejects.toThrow(/row-level security/)
      await client.query('rollback to savepoint s')
      await expect(client.query(`insert into reviews (id, title, partnership_id) select 'r-x', title, $1 from reviews limit 1`, [partnershipB]))
        .rejects.toThrow(/row-level security/)
      await client.query('rollback to savepoint s')
      // Moving one's own row into the other partnership's review is refused too.
      await expect(client.query(`update persons set review_id = $1 where id = 'A-person'`, [reviews.B])).rejects.toThrow(/row-level security/)
      await client.query('rollback to savepoint s')
      expect((await client.query(`update persons set real_name = 'changed' where id = 'B-person'`)).rowCount).toBe(0)
      expect((await client.query(`delete from finding_research_questions where finding_id = 'B-finding'`)).rowCount).toBe(0)
      expect((await client.query(`delete from reviews where id = $1`, [reviews.B])).rowCount).toBe(0)
    })
    expect(await inTransactionAs('*', () => reviewIdsIn('finding_research_questions'))).toEqual([reviews.A, reviews.B].sort())
  })

  it('sets each pooled connection to the partnership of the work that takes it, and never carries it over', async () => {
    const setting = async () => (await sql<{ p: string | null }>`select current_setting('casework.partnership', true) as p`.execute(t.db)).rows[0]!.p
    const visible = async () => (await t.db.selectFrom('reviews').select('id').orderBy('id').execute()).map((r) => r.id)
    const asRequestOf = (partnershipId: string | null) => inRequestScope(async () => {
      narrowRequestTo(partnershipId)
      return { setting: await setting(), reviews: await visible(), inTransaction: await t.db.transaction().execute(async (trx) => (await trx.selectFrom('reviews').select('id').execute()).map((r) => r.id)) }
    })
    for (let round = 0; round < 3; round++) {
      expect(await asRequestOf(partnershipB)).toEqual({ setting: partnershipB, reviews: [reviews.B], inTransaction: [reviews.B] })
      expect(await asRequestOf(DEFAULT_PARTNERSHIP_ID)).toEqual({ setting: DEFAULT_PARTNERSHIP_ID, reviews: [reviews.A], inTransaction: [reviews.A] })
      expect(await asRequestOf(null)).toEqual({ setting: '', reviews: [], inTransaction: [] })
      // Work outside any request (the system's) sees every partnership, on the same pooled connections.
      expect(await setting()).toBe('*')
      expect(await visible()).toEqual([reviews.A, reviews.B].sort())
    }
    // Requests at once, on several connections, each see their own.
    const together = await Promise.all(Array.from({ length: 12 }, (_, i) => asRequestOf(i % 2 ? partnershipB : DEFAULT_PARTNERSHIP_ID)))
    together.forEach((seen, i) => expect(seen.reviews).toEqual([i % 2 ? reviews.B : reviews.A]))
  })
})
