// Issue 17: the demo review's first chronology page, signed in as the lead reviewer, under 50 connections, against
// bare Fastify sending the same HTML bytes from memory, in the same run. Targets: throughput ≥ 1/3 of the bare
// server's, p99 < 150 ms. The two servers run in their own processes and take turns (bare, app, bare, app...), so
// a machine shared with other work weighs on both alike; each round's ratio is printed, and the median decides.
// PAGE_SECONDS (default 10) per turn, PAGE_ROUNDS (default 3), PAGE_CONNECTIONS (default 50).
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const here = path.dirname(fileURLToPath(import.meta.url))
const SECONDS = Number(process.env.PAGE_SECONDS ?? 10)
const ROUNDS = Number(process.env.PAGE_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.PAGE_CONNECTIONS ?? 50)

interface Served { address: string; path: string; cookie: string; pid: number; child: ChildProcess }

function start(mode: 'app' | 'bare', env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '_page-server.ts'), mode], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve({ ...(JSON.parse(line) as Omit<Served, 'child'>), child })
    })
    child.on('exit', (code) => reject(new Error(`the ${mode} server stopped (${code})`)))
  })
}

async function stop(served: Served): Promise<void> {
  served.child.kill('SIGTERM')
  await new Promise((resolve) => served.child.once('exit', resolve))
}

const load = (served: Served) => autocannon({
  url: `${served.address}${served.path}`, connections: CONNECTIONS, duration: SECONDS, timeout: 10,
  headers: served.cookie ? { cookie: served.cookie } : {},
})

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-page-html-'))
const app = await start('app')
let bare: Served | null = null
let failed = false
try {
  const res = await fetch(`${app.address}${app.path}`, { headers: { cookie: app.cookie } })
  const html = Buffer.from(await res.arrayBuffer())
  if (res.status !== 200 || !html.includes('govuk-table')) throw new Error(`the chronology page answered ${res.status}`)
  fs.writeFileSync(path.join(tmp, 'page.html'), html)
  bare = await start('bare', { PAGE_HTML: path.join(tmp, 'page.html') })
  // Warm both (JIT, caches) before measuring.
  await Promise.all([autocannon({ url: `${bare.address}/`, connections: 10, amount: 500 }), autocannon({ url: `${app.address}${app.path}`, connections: 10, amount: 500, headers: { cookie: app.cookie } })])

  const rows: string[] = []
  const ratios: number[] = []
  const p99s: number[] = []
  let errors = 0
  for (let round = 1; round <= ROUNDS; round++) {
    const b = await load(bare)
    const a = await load(app)
    const ratio = a.requests.average / b.requests.average
    ratios.push(ratio)
    p99s.push(a.latency.p99)
    errors += a.errors + a.non2xx
    rows.push(`| ${round} | ${b.requests.average.toFixed(0)} req/s, p99 ${b.latency.p99} ms | ${a.requests.average.toFixed(0)} req/s, p50 ${a.latency.p50} ms, p99 ${a.latency.p99} ms, ${a.errors + a.non2xx} errors | ${ratio.toFixed(2)}× |`)
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
  const ratio = median(ratios)
  const p99 = median(p99s)
  failed = ratio < 1 / 3 || p99 >= 150 || errors > 0
  console.log(`Demo review, first chronology page (${(html.length / 1024).toFixed(0)} KB), lead reviewer signed in; ${CONNECTIONS} connections, ${SECONDS} s a turn, bare server and app taking turns; load generator on the same machine (loopback).`)
  console.log('')
  console.log('| Round | Bare Fastify, same bytes from memory | Casework Lens | Throughput ratio |')
  console.log('| --- | --- | --- | --- |')
  for (const r of rows) console.log(r)
  console.log('')
  console.log(`Median ratio ${ratio.toFixed(2)}× (target ≥ 0.33×: ${ratio >= 1 / 3 ? 'met' : 'MISSED'}); median p99 ${p99} ms (target < 150 ms: ${p99 < 150 ? 'met' : 'MISSED'}); ${errors} errors.`)
} finally {
  await stop(app)
  if (bare) await stop(bare)
  fs.rmSync(tmp, { recursive: true, force: true })
}
process.exitCode = failed ? 1 : 0
