// npm run bench: runs every bench/<area>.ts in its own process (so memory figures are its own), one after
// another, and prints a Markdown report with the machine and date to paste into BENCHMARKS.md.
// Each bench prints its own Markdown table: figures plus the ratio against the raw library in the same run.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const benches = fs.readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort()

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const header = [
  `## Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`,
  '',
]
const sections: string[] = [...header]
let failed = false
for (const file of benches) {
  console.error(`Running ${file} ...`)
  const started = Date.now()
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 30 * 60_000 })
  if (result.status !== 0) failed = true
  sections.push(`### ${file.replace(/\.ts$/, '')} (${((Date.now() - started) / 1000).toFixed(0)} s${result.status !== 0 ? ', FAILED' : ''})`, '', result.stdout.trim(), '')
}
const report = sections.join('\n')
fs.mkdirSync(path.join(here, 'out'), { recursive: true })
fs.writeFileSync(path.join(here, 'out', 'latest.md'), report)
console.log(report)
process.exit(failed ? 1 : 0)
