// npm run start:cluster: several app processes on one database (issue 14), sharing one port through node:cluster.
// WORKERS sets how many (default: one per CPU, at least 2). The first worker starts alone and does what start-up
// does once (migrations, the first administrator, the demo review); the others start when it is listening.
// Nothing is kept in one process that another would need: sessions, sign-in lockout, rate limits and the content
// versions caches are keyed by all live in the database.
import cluster from 'node:cluster'
import os from 'node:os'

function workerCount(): number {
  const raw = process.env.WORKERS
  if (raw === undefined || raw === '') return Math.max(2, os.availableParallelism())
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`Configuration problem: WORKERS must be a whole number from 1 to 64, not "${raw}"`)
    process.exit(2)
  }
  return n
}

if (cluster.isPrimary) {
  const wanted = workerCount()
  let stopping = false
  let started = false
  const fork = () => cluster.fork()
  fork().once('listening', () => {
    started = true
    for (let i = 1; i < wanted; i++) fork()
  })
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    // The first worker could not start (bad configuration, an unreachable database, a failed migration): the
    // others would fail alike, so stop with its code rather than start it again and again.
    if (!started) process.exit(code || 1)
    console.error(`Worker ${worker.process.pid} stopped (${signal ?? code}); starting another`)
    fork()
  })
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
    setTimeout(() => process.exit(1), 15_000).unref()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
} else {
  await import('./main.js')
}
