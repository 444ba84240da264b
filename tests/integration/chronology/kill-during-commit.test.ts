// Kills a process in the middle of committing a large import (SIGKILL: no chance to clean up) and reopens
// the database: the import is all or nothing, and what was there before is intact.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { writeChronologyCsv } from '../../../bench/_chronology-fixture.js'
import { commitFile, createBenchReview, openBenchDatabase, previewFile } from '../../../bench/_chronology-setup.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-kill-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

const ROWS = 60_000

async function counts(dataDir: string, importId: string) {
  const { database } = await openBenchDatabase(dataDir)
  try {
    const n = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(database.db)).rows[0]?.n)
    return {
      integrity: database.sqlite!.pragma('integrity_check', { simple: true }),
      events: await n(sql<{ n: number }>`select count(*) as n from chronology_events where previewing = 0`),
      ofLargeImport: await n(sql<{ n: number }>`select count(*) as n from chronology_events where import_id = ${importId} and previewing = 0`),
      staged: await n(sql<{ n: number }>`select count(*) as n from chronology_events where import_id = ${importId} and previewing = 1`),
      // The full-text index agrees with the events (FTS5's own check), and the chronology's search finds the large
      // import's words only once committed.
      ftsCheck: await sql`insert into chronology_events_fts(chronology_events_fts, rank) values ('integrity-check', 1)`.execute(database.db).then(() => 'ok'),
      found: await n(sql<{ n: number }>`select count(*) as n from chronology_events e where e.import_id = ${importId} and e.previewing = 0 and e.seq in (select rowid from chronology_events_fts where chronology_events_fts match 'hyperlink')`),
      status: (await sql<{ status: string }>`select status from chronology_imports where id = ${importId}`.execute(database.db)).rows[0]?.status,
      commitAudits: await n(sql<{ n: number }>`select count(*) as n from audit_log where action = 'chronology.import.commit' and object_id = ${importId}`),
    }
  } finally {
    await database.close()
  }
}

describe('a crash during commit', () => {
  it('leaves no part of the import behind and the earlier chronology intact', async () => {
    const dataDir = path.join(work, 'data')
    const b = await createBenchReview(dataDir)
    const before = await commitFile(b, await previewFile(b, 'Police', path.join(demoCaseDir, 'police.csv')))
    const csv = path.join(work, 'large.csv')
    writeChronologyCsv(csv, { rows: ROWS })
    const largeImport = await previewFile(b, 'Large agency', csv)
    const userId = b.actor.userId!
    await b.database.close()

    const wal = path.join(dataDir, 'casework-lens.sqlite-wal')
    // node itself (not npx, whose child would outlive the kill) runs the script through tsx.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'commit-child.ts'), dataDir, b.reviewId, largeImport, userId], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    const deadline = Date.now() + 60_000
    while (!output.includes('commit-started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    // The commit is under way once uncommitted pages spill into the write-ahead log.
    const startSize = fs.existsSync(wal) ? fs.statSync(wal).size : 0
    while (Date.now() < deadline && (fs.existsSync(wal) ? fs.statSync(wal).size : 0) < startSize + 512 * 1024 && !output.includes('commit-finished')) {
      await new Promise((r) => setTimeout(r, 2))
    }
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    expect(output, 'the commit finished before the kill: make the import larger').not.toContain('commit-finished')

    const after = await counts(dataDir, largeImport)
    expect(after).toEqual({ integrity: 'ok', events: before, ofLargeImport: 0, staged: ROWS, ftsCheck: 'ok', found: 0, status: 'previewed', commitAudits: 0 })

    // The preview survived, so the commit can simply be run again.
    const again = await openBenchDatabase(dataDir)
    const committed = await commitFile({ ctx: again.ctx, actor: b.actor, reviewId: b.reviewId }, largeImport)
    await again.database.close()
    expect(committed).toBe(ROWS)
    expect(await counts(dataDir, largeImport)).toMatchObject({ integrity: 'ok', events: before + ROWS, ofLargeImport: ROWS, staged: 0, ftsCheck: 'ok', found: Math.ceil(ROWS / 97), status: 'committed', commitAudits: 1 })
  }, 180_000)
})
