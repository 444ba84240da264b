// SQL lives in server/data/ (executor first): the lint configuration refuses a query written in a service, so
// review-snapshot.ts and the rest cannot drift back to running queries themselves (issue 12).
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function ruleMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' || m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message)
}

describe('services run no SQL of their own', () => {
  it('refuses a Kysely query, a raw sql template and a kysely value import in server/services/', async () => {
    const query = "import type { Executor } from '../data/schema.js'\nexport async function f(db: Executor) {\n  return db.selectFrom('accreditations').selectAll().execute()\n}\n"
    expect(await ruleMessages(query, 'server/services/example.ts')).toEqual([expect.stringContaining('SQL lives in server/data/')])
    const raw = "import { sql } from 'kysely'\nimport type { Executor } from '../data/schema.js'\nexport async function f(db: Executor) {\n  return sql`select 1`.execute(db)\n}\n"
    expect(await ruleMessages(raw, 'server/services/example.ts')).toHaveLength(2)
  })

  it('allows the same query in server/data/ and type-only kysely imports in a service', async () => {
    const query = "import type { Executor } from './schema.js'\nexport async function f(db: Executor) {\n  return db.selectFrom('accreditations').selectAll().execute()\n}\n"
    expect(await ruleMessages(query, 'server/data/example.ts')).toEqual([])
    expect(await ruleMessages("import type { Transaction } from 'kysely'\nexport type T = Transaction<unknown>\n", 'server/services/example.ts')).toEqual([])
  })
})
