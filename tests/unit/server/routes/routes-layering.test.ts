// Routes and templates call services (issue 12): the lint configuration refuses a value import of server/data/,
// kysely or a database driver and any use of ctx.db in server/routes/ and templates/ (type-only imports allowed),
// and refuses a route that applies the name rule itself (the pseudonymiser or the viewer's name functions): the
// services return case text already in the viewer's name form. The whole tree is checked too, so nothing slipped in.
import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()
const LAYERING_RULES = new Set(['no-restricted-syntax', '@typescript-eslint/no-restricted-imports'])

async function ruleMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => LAYERING_RULES.has(m.ruleId ?? '')).map((m) => m.message)
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? tsFiles(full) : e.name.endsWith('.ts') ? [full] : []
  })
}

describe('routes and templates reach case content only through services', () => {
  it('refuses the database in a route or a template: server/data values, kysely, drivers, ctx.db', async () => {
    for (const file of ['server/routes/reviews/example.ts', 'templates/example.ts']) {
      const data = "import { listPersons } from '../../data/persons.js'\nexport const f = listPersons\n"
      expect(await ruleMessages(data, file), file).toEqual([expect.stringContaining('call services')])
      expect(await ruleMessages("import { sql } from 'kysely'\nexport const f = sql\n", file)).toHaveLength(1)
      expect(await ruleMessages("import Database from 'better-sqlite3'\nexport const f = Database\n", file)).toHaveLength(1)
      const db = "export async function f(ctx: { db: unknown }) {\n  return ctx.db\n}\n"
      expect(await ruleMessages(db, file)).toEqual([expect.stringContaining('do not touch the database')])
      // Row types may be named.
      expect(await ruleMessages("import type { Review } from '../../data/schema.js'\nexport type R = Review\n", file)).toEqual([])
    }
  })

  it('refuses a route that applies the name rule itself, and allows the names toggle', async () => {
    const file = 'server/routes/analysis/example.ts'
    for (const name of ['namesFor', 'pseudonymiserFor', 'pseudonymiseForReview', 'nameViewFor', 'shownFileName']) {
      expect(await ruleMessages(`import { ${name} } from '../../services/pseudonym-view.js'\nexport const f = ${name}\n`, file), name).toEqual([expect.stringContaining('name rule')])
    }
    expect(await ruleMessages("import { pseudonymise } from '../../../methodology/redaction/pseudonymise.js'\nexport const f = pseudonymise\n", file)).toEqual([expect.stringContaining('name rule')])
    expect(await ruleMessages("import { nameToggleOf } from '../../services/pseudonym-view.js'\nexport const f = nameToggleOf\n", file)).toEqual([])
    // The same import is a service's business.
    expect(await ruleMessages("import { namesFor } from './pseudonym-view.js'\nexport const f = namesFor\n", 'server/services/example.ts')).toEqual([])
  })

  it('finds nothing of the kind in server/routes/ and templates/ as they are', async () => {
    const files = [...tsFiles('server/routes'), ...tsFiles('templates')]
    expect(files.length).toBeGreaterThan(50)
    const results = await eslint.lintFiles(files)
    const problems = results.flatMap((r) => r.messages.filter((m) => LAYERING_RULES.has(m.ruleId ?? '')).map((m) => `${path.relative('.', r.filePath)}:${m.line} ${m.message}`))
    expect(problems).toEqual([])
  }, 120_000)
})
