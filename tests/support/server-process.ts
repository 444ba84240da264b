// The server as an operator runs it: `server/main.ts` (npm start) or `server/cluster.ts` (npm run start:cluster)
// in a child process on a free port, its output collected, stopped with SIGTERM as a process manager would.
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  base: string
  output(): string
  /** SIGTERM, then the exit code (null if it had to be killed after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>
}

const READY = 'Casework Lens is running'

/** Starts `entry` (main.ts or cluster.ts) and waits until `ready` processes have said they listen. */
export async function startServerProcess(entry: 'main.ts' | 'cluster.ts', env: Record<string, string>, opts: { ready?: number; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', entry)], {
    cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PASSWORD_COST: '10', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (d) => { output += String(d) })
  child.stderr!.on('data', (d) => { output += String(d) })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const started = Date.now()
  const ready = opts.ready ?? 1
  while (output.split(READY).length - 1 < ready) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it was ready: ${output}`)
    if (Date.now() - started > (opts.timeoutMs ?? 120_000)) {
      child.kill('SIGKILL')
      throw new Error(`the server was not ready in time: ${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}
