import type { Executor } from './schema.js'

/** Longer than any route's window: housekeeping removes windows that started before this long ago. */
export const LONGEST_RATE_WINDOW_MS = 60 * 60_000

export interface RateWindow {
  hits: number
  windowStartedMs: number
}

/**
 * Counts one request against `key` in one statement: a window that has run out starts again at 1. Atomic on both
 * engines (an upsert), so requests arriving at once through different processes each take their own place.
 */
export async function countRequest(db: Executor, key: string, nowMs: number, windowMs: number): Promise<RateWindow> {
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, window_started_ms: nowMs })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => {
      const expired = eb(eb('rate_limits.window_started_ms', '+', windowMs), '<=', nowMs)
      return {
        hits: eb.case().when(expired).then(1).else(eb('rate_limits.hits', '+', 1)).end(),
        window_started_ms: eb.case().when(expired).then(nowMs).else(eb.ref('rate_limits.window_started_ms')).end(),
      }
    }))
    .returning(['hits', 'window_started_ms'])
    .executeTakeFirstOrThrow()
  return { hits: Number(row.hits), windowStartedMs: Number(row.window_started_ms) }
}

export async function readRequestCount(db: Executor, key: string): Promise<RateWindow | undefined> {
  const row = await db.selectFrom('rate_limits').select(['hits', 'window_started_ms']).where('key', '=', key).executeTakeFirst()
  return row && { hits: Number(row.hits), windowStartedMs: Number(row.window_started_ms) }
}

/** Windows that ended before `beforeMs` count for nothing; returns how many were removed. */
export async function deleteRateWindowsBefore(db: Executor, beforeMs: number): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('window_started_ms', '<', beforeMs).executeTakeFirst()
  return Number(result.numDeletedRows)
}
