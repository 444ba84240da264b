// A query the request path runs on every page (the session lookup), built and compiled once per database handle
// and then run with each call's values. Kysely builds and compiles a query afresh on every call; for a small
// query that cost more than the database's own work (the statement itself is prepared once: statement-cache.ts).
import { randomBytes } from 'node:crypto'
import type { Compilable, CompiledQuery } from 'kysely'
import type { Executor } from './schema.js'

const STAND_IN = `\u0000cwl-arg-${randomBytes(6).toString('hex')}-`

/**
 * Wraps `build` (a query whose every argument becomes a bound parameter, never SQL text) so that it is compiled
 * once per handle with stand-ins for its arguments; each call runs that SQL with the stand-ins replaced by its
 * arguments. Throws at the first call if an argument does not end up as a parameter (it would be baked in).
 */
export function compiledOnce<Args extends string[], Row>(arity: Args['length'], build: (db: Executor, ...args: Args) => Compilable<Row>) {
  const compiled = new WeakMap<Executor, { query: CompiledQuery<Row>; slots: Array<number | null> }>()
  const compile = (db: Executor) => {
    const standIns = Array.from({ length: arity }, (_, i) => `${STAND_IN}${i}`) as Args
    const query = build(db, ...standIns).compile()
    const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(STAND_IN) ? Number(p.slice(STAND_IN.length)) : null))
    for (let i = 0; i < arity; i++) {
      if (!slots.includes(i)) throw new Error(`compiledOnce: argument ${i} is not a bound parameter of the query`)
    }
    if (query.sql.includes(STAND_IN)) throw new Error('compiledOnce: an argument was written into the SQL text')
    const entry = { query, slots }
    compiled.set(db, entry)
    return entry
  }
  return async (db: Executor, ...args: Args): Promise<Row | undefined> => {
    const { query, slots } = compiled.get(db) ?? compile(db)
    const parameters = query.parameters.map((p, i) => (slots[i] === null ? p : args[slots[i]!]))
    const result = await db.executeQuery<Row>({ ...query, parameters })
    return result.rows[0]
  }
}
