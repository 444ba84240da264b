// What a review's pages show, worked out once per content version. The version is stored in the database and
// raised in the same transaction as any change that alters a page (events, notes, the person register,
// membership, the names choice), so an entry can never outlive the state it was built from, in this process
// or in another one on the same database. The key names everything else the value depends on (the viewer's
// agency scope, name form, filters).
import { UNCACHED, type ReviewViewer } from './viewer.js'

interface ReviewEntries {
  version: number
  entries: Map<string, Promise<unknown>>
}

// Enough for every filter a review team is using at once; the oldest entry makes way for a new one.
const MAX_ENTRIES = 200

const caches = new WeakMap<object, Map<string, ReviewEntries>>()

/**
 * The value for `key` in this review at the viewer's content version, computed once. `owner` separates apps
 * sharing a process (tests): pass the database handle.
 */
export async function cachedView<T>(owner: object, viewer: Pick<ReviewViewer, 'reviewId' | 'contentVersion'>, key: string, compute: () => Promise<T>): Promise<T> {
  if (viewer.contentVersion === UNCACHED) return compute()
  let perOwner = caches.get(owner)
  if (!perOwner) {
    perOwner = new Map()
    caches.set(owner, perOwner)
  }
  let review = perOwner.get(viewer.reviewId)
  // An older request (begun before a change) neither reads nor replaces the newer version's entries.
  if (review && viewer.contentVersion < review.version) return compute()
  if (!review || review.version !== viewer.contentVersion) {
    review = { version: viewer.contentVersion, entries: new Map() }
    perOwner.set(viewer.reviewId, review)
  }
  const known = review.entries.get(key)
  if (known) return known as Promise<T>
  const value = compute()
  const entries = review.entries
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string)
  entries.set(key, value)
  value.catch(() => {
    if (entries.get(key) === value) entries.delete(key)
  })
  return value
}

/** Works out a review's derived value once per content version (cachedView), or every time (computeEveryTime). */
export type KeepPerVersion = <T>(key: string, compute: () => Promise<T>) => Promise<T>

export const computeEveryTime: KeepPerVersion = (_key, compute) => compute()

/**
 * Keeps values at `contentVersion`. Read the version in the same snapshot (transaction) as what is computed, or at
 * least before it: a value is then never older than the version it is kept under.
 */
export function keepPerVersion(owner: object, reviewId: string, contentVersion: number): KeepPerVersion {
  return (key, compute) => cachedView(owner, { reviewId, contentVersion }, key, compute)
}
