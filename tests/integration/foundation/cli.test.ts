// The command line, run as a real child process against a file database, as an operator would.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../server/app.js'
import { FixedClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { openAppDatabase } from '../../../server/db/database.js'

const root = path.resolve(import.meta.dirname, '../../..')
let dataDir: string

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli.ts'), ...args], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir, PASSWORD_COST: '10', ...env }, encoding: 'utf8', timeout: 60_000,
  })
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() }
}

beforeAll(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-cli-')) })
afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }) })

describe('npm run cli', () => {
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
