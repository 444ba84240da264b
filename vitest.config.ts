import pg from 'pg'
import { defineConfig, type ViteUserConfig } from 'vitest/config'

// One runner for unit, integration, conformance and browser tests, in two projects:
// - "sqlite": every test, on embedded SQLite (the default engine);
// - "postgres": the integration and conformance tests again, each test app on a PostgreSQL database of its own
//   (tests/support/postgres-test-databases.ts), against TEST_POSTGRES_URL (default: the local server's "test").
// Where no PostgreSQL answers, the postgres project is left out with one message; with CI=true it always runs,
// so an unreachable server fails the run.
// Two workers: CI has two cores.

const postgresUrl = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'

// Tests of SQLite itself, which have no meaning on PostgreSQL: its WAL and file permissions, pragmas and the online
// backup (database-files), sqlite_master (migrations), FTS5's integrity check after a killed commit. Their
// PostgreSQL counterparts: schema-parity, search-parity, postgres-audit-chain, database-start-up,
// kill-during-commit-postgres, postgres-restore (pg_dump and pg_restore).
const SQLITE_ONLY = [
  'tests/integration/foundation/database-files.test.ts',
  'tests/integration/foundation/migrations.test.ts',
  'tests/integration/chronology/kill-during-commit.test.ts',
]

// Not yet passing on PostgreSQL (issue 14): empty, and to stay so. A test that fails on PostgreSQL for a reason of
// PostgreSQL's own goes in SQLITE_ONLY with its counterpart named; anything else is fixed.
const NOT_YET_ON_POSTGRES: string[] = []

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 1500 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const ci = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase())
  const withPostgres = ci || (await postgresAnswers())
  if (!withPostgres) {
    console.warn(`PostgreSQL tests skipped: no PostgreSQL answers at ${postgresUrl.replace(/:[^:@/]*@/, ':***@')} (set TEST_POSTGRES_URL, or start it: pg_ctlcluster --skip-systemctl-redirect 15 main start). With CI=true they run and fail instead.`)
  }
  return {
    test: {
      pool: 'forks',
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: ['default'],
      projects: [
        { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'] } },
        ...(withPostgres ? [{
          extends: true as const,
          test: {
            name: 'postgres',
            include: ['tests/integration/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
            exclude: [...SQLITE_ONLY, ...NOT_YET_ON_POSTGRES],
            env: { TEST_DATABASE: 'postgres', TEST_POSTGRES_URL: postgresUrl },
            globalSetup: ['tests/support/postgres-global-setup.ts'],
          },
        }] : []),
      ],
    },
  }
})
