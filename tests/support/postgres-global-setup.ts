// Global setup of the PostgreSQL test project: one id for this run's databases (see postgres-test-databases.ts),
// and at the end, every database of this run dropped, including any a crashed test left behind.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'

const url = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // With CI=true this project runs even when the server did not answer the config's probe: say so once, clearly.
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await probe.connect()
  } catch (error) {
    throw new Error(`The PostgreSQL tests need a server at ${url.replace(/:[^:@/]*@/, ':***@')}, which does not answer (${error instanceof Error ? error.message : String(error)}). Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set TEST_POSTGRES_URL.`)
  } finally {
    await probe.end().catch(() => {})
  }
  const run = randomBytes(4).toString('hex')
  project.provide('postgresTestRun', run)
  return async () => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const left = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1 order by datname desc`, [`cwl_t_${run}_%`])
      // Copies before their templates (names sort the template last: _tmpl after the numbered copies).
      for (const { datname } of left.rows.sort((a, b) => Number(a.datname.endsWith('_tmpl')) - Number(b.datname.endsWith('_tmpl')))) {
        await client.query(`drop database if exists ${datname} with (force)`)
      }
    } finally {
      await client.end()
    }
  }
}
