// The PostgreSQL counterpart of kill-during-commit.test.ts: a process committing a large import on PostgreSQL is
// killed (SIGKILL: no chance to clean up) once its transaction has written a megabyte of uncommitted event rows.
// The server ends the orphaned transaction; then none of the import's events has joined the chronology (its rows are
// still the preview's, unseen, each with its search row, whole) and it has no commit audit entry, the earlier
// chronology is intact, the review's pages work, and the same preview commits in full. PostgreSQL project only.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { buildApp } from '../../../server/app.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { writeChronologyCsv } from '../../../bench/_chronology-fixture.js'
import { commitFile, createBenchReview, openBenchDatabase, previewFile } from '../../../bench/_chronology-setup.js'
import { verifyAuditChain } from '../../../server/services/audit.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'
import { signIn } from '../../support/browser-agent.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-kill-pg-'))
const made: Array<{ drop(): Promise<void> }> = []
afterAll(async () => {
  for (const db of made) await db.drop()
  fs.rmSync(work, { recursive: true, force: true })
})

const ROWS = 40_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function counts(dataDir: string, url: string, importId: string) {
  const { database } = await openBenchDatabase(dataDir, url)
  try {
    const n = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(database.db)).rows[0]?.n)
    return {
      events: await n(sql<{ n: number }>`select count(*) as n from chronology_events where previewing = 0`),
      ofLargeImport: await n(sql<{ n: number }>`select count(*) as n from chronology_events where import_id = ${importId} and previewing = 0`),
      // Every event (a preview's too) has its search row and no search row is left without its event.
      indexed: await n(sql<{ n: number }>`select count(*) as n from chronology_events_fts f join chronology_events e on e.seq = f.rowid`),
      strayIndexRows: await n(sql<{ n: number }>`select count(*) as n from chronology_events_fts f where not exists (select 1 from chronology_events e where e.seq = f.rowid)`),
      found: await n(sql<{ n: number }>`select count(*) as n from chronology_events e join chronology_events_fts f on f.rowid = e.seq
        where e.import_id = ${importId} and e.previewing = 0 and f.words @@ to_tsquery('casework_search', 'hyperlink')`),
      staged: await n(sql<{ n: number }>`select count(*) as n from chronology_events where import_id = ${importId} and previewing = 1`),
      status: (await sql<{ status: string }>`select status from chronology_imports where id = ${importId}`.execute(database.db)).rows[0]?.status,
      commitAudits: await n(sql<{ n: number }>`select count(*) as n from audit_log where action = 'chronology.import.commit' and object_id = ${importId}`),
      chain: (await verifyAuditChain(database.db)).ok,
    }
  } finally {
    await database.close()
  }
}

/** The chronology page through the real app, signed in as the review's lead: the review is usable. */
async function chronologyPage(dataDir: string, url: string, email: string, password: string, reviewId: string): Promise<string> {
  const { database, ctx } = await openBenchDatabase(dataDir, url)
  const app = await buildApp({ db: database.db, clock: ctx.clock, config: ctx.config, logger: false })
  try {
    const agent = await signIn(app, email, password)
    const page = await agent.get(`/reviews/${reviewId}/chronology`)
    expect(page.statusCode).toBe(200)
    return /of ([\d,]+) events/.exec(page.body)?.[1] ?? '(no count)'
  } finally {
    await app.close()
    await database.close()
  }
}

describe.runIf(testEngine === 'postgres')('a crash during commit on PostgreSQL', () => {
  it('leaves no part of the import behind, the preview whole and the earlier chronology intact', async () => {
    const target = await createEmptyPostgresDatabase()
    made.push(target)
    const dataDir = path.join(work, 'data')
    const b = await createBenchReview(dataDir, target.url)
    const before = await commitFile(b, await previewFile(b, 'Police', path.join(demoCaseDir, 'police.csv')))
    const csv = path.join(work, 'large.csv')
    writeChronologyCsv(csv, { rows: ROWS })
    const largeImport = await previewFile(b, 'Large agency', csv)
    const userId = b.actor.userId!
    await b.database.close()

    const watcher = new pg.Client({ connectionString: target.url })
    await watcher.connect()
    try {
      const eventsSize = async () => Number((await watcher.query<{ n: string }>(`select pg_relation_size('chronology_events') as n`)).rows[0]!.n)
      const others = async () => Number((await watcher.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows[0]!.n)
      const startSize = await eventsSize()
      // node itself (not npx, whose child would outlive the kill) runs the script through tsx.
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'commit-child.ts'), dataDir, b.reviewId, largeImport, userId], {
        stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: target.url },
      })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
      child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
      const deadline = Date.now() + 90_000
      while (!output.includes('commit-started') && Date.now() < deadline) await sleep(5)
      // The commit is under way once its uncommitted rows have grown the events table by a megabyte (PostgreSQL
      // writes them into the table's pages at once; other sessions do not see them until the commit).
      while (Date.now() < deadline && (await eventsSize()) < startSize + 1024 * 1024 && !output.includes('commit-finished')) await sleep(5)
      child.kill('SIGKILL')
      expect(await exited).toBe('SIGKILL')
      expect(output, 'the commit finished before the kill: make the import larger').not.toContain('commit-finished')
      expect(await eventsSize(), 'the kill came before the commit wrote anything').toBeGreaterThanOrEqual(startSize + 1024 * 1024)
      // The server notices the client is gone and rolls its transaction back; wait for its session to end.
      while (Date.now() < deadline && (await others()) > 0) await sleep(20)
      expect(await others()).toBe(0)
    } finally {
      await watcher.end()
    }

    const after = await counts(dataDir, target.url, largeImport)
    expect(after).toEqual({ events: before, ofLargeImport: 0, indexed: before + ROWS, strayIndexRows: 0, found: 0, staged: ROWS, status: 'previewed', commitAudits: 0, chain: true })
    expect(await chronologyPage(dataDir, target.url, b.email, b.password, b.reviewId)).toBe(before.toLocaleString('en-GB'))

    // The preview survived, so the commit can simply be run again, and then it is all there.
    const again = await openBenchDatabase(dataDir, target.url)
    const committed = await commitFile({ ctx: again.ctx, actor: b.actor, reviewId: b.reviewId }, largeImport)
    await again.database.close()
    expect(committed).toBe(ROWS)
    expect(await counts(dataDir, target.url, largeImport)).toEqual({
      events: before + ROWS, ofLargeImport: ROWS, indexed: before + ROWS, strayIndexRows: 0, found: Math.ceil(ROWS / 97), staged: 0, status: 'committed', commitAudits: 1, chain: true,
    })
    expect(await chronologyPage(dataDir, target.url, b.email, b.password, b.reviewId)).toBe((before + ROWS).toLocaleString('en-GB'))
  }, 240_000)
})
