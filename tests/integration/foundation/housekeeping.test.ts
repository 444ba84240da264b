// What the server clears by itself, at start and on a timer.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'
import { Agent } from '../../support/browser-agent.js'
import { apiUpload, setUpReview, settle } from '../chronology/chronology-helpers.js'
import { runHousekeeping } from '../../../server/services/housekeeping.js'
import { readAuditCheckpoints } from '../../../server/services/audit-checkpoints.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await settle(t); await t.close() })

const silentLog = { info: () => undefined, error: () => undefined } as unknown as Parameters<typeof runHousekeeping>[1]
const CSV = 'Date,Summary\n2021-01-05,Home visit\n2021-02-10,Phone call\n'

function age(file: string, hours: number) {
  const at = new Date(t.clock.now().getTime() - hours * 3_600_000)
  fs.utimesSync(file, at, at)
}

describe('housekeeping', () => {
  it('removes uploads no pending import needs once older than UPLOAD_SWEEP_HOURS, and keeps the rest', async () => {
    const f = await setUpReview(t)
    const upload = async (agency: string) => {
      const res = await apiUpload(t, f.leadToken, f.reviewId, { agency }, { name: `${agency}.csv`, content: Buffer.from(CSV) })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
      return (res.json() as { importId: string }).importId
    }
    const pending = await upload('Police')
    const finished = await upload('Housing')
    await settle(t)
    // A commit whose file was left behind (the process stopped before removing it).
    await t.db.updateTable('chronology_imports').set({ status: 'committed' }).where('id', '=', finished).execute()
    const imports = path.join(t.dataDir, 'imports')
    const tmp = path.join(t.dataDir, 'tmp')
    fs.mkdirSync(tmp, { recursive: true })
    const file = (dir: string, name: string, hours: number) => {
      const p = path.join(dir, name)
      if (!fs.existsSync(p)) fs.writeFileSync(p, 'x')
      age(p, hours)
      return p
    }
    const kept = [
      file(imports, `${pending}.upload`, 100), // a preview still waiting: kept however old
      file(imports, 'recent-orphan.upload', 2), // too new to judge
      file(imports, 'notes.txt', 100), // not an upload
      file(tmp, 'in-flight.upload', 0),
    ]
    const removed = [file(imports, `${finished}.upload`, 25), file(imports, 'no-such-import.upload', 25), file(tmp, 'dropped.upload', 30)]
    const report = await runHousekeeping(t.ctx, silentLog, 'timer')
    expect(report.uploadsRemoved).toEqual({ imports: 2, temporary: 1 })
    for (const p of kept) expect({ p, exists: fs.existsSync(p) }).toEqual({ p, exists: true })
    for (const p of removed) expect({ p, exists: fs.existsSync(p) }).toEqual({ p, exists: false })
    // A shorter limit is honoured.
    await t.close()
    t = await createTestApp({ UPLOAD_SWEEP_HOURS: '1' })
    fs.mkdirSync(path.join(t.dataDir, 'imports'), { recursive: true })
    const orphan = file(path.join(t.dataDir, 'imports'), 'orphan.upload', 2)
    await runHousekeeping(t.ctx, silentLog, 'timer')
    expect(fs.existsSync(orphan)).toBe(false)
  })

  it('prunes expired sessions and sign-in attempts older than the lockout window, and notes an audit checkpoint', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = new Agent(t.app)
    await agent.get('/login')
    await agent.post('/login', { email: user.email, password: 'a wrong password here' })
    await agent.post('/login', { email: user.email, password: TEST_PASSWORD })
    await new Agent(t.app).get('/login')
    expect(await t.db.selectFrom('login_attempts').selectAll().execute()).toHaveLength(0) // cleared by the right password
    const other = new Agent(t.app)
    await other.get('/login')
    await other.post('/login', { email: 'ghost@example.org', password: 'whatever it is' })
    const sessionsBefore = (await t.db.selectFrom('sessions').selectAll().execute()).length
    expect(sessionsBefore).toBe(3)
    const first = await runHousekeeping(t.ctx, silentLog, 'start')
    expect(first).toMatchObject({ sessionsRemoved: 0, loginAttemptsRemoved: 0, checkpoint: { written: true } })
    t.clock.advanceMinutes(61) // anonymous sessions last an hour; the lockout window is 15 minutes
    const second = await runHousekeeping(t.ctx, silentLog, 'timer')
    expect(second).toMatchObject({ sessionsRemoved: 2, loginAttemptsRemoved: 1, checkpoint: { written: false } })
    expect(await t.db.selectFrom('sessions').select('user_id').execute()).toEqual([{ user_id: user.id }])
    expect(readAuditCheckpoints(t.dataDir).checkpoints.map((c) => c.source)).toEqual(['start'])
  })
})
