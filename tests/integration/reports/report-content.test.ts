// The report's content is read in ONE read-only transaction (server/services/report-content.ts), so a report is a
// consistent snapshot of the review: every statement the report reads runs between one BEGIN and its COMMIT. On
// SQLite the BEGIN is the deferred one, which holds no write lock (writers in other processes are not held up); on
// PostgreSQL it is a read-only repeatable-read transaction (one snapshot for every statement).
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../server/data/schema.js'
import { PARTNERSHIP_SETTING } from '../../../server/db/partnership-scope.js'
import { postgresTypes } from '../../../server/db/database.js'
import { ImmediateSqliteDialect } from '../../../server/db/write-lock.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { loadMap, saveMap } from '../../../server/services/causal-map.js'
import { markEventsSignificant } from '../../../server/services/chronology.js'
import { readReportContent } from '../../../server/services/report-content.js'
import { createTestApp, sqliteOf, type TestApp } from '../../support/test-app.js'
import { testEngine } from '../../support/postgres-test-databases.js'
import { seedReportReview, type ReportReview } from './report-fixture.js'

let t: TestApp
let r: ReportReview
beforeAll(async () => {
  t = await createTestApp()
  r = await seedReportReview(t, { dir: demoCaseDir, rowsPerFile: 4 })
}, 60_000)
const closers: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const close of closers) await close()
  await t?.close()
})

/**
 * A Kysely on the test's database that notes every statement it runs, in order: on SQLite the app's own handle,
 * each statement noted as it is prepared; on PostgreSQL a connection of its own to the same database, noted by
 * Kysely's query log (which sees the transaction's start and end too).
 */
function recordingDb(): { db: Kysely<Database>; statements: string[] } {
  const statements: string[] = []
  if (testEngine === 'postgres') {
    const db = new Kysely<Database>({
      // Row-level security (0030) shows a connection nothing until casework.partnership is set: this one sees all.
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: t.databaseUrl!, max: 1, options: `-c ${PARTNERSHIP_SETTING}=*`, types: postgresTypes }) }),
      log: (event) => { if (event.level === 'query') statements.push(event.query.sql.trim().toLowerCase()) },
    })
    closers.push(() => db.destroy())
    return { db, statements }
  }
  const sqlite = sqliteOf(t.database)
  const recorded = new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return (source: string) => { statements.push(source.trim().toLowerCase()); return target.prepare(source) }
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
  return { db: new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: recorded }) }), statements }
}

describe('the report content', () => {
  it('is read inside one read-only transaction', async () => {
    const { db, statements } = recordingDb()
    const content = await readReportContent(db, r.reviewId, t.clock.now())
    expect(content.findings.length).toBeGreaterThan(0)
    expect(content.significant.length).toBeGreaterThan(0)
    expect(statements[0]).toBe(testEngine === 'postgres' ? 'start transaction isolation level repeatable read read only' : 'begin')
    expect(statements.at(-1)).toBe('commit')
    const inside = statements.slice(1, -1)
    expect(inside.length).toBeGreaterThan(20)
    expect(inside.filter((s) => /^(begin|start|commit|rollback)\b/.test(s))).toEqual([])
    // Reading changes nothing.
    expect(inside.filter((s) => /^(insert|update|delete)\b/.test(s))).toEqual([])
  })

  // Ten people exporting one review read its chronology's counts once; the content version is read in the report's
  // own snapshot, and raised in the same transaction as any change to the chronology, so nothing older is shown.
  it('works out what comes from the chronology once per content version, and afresh after the chronology or the map changes', async () => {
    const { db, statements } = recordingDb()
    const aggregates = () => statements.filter((s) => s.includes('from "chronology_events"') && (s.includes('group by') || s.includes('count(')))
    const first = await readReportContent(db, r.reviewId, t.clock.now())
    expect(aggregates().length).toBeGreaterThan(0)
    statements.length = 0
    const again = await readReportContent(db, r.reviewId, t.clock.now())
    expect(aggregates()).toEqual([])
    expect(statements.filter((s) => s.includes('from "causal_maps"')).length).toBe(2) // the map itself is read each time
    expect(again.agencies).toEqual(first.agencies)
    expect(again.significant).toEqual(first.significant)
    expect(again.snapshot).toEqual(first.snapshot)

    const unmarked = first.significant[0]!.id
    await markEventsSignificant(t.ctx, r.actor(r.lead), r.reviewId, [unmarked], false)
    statements.length = 0
    const marked = await readReportContent(db, r.reviewId, t.clock.now())
    expect(aggregates().length).toBeGreaterThan(0)
    expect(marked.significant.map((e) => e.id)).not.toContain(unmarked)
    expect(marked.significant.length).toBe(first.significant.length - 1)
    expect(marked.snapshot.chronology.significantEvents).toBe(first.snapshot.chronology.significantEvents - 1)
    expect(marked.agencies.reduce((n, a) => n + a.significant, 0)).toBe(first.agencies.reduce((n, a) => n + a.significant, 0) - 1)

    // A link without evidence is a map check warning: the map's checks follow its version too.
    const stored = await loadMap(t.db, r.reviewId)
    expect(stored.map.edges.length).toBeGreaterThan(0)
    const edges = stored.map.edges.map((e, i) => (i === 0 ? { ...e, evidence: [] } : e))
    await saveMap(t.ctx, r.actor(r.lead), r.reviewId, stored.version, { ...stored.map, edges }, 'api')
    const saved = await readReportContent(db, r.reviewId, t.clock.now())
    expect(saved.snapshot.map.edgesWithEvidence).toBe(marked.snapshot.map.edgesWithEvidence - 1)
    expect(saved.snapshot.map.checkIssues.warning).toBeGreaterThan(marked.snapshot.map.checkIssues.warning)
  })

  it('keeps drafts apart from the agreed findings the report body shows', async () => {
    const content = await readReportContent(t.db, r.reviewId, t.clock.now())
    expect(content.findings.every((v) => v.finding.status === 'agreed')).toBe(true)
    expect(content.draftFindings.every((v) => v.finding.status === 'draft')).toBe(true)
    const all = await t.db.selectFrom('findings').select((eb) => eb.fn.countAll<number>().as('n')).where('review_id', '=', r.reviewId).executeTakeFirstOrThrow()
    expect(content.findings.length + content.draftFindings.length).toBe(Number(all.n))
  })
})
