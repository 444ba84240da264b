// Two app instances in two processes on one database (a SQLite file, or on PostgreSQL the test database), saving the same finding from the same version
// at the same moment: exactly one save succeeds and the other is told someone else saved first (409 stale-edit),
// never "database is locked" or a serialisation error; the database holds one agreement and one audit row per finding, and the audit chain
// is whole. Many rounds, because which process reaches the database first differs from round to round.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../../../server/services/audit.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { api, setUpReview, type ReviewFixture } from '../findings/review-fixture.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const ROUNDS = 25

interface Result { findingId: string; status: number; error: string | null; message: string | null }
interface Child { process: ChildProcessWithoutNullStreams; next(): Promise<Result> }

let t: TestApp
let r: ReviewFixture
const children: Child[] = []

function startChild(): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'save-child.ts'), t.dataDir, r.lead.token, r.reviewId, t.clock.now().toISOString()], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: t.databaseUrl ?? '' },
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const waiting: Array<{ resolve(line: string): void; reject(error: Error): void }> = []
  const lines: string[] = []
  let stopped: Error | null = null
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift()
    if (w) w.resolve(line)
    else lines.push(line)
  })
  child.once('exit', (code) => {
    stopped = new Error(`the child app stopped (${code}): ${stderr}`)
    for (const w of waiting.splice(0)) w.reject(stopped)
  })
  const nextLine = () => new Promise<string>((resolve, reject) => {
    const l = lines.shift()
    if (l !== undefined) resolve(l)
    else if (stopped) reject(stopped)
    else waiting.push({ resolve, reject })
  })
  return nextLine().then((first) => {
    if (first !== 'ready') throw new Error(`the child app did not start: ${first} ${stderr}`)
    return { process: child, next: async () => JSON.parse(await nextLine()) as Result }
  })
}

beforeAll(async () => {
  t = await createTestApp({}, { onDisk: true })
  r = await setUpReview(t)
  children.push(...(await Promise.all([startChild(), startChild()])))
}, 60_000)

afterAll(async () => {
  for (const c of children) {
    c.process.stdin.end()
    await new Promise((resolve) => c.process.once('exit', resolve))
  }
  await t?.close()
})

async function agreeableFinding(n: number): Promise<{ id: string; version: number }> {
  const res = await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, {
    title: `Risk scores work as cut-offs (${n})`, pattern: 'The checklist counts answers given with children nearby.', inThisCase: 'The January incident was graded on the score alone.',
    howWidespread: 'A MARAC audit found the same in a third of incidents.', whyItMatters: 'Judgement is set aside when the score is low.',
    typologyCodes: ['TLS-3'], boardQuestions: ['How often is professional judgement used to refer?'],
  })
  expect(res.statusCode, res.body).toBe(201)
  return { id: res.json().id, version: res.json().version }
}

describe('two app processes on one database', () => {
  it('agree the same finding from the same version: one succeeds, the other is refused as stale, in the database', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const finding = await agreeableFinding(round)
      // Both processes are sent the request in the same tick; neither waits for the other.
      for (const c of children) c.process.stdin.write(`${finding.id} ${finding.version}\n`)
      const results = await Promise.all(children.map((c) => c.next()))
      const statuses = results.map((x) => x.status).sort()
      expect(statuses, `round ${round}: ${JSON.stringify(results)}`).toEqual([200, 409])
      expect(results.find((x) => x.status === 409)!.error).toBe('stale-edit')

      const saved = await t.db.selectFrom('findings').select(['status', 'version']).where('id', '=', finding.id).executeTakeFirstOrThrow()
      expect(saved).toEqual({ status: 'agreed', version: finding.version + 1 })
      const agreements = await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'finding.agree').where('object_id', '=', finding.id).execute()
      expect(agreements).toHaveLength(1)
    }
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  }, 120_000)
})
