// Results worked out from a review's chronology (filter choices, open episode suggestions) kept in memory
// until the chronology changes, so a busy chronology page does not repeat the same work on every request.
// The key combines a fingerprint read from the database (events added or removed) with a counter this
// process raises on every other change it makes (notes, links, dismissals).
import type { Executor } from '../data/schema.js'
import { chronologySignature } from '../data/chronology-events.js'

interface Entry {
  state: string
  value: Promise<unknown>
}

interface ReviewCache {
  generation: number
  entries: Map<string, Entry>
}

const caches = new WeakMap<object, Map<string, ReviewCache>>()

function cacheOf(db: object, reviewId: string): ReviewCache {
  let perDb = caches.get(db)
  if (!perDb) {
    perDb = new Map()
    caches.set(db, perDb)
  }
  let cache = perDb.get(reviewId)
  if (!cache) {
    cache = { generation: 0, entries: new Map() }
    perDb.set(reviewId, cache)
  }
  return cache
}

/** Call after any change to a review's chronology (the transaction has committed). */
export function chronologyChanged(db: object, reviewId: string): void {
  const cache = cacheOf(db, reviewId)
  cache.generation++
  cache.entries.clear()
}

// Enough for every filter a review team is using at once; the oldest entry makes way for a new one.
const MAX_ENTRIES = 200

/** The value for `name`, worked out again only when the chronology has changed since. */
export async function remembered<T>(db: Executor, reviewId: string, name: string, compute: () => Promise<T>): Promise<T> {
  const cache = cacheOf(db, reviewId)
  const state = `${await chronologySignature(db, reviewId)}|${cache.generation}`
  const known = cache.entries.get(name)
  if (known && known.state === state) return known.value as Promise<T>
  const value = compute()
  cache.entries.delete(name)
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value as string)
  cache.entries.set(name, { state, value })
  value.catch(() => {
    if (cache.entries.get(name)?.value === value) cache.entries.delete(name)
  })
  return value
}
