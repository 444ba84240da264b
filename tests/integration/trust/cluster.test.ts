// npm run start:cluster as an operator runs it: server/cluster.ts with WORKERS=2 on a fresh data directory (and on
// PostgreSQL, an empty database given as DATABASE_URL). Both workers listen on the one port; connections reach
// them in turn, and which worker served each request is read from its request log line (pino writes the pid).
// Signed in once, the session works on both; a partnership added through one worker is listed at once by the
// other; /health answers from both; SIGTERM stops the workers and the primary cleanly (exit 0).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'
import { startServerProcess, type ServerProcess } from '../../support/server-process.js'
import { HttpAgent, signInOverHttp, type HttpResponse } from '../../support/http-agent.js'

const ADMIN = { email: 'cluster.admin@example.org', password: 'a long cluster admin passphrase' }
let dataDir: string
let postgres: Awaited<ReturnType<typeof createEmptyPostgresDatabase>> | null = null
let cluster: ServerProcess | null = null

interface LogLine { pid?: number; msg?: string; time?: number; responseTime?: number; reqId?: string; req?: { route?: string }; res?: { statusCode?: number } }

function logLines(text: string): LogLine[] {
  return text.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    try {
      return JSON.parse(l) as LogLine
    } catch {
      return {}
    }
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * One request, and the pid of the worker that served it: its "request completed" line, the only new one that started
 * after we sent it (an earlier request's line can reach the output late, on a busy machine).
 */
async function served(work: () => Promise<HttpResponse>): Promise<{ res: HttpResponse; pid: number }> {
  const from = cluster!.output().length
  const sentAt = Date.now()
  const res = await work()
  const deadline = Date.now() + 5000
  const startedSinceSent = (l: LogLine) => typeof l.time === 'number' && l.time - (l.responseTime ?? 0) >= sentAt - 2
  for (;;) {
    const done = logLines(cluster!.output().slice(from)).filter((l) => l.msg === 'request completed' && startedSinceSent(l))
    if (done.length > 1) throw new Error(`more than one request was logged: ${JSON.stringify(done)}`)
    if (done.length === 1) return { res, pid: done[0]!.pid! }
    if (Date.now() > deadline) throw new Error(`no request log line for the request: ${cluster!.output().slice(from)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Repeats a request until a worker other than `not` serves it (connections go to the workers in turn). */
async function servedBy(other: (pid: number) => boolean, work: () => Promise<HttpResponse>): Promise<{ res: HttpResponse; pid: number }> {
  for (let i = 0; i < 10; i++) {
    const attempt = await served(work)
    if (other(attempt.pid)) return attempt
  }
  throw new Error('ten requests in a row reached the same worker')
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-cluster-'))
  if (testEngine === 'postgres') postgres = await createEmptyPostgresDatabase()
  cluster = await startServerProcess('cluster.ts', {
    WORKERS: '2', DATA_DIR: dataDir, DATABASE_URL: postgres?.url ?? '', SCR_DEMO: '0', LOG_LEVEL: 'info',
    SCR_ADMIN_EMAIL: ADMIN.email, SCR_ADMIN_PASSWORD: ADMIN.password,
  }, { ready: 2, timeoutMs: 180_000 })
}, 240_000)

afterAll(async () => {
  await cluster?.stop()
  await postgres?.drop()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('npm run start:cluster', () => {
  it('runs two workers on one port that share sessions and data, and stops cleanly on SIGTERM', async () => {
    const primary = cluster!.child.pid!
    const workers = [...new Set(logLines(cluster!.output()).filter((l) => /^Server listening at /.test(l.msg ?? '')).map((l) => l.pid!))]
    expect(workers).toHaveLength(2)
    expect(workers).not.toContain(primary)
    // The first worker migrated and created the administrator; the second found them done.
    expect(cluster!.output().split('First administrator created from SCR_ADMIN_EMAIL').length - 1).toBe(1)

    // Health from both workers, each on the engine the test runs on.
    const healthFrom = new Set<number>()
    for (let i = 0; i < 6 && healthFrom.size < 2; i++) {
      const { res, pid } = await served(async () => new HttpAgent(cluster!.base).get('/health'))
      expect(JSON.parse(res.body)).toEqual({ status: 'ok', database: { engine: testEngine, answers: true } })
      healthFrom.add(pid)
    }
    expect([...healthFrom].sort()).toEqual([...workers].sort())

    // Signed in once (on whichever worker), the session is good on both.
    const admin: HttpAgent = await signInOverHttp(cluster!.base, ADMIN.email, ADMIN.password)
    const listedBy = new Set<number>()
    for (let i = 0; i < 6 && listedBy.size < 2; i++) {
      const { res, pid } = await served(() => admin.get('/admin/partnerships'))
      expect(res.status).toBe(200)
      listedBy.add(pid)
    }
    expect(listedBy.size).toBe(2)

    // A change through one worker is seen at once through the other.
    await admin.get('/admin/partnerships')
    const added = await served(() => admin.post('/admin/partnerships', { name: 'Northmere Safeguarding Partnership' }))
    expect(added.res.status).toBe(303)
    const seen = await servedBy((pid) => pid !== added.pid, () => admin.get('/admin/partnerships'))
    expect(workers).toContain(seen.pid)
    expect(seen.res.status).toBe(200)
    expect(seen.res.body).toContain('Northmere Safeguarding Partnership')

    // SIGTERM to the primary: both workers finish and it exits 0.
    const code = await cluster!.stop()
    cluster = null
    expect(code).toBe(0)
    for (const pid of workers) expect(alive(pid), `worker ${pid} still running`).toBe(false)
  }, 120_000)
})
