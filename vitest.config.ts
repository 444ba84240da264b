import pg from 'pg'
import { defineConfig } from 'vitest/config'

// One runner for unit, integration, conformance and browser tests, in two projects:
// - "sqlite": every test, on embedded SQLite (the default engine);
// - "postgres": the integration and conformance tests again, each test app on a PostgreSQL database of its own
//   (tests/support/postgres-test-databases.ts), against TEST_POSTGRES_URL (default: the local server's "test").
// Where no PostgreSQL answers, the postgres project is left out with one message; with CI=true it always runs,
// so an unreachable server fails the run.
// Two workers: CI has two cores.

const postgresUrl = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'

// Not yet passing on PostgreSQL: the data layer still has SQLite-only SQL here (issue 14, pg-queries is porting it).
// This list only shrinks; each entry is a real failure, not a flaky one. Everything else runs on both engines.
const NOT_YET_ON_POSTGRES = [
  // Tests of SQLite itself (its pragmas, FTS5 integrity checks, WAL files, the online backup): they have
  // PostgreSQL counterparts where one makes sense (schema-parity, postgres-audit-chain, postgres-start-up).
  'tests/integration/foundation/database-files.test.ts',
  'tests/integration/foundation/migrations.test.ts',
  'tests/integration/chronology/kill-during-commit.test.ts',
  // Sign-in lockout counts attempts without serialising them: parallel wrong passwords all get checked.
  'tests/integration/foundation/sign-in.test.ts',
  // The rest: SQLite-only queries in server/data/ (json_each, FTS5 match, insert ids, group_concat, ...).
]

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

export default defineConfig(async () => {
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
          extends: true,
          test: {
            name: 'postgres',
            include: ['tests/integration/**/*.test.ts', 'tests/conformance/**/*.test.ts'],
            exclude: NOT_YET_ON_POSTGRES,
            env: { TEST_DATABASE: 'postgres', TEST_POSTGRES_URL: postgresUrl },
            globalSetup: ['tests/support/postgres-global-setup.ts'],
          },
        }] : []),
      ],
    },
  }
})
