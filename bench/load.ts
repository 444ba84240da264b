// 100 connections at once, on loopback, for a fixed time: 60 on the chronology page (2,000 events), 30 on the
// map API (300 nodes) and 10 on a report export (HTML, internal edition). Reports errors (non-2xx, socket
// errors, timeouts), p99 per endpoint and the server's resident memory at the start, at its peak and a minute
// after the load stops (with its drawing processes'). Targets: 0 errors, p99 < 300 ms for the chronology page, RSS a minute after within 20 %
// of the start. LOAD_SECONDS (default 60) and LOAD_SETTLE_SECONDS (default 60) bound how long it runs.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const here = path.dirname(fileURLToPath(import.meta.url))
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60)
const SETTLE_SECONDS = Number(process.env.LOAD_SETTLE_SECONDS ?? 60)

interface ServerInfo { address: string; reviewId: string; cookie: string; apiToken: string; pid: number; events: number }

function ownRssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
  } catch {
    return 0 // gone since it was listed
  }
}

/** The processes a process started (Linux), and theirs: the server's drawing processes. */
function descendants(pid: number): number[] {
  let children: number[] = []
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      children.push(...fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
    }
  } catch {
    children = []
  }
  return children.flatMap((child) => [child, ...descendants(child)])
}

/** The server's resident memory with its drawing processes' (report files and map figures are drawn in children). */
function rssMb(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + ownRssMb(p), 0)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// LOAD_PROFILE=dir has the server write a V8 CPU profile of its serving there (where the time goes).
const server = spawn(process.execPath, ['--import', 'tsx', path.join(here, '_load-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
let failed = false
try {
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    let out = ''
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolve(JSON.parse(line) as ServerInfo)
    })
    server.on('exit', (code) => reject(new Error(`the bench server stopped (${code})`)))
  })
  const page = `/reviews/${info.reviewId}/chronology`
  const mapApi = `/api/v1/reviews/${info.reviewId}/map`
  const reportApi = `/api/v1/reviews/${info.reviewId}/report?format=html&edition=internal`
  const cookie = { cookie: info.cookie }
  const bearer = { authorization: `Bearer ${info.apiToken}` }
  for (const [url, headers] of [[page, cookie], [mapApi, bearer], [reportApi, bearer]] as const) {
    const res = await fetch(`${info.address}${url}`, { headers })
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
    await res.arrayBuffer()
  }
  // Start: after one request to each (code loaded, caches filled once), before the load.
  await sleep(2000)
  const start = rssMb(info.pid)
  let peak = start
  const sampler = setInterval(() => { peak = Math.max(peak, rssMb(info.pid)) }, 250)
  const run = (url: string, connections: number, headers: Record<string, string>) =>
    autocannon({ url: `${info.address}${url}`, connections, duration: SECONDS, headers, timeout: 10 })
  // LOAD_ONLY=page,map,report runs a subset (to see what each costs on its own); the others report no requests.
  const only = (process.env.LOAD_ONLY ?? 'page,map,report').split(',')
  const idle = () => Promise.resolve({ requests: { total: 0 }, errors: 0, timeouts: 0, non2xx: 0, latency: { p50: 0, p99: 0, max: 0 } } as unknown as autocannon.Result)
  const [pageResult, mapResult, reportResult] = await Promise.all([
    only.includes('page') ? run(page, 60, cookie) : idle(),
    only.includes('map') ? run(mapApi, 30, bearer) : idle(),
    only.includes('report') ? run(reportApi, 10, bearer) : idle(),
  ])
  clearInterval(sampler)
  peak = Math.max(peak, rssMb(info.pid))
  await sleep(SETTLE_SECONDS * 1000)
  const after = rssMb(info.pid)

  const rows: string[][] = []
  const line = (what: string, r: autocannon.Result, target: number | null) => {
    // autocannon counts timeouts among its errors.
    const errors = r.errors + r.non2xx
    const met = errors === 0 && (target === null || r.latency.p99 < target)
    if (!met) failed = true
    rows.push([what, String(r.requests.total), String(errors), `${r.latency.p50} ms`, `${r.latency.p99} ms`, `${r.latency.max} ms`, target === null ? '0 errors' : `0 errors, p99 < ${target} ms`, met ? 'met' : 'MISSED'])
  }
  line(`Chronology page (${info.events.toLocaleString('en-GB')} events), 60 connections`, pageResult, 300)
  line('Map API (300 nodes), 30 connections', mapResult, null)
  line('Report export (HTML, internal edition), 10 connections', reportResult, null)
  console.log(`${SECONDS} s of load, then ${SETTLE_SECONDS} s idle; server and load generator on the same machine (loopback).`)
  console.log('')
  console.log('| Endpoint | Requests | Errors | p50 | p99 | Max | Target | |')
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
  const back = after <= start * 1.2
  if (!back) failed = true
  console.log('')
  console.log('| Server RSS with its drawing processes, at start | Peak under load | A minute after | Target | |')
  console.log('| --- | --- | --- | --- | --- |')
  console.log(`| ${start.toFixed(0)} MB | ${peak.toFixed(0)} MB | ${after.toFixed(0)} MB (${(((after - start) / start) * 100).toFixed(0)} %) | within 20 % of the start | ${back ? 'met' : 'MISSED'} |`)
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.once('exit', resolve))
}
process.exitCode = failed ? 1 : 0
