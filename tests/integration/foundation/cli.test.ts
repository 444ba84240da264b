// The command line, run as a real child process against a file database, as an operator would.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../server/app.js'
import { FixedClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openAppDatabase } from '../../../server/db/database.js'
import { createUser } from '../../../server/services/accounts.js'
import { writeAuditCheckpoint } from '../../../server/services/audit-checkpoints.js'
import { verifyAuditChain } from '../../../server/services/audit.js'
import { systemActor } from '../../../server/services/context.js'
import { sequentialIds } from '../../support/test-app.js'

const root = path.resolve(import.meta.dirname, '../../..')
let dataDir: string

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli.ts'), ...args], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir, PASSWORD_COST: '10', AUDIT_KEY: '', ...env }, encoding: 'utf8', timeout: 60_000,
  })
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() }
}

beforeAll(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-cli-')) })
afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }) })

// Each command line run starts tsx afresh: seconds apiece on a busy machine.
describe('npm run cli', { timeout: 120_000 }, () => {
  it('adds a user with the password from SCR_PASSWORD, never from the command line', () => {
    const missing = cli(['user:add', '--email', 'ana@example.org', '--name', 'Ana', '--role', 'reviewer'])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toBe('Set the password in the SCR_PASSWORD environment variable (never on the command line)')
    const ok = cli(['user:add', '--email', 'ana@example.org', '--name', 'Ana', '--role', 'reviewer'], { SCR_PASSWORD: 'a long cli password' })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe('Added ana@example.org (reviewer)')
    const again = cli(['user:add', '--email', 'ana@example.org', '--name', 'Ana', '--role', 'reviewer'], { SCR_PASSWORD: 'a long cli password' })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('A user with this email address already exists')
    const badRole = cli(['user:add', '--email', 'bo@example.org', '--name', 'Bo', '--role', 'king'], { SCR_PASSWORD: 'a long cli password' })
    expect(badRole.code).toBe(1)
    expect(badRole.stderr.split('\n')).toHaveLength(1)
  })

  it('creates an API token that works against the API and is stored only as a hash', async () => {
    const made = cli(['token:create', '--email', 'ana@example.org', '--name', 'script'])
    expect(made.code).toBe(0)
    const [tokenLine, expiryLine] = made.stdout.split('\n')
    expect(tokenLine).toMatch(/^cwl_[\w-]{40,}$/)
    expect(expiryLine).toMatch(/^Expires \d{4}-\d\d-\d\dT[\d:.]+Z \(after 90 days; API_TOKEN_DAYS sets this\)$/)
    made.stdout = tokenLine!
    const database = openAppDatabase(loadConfig({ DATA_DIR: dataDir }))
    const stored = database.sqlite!.prepare('select token_hash from api_tokens').all() as { token_hash: string }[]
    expect(stored.map((s) => s.token_hash)).not.toContain(made.stdout)
    const app = await buildApp({ db: database.db, clock: new FixedClock(new Date()), config: loadConfig({ DATA_DIR: dataDir }), logger: false })
    const res = await app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { authorization: `Bearer ${made.stdout}` } })
    expect(res.statusCode).toBe(200)
    await app.close()
    await database.close()
    expect(cli(['token:create', '--email', 'nobody@example.org']).code).toBe(1)
  })

  it('writes a consistent backup that opens as a database, and refuses to overwrite a file', () => {
    const target = path.join(dataDir, 'backups', 'copy.sqlite')
    const done = cli(['backup', '--to', target])
    expect(done.code).toBe(0)
    const copy = new SqliteDatabase(target, { readonly: true })
    expect((copy.prepare('select email from users').all() as { email: string }[]).map((u) => u.email)).toContain('ana@example.org')
    copy.close()
    const again = cli(['backup', '--to', target])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
  })

  it('verifies the audit chain against its checkpoints, and catches the newest entries deleted', () => {
    const ok = cli(['audit:verify'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^Audit chain intact: \d+ entries verified; 0 checkpoints matched$/)
    const noted = cli(['audit:checkpoint'])
    expect(noted.code).toBe(0)
    const [, seq, hash] = /^Audit checkpoint: entry (\d+), hash ([0-9a-f]{64})$/.exec(noted.stdout)!
    expect(fs.statSync(path.join(dataDir, 'audit-checkpoints.jsonl')).mode & 0o777).toBe(0o600)
    expect(cli(['audit:verify', '--checkpoint', `${seq}:${hash}`]).stdout).toMatch(/; 2 checkpoints matched$/)
    expect(cli(['audit:verify', '--checkpoint', 'nonsense']).stderr).toMatch(/^--checkpoint "nonsense" is not an entry number/)
    // Someone with the database file deletes the newest entries and moves the head back to match.
    const db = new SqliteDatabase(path.join(dataDir, 'casework-lens.sqlite'))
    db.exec('DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_chain_head_forward')
    const last = Number(seq)
    db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(last - 1)
    const kept = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = ?').get(last - 2) as { seq: number; hash: string }
    db.prepare('UPDATE audit_chain_head SET seq = ?, hash = ?').run(kept.seq, kept.hash)
    db.close()
    const truncated = cli(['audit:verify'])
    expect(truncated.code).toBe(1)
    expect(truncated.stderr).toMatch(new RegExp(`^Audit chain broken at entry ${last - 1}: entries from ${last - 1} on are missing: a checkpoint taken .* \\(cli\\) records entry ${last}$`))
  })

  it('fails with the broken entry when a row is altered', () => {
    const db = new SqliteDatabase(path.join(dataDir, 'casework-lens.sqlite'))
    db.exec('DROP TRIGGER audit_log_no_update')
    db.prepare("UPDATE audit_log SET action = 'user.nothing' WHERE seq = 1").run()
    db.close()
    const broken = cli(['audit:verify'])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toBe('Audit chain broken at entry 1: its contents were changed after it was written')
  })

  it('explains unknown commands', () => {
    const res = cli(['make-coffee'])
    expect(res.code).toBe(1)
    expect(res.stderr).toBe('Unknown command "make-coffee": run npm run cli -- help')
    const help = cli(['help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('token:create --email E')
  })
})

// Someone who can edit the database file (but has not got the key, kept outside it) changes an old entry and
// recomputes every hash after it the only way they can: the chain's own recipe with plain SHA-256 (issue 13).
describe('audit:verify against a chain recomputed after an edit', { timeout: 120_000 }, () => {
  interface Row { seq: number; prev_hash: string; at: string; actor_user_id: string | null; actor_kind: string; action: string; review_id: string | null; object_type: string | null; object_id: string | null; request_id: string | null; details: string; hash: string }

  const dirs: string[] = []
  const verify = (dir: string) => cli(['audit:verify'], { DATA_DIR: dir })

  /**
   * A fresh data directory whose chain has a few entries, made in this process (each command line run costs
   * seconds of start-up), and a checkpoint beside it if asked for, as the server writes at start.
   */
  async function freshChain(opts: { checkpoint: boolean }): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-cli-recompute-'))
    dirs.push(dir)
    const config = loadConfig({ DATA_DIR: dir, PASSWORD_COST: '10' })
    const database = openAppDatabase(config)
    await migrateToLatest(database.db)
    const ctx = { db: database.db, clock: new FixedClock('2026-03-02T10:00:00.000Z'), config, newId: sequentialIds('cli') }
    for (const name of ['eve', 'mallory']) await createUser(ctx, systemActor, { email: `${name}@example.org`, name, role: 'reviewer', password: 'a long cli password' })
    if (opts.checkpoint) await writeAuditCheckpoint({ db: database.db, clock: ctx.clock, dataDir: dir }, 'start')
    expect((await verifyAuditChain(database.db)).ok).toBe(true)
    await database.close()
    return dir
  }

  /** Rewrites entry 1's action and recomputes every hash from there with plain SHA-256, head included. */
  function editAndRecompute(dir: string, opts: { moveKeyedBoundary: boolean }): number {
    const db = new SqliteDatabase(path.join(dir, 'casework-lens.sqlite'))
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_chain_head_forward')
    db.prepare("UPDATE audit_log SET action = 'user.nothing' WHERE seq = 1").run()
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[]
    let prev = '0'.repeat(64)
    for (const row of rows) {
      const hash = createHash('sha256').update(JSON.stringify([
        prev, row.at, row.actor_user_id, row.actor_kind, row.action, row.review_id, row.object_type, row.object_id, row.request_id, row.details,
      ])).digest('hex')
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq)
      prev = hash
    }
    const last = rows.at(-1)!.seq
    // The chain's head says where the keyed part starts; moving it past the end claims every entry predates the key.
    db.prepare('UPDATE audit_chain_head SET hash = ?, keyed_from_seq = CASE WHEN ? THEN ? ELSE keyed_from_seq END').run(prev, opts.moveKeyedBoundary ? 1 : 0, last + 1)
    db.close()
    return rows.length
  }

  afterAll(() => { for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true }) })

  it('fails at the edited entry: without the key the recomputed hashes are not the chain\'s', async () => {
    const dir = await freshChain({ checkpoint: false })
    expect(editAndRecompute(dir, { moveKeyedBoundary: false })).toBeGreaterThanOrEqual(2)
    const res = verify(dir)
    expect(res.code).toBe(1)
    expect(res.stdout).toBe('')
    expect(res.stderr).toBe('Audit chain broken at entry 1: its contents were changed after it was written')
  })

  it('fails when the head is also moved to claim every entry predates the key, with a checkpoint file or without one', async () => {
    const bare = await freshChain({ checkpoint: false })
    const entries = editAndRecompute(bare, { moveKeyedBoundary: true })
    const unvouched = verify(bare)
    expect(unvouched.code).toBe(1)
    expect(unvouched.stderr).toBe(`Audit chain broken at entry 1: no entry is keyed (the chain's head says all ${entries} predate the audit key) and no checkpoint records that: `
      + 'the chain was recomputed without the key, or nothing has been written since the upgrade that keyed it (start the server once, then verify again)')

    const checkpointed = await freshChain({ checkpoint: true })
    const rewritten = editAndRecompute(checkpointed, { moveKeyedBoundary: true })
    const caught = verify(checkpointed)
    expect(caught.code).toBe(1)
    expect(caught.stderr).toMatch(new RegExp(`^Audit chain broken at entry 1: the chain's head says its keyed entries start at ${rewritten + 1}, but the checkpoint taken 2026-03-02T10:00:00.000Z \\(start\\) records 1: the chain was recomputed without the key$`))
  })
})
