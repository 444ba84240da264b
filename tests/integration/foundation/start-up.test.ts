// npm start as a newcomer runs it: a real process, an empty data directory, env config.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const dirs: string[] = []
const children: ChildProcess[] = []

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })
}

async function start(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-start-'))
  dirs.push(dataDir)
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), PASSWORD_COST: '10', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (d) => { output += String(d) })
  child.stderr!.on('data', (d) => { output += String(d) })
  const started = Date.now()
  while (!output.includes('Casework Lens is running')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`)
    if (Date.now() - started > 120_000) throw new Error(`server did not start: ${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return { child, port, output: () => output, dataDir }
}

describe('starting the server', () => {
  it('creates the first admin with a password printed once, seeds the demo review, serves /health, and stops cleanly on SIGTERM', async () => {
    const server = await start({})
    const out = server.output()
    const password = /Password: (\S+)/.exec(out)?.[1]
    expect(password).toBeTruthy()
    expect(out).toContain('Demo review seeded (entirely fictional)')
    expect(out).toMatch(/Lead reviewer\s+lead\.reviewer@demo\.casework-lens\.local\s+\S+/)
    const health = await fetch(`http://127.0.0.1:${server.port}/health`)
    expect(await health.json()).toEqual({ status: 'ok', database: { engine: 'sqlite', answers: true } })
    const exited = new Promise<number | null>((resolve) => server.child.on('exit', (code) => resolve(code)))
    server.child.kill('SIGTERM')
    expect(await exited).toBe(0)

    // A second start on the same data prints no password and seeds nothing new.
    const again = await start({ DATA_DIR: server.dataDir })
    expect(again.output()).not.toContain('Password:')
    expect(again.output()).not.toContain('Demo review seeded')
  }, 240_000)

  it('takes the first admin from SCR_ADMIN_EMAIL/SCR_ADMIN_PASSWORD and skips the demo with SCR_DEMO=0', async () => {
    const server = await start({ SCR_ADMIN_EMAIL: 'chief@example.org', SCR_ADMIN_PASSWORD: 'a strong admin passphrase', SCR_DEMO: '0' })
    expect(server.output()).toContain('First administrator created from SCR_ADMIN_EMAIL: chief@example.org')
    expect(server.output()).not.toContain('a strong admin passphrase')
    expect(server.output()).not.toContain('Demo review seeded')
    const page = await fetch(`http://127.0.0.1:${server.port}/login`)
    expect(page.status).toBe(200)
  }, 120_000)

  it('refuses to start with invalid configuration, saying which setting is wrong', async () => {
    await expect(start({ PORT: 'eighty' })).rejects.toThrow(/PORT must be a whole number/)
  }, 60_000)
})
