// A store for @fastify/rate-limit that counts in the database instead of each process's memory (issue 14): two or
// more app processes on one database then enforce one limit together. Keys are SHA-256 hashes of the route and
// the client key (its address), so no address is stored.
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { countRequest, readRequestCount } from '../data/rate-limits.js'
import type { Database } from '../data/schema.js'

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string }
}

/** The store class @fastify/rate-limit instantiates (`store` option), bound to one database. */
export function databaseRateLimitStore(db: Kysely<Database>) {
  return class DatabaseRateLimitStore {
    constructor(_globalParams: unknown, private readonly scope = 'global') {}

    private keyOf(clientKey: string): string {
      return createHash('sha256').update(this.scope).update('\0').update(clientKey).digest('hex')
    }

    incr(clientKey: string, callback: Callback, timeWindow: number): void {
      const now = Date.now()
      countRequest(db, this.keyOf(clientKey), now, timeWindow).then(
        (w) => callback(null, { current: w.hits, ttl: Math.max(0, w.windowStartedMs + timeWindow - now) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )
    }

    read(clientKey: string, callback: Callback, timeWindow: number): void {
      const now = Date.now()
      readRequestCount(db, this.keyOf(clientKey)).then(
        (w) => callback(null, !w || w.windowStartedMs + timeWindow <= now ? { current: 0, ttl: 0 } : { current: w.hits, ttl: w.windowStartedMs + timeWindow - now }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )
    }

    /** Each route with its own limit counts apart, as the in-memory store does. */
    child(params: object): DatabaseRateLimitStore {
      // The plugin passes the route's merged limit settings with the route itself as routeInfo.
      const route = (params as RouteParams).routeInfo
      return new DatabaseRateLimitStore(null, `${[route?.method ?? ''].flat().join(',')} ${route?.url ?? ''}`)
    }
  }
}
