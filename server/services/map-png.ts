// The causal map as a PNG: laid out and drawn by resvg in the drawing process (server/export/figure-drawing.ts),
// at most a bounded number of pixels, and kept per review, map version and what was drawn, so a second download
// of the same map is not drawn again. Per database handle, so apps in one process (tests) never share.
import { createHash } from 'node:crypto'
import { drawMapPng } from '../export/figure-drawing.js'
import type { ServiceContext } from './context.js'
import { auditMapExport, mapForExport } from './map-figure.js'
import type { ReviewViewer } from './viewer.js'

const KEEP_ENTRIES = 8
const KEEP_BYTES = 48 * 1024 * 1024

interface Kept {
  png: Promise<Buffer>
  bytes: number
}

const cachesByDb = new WeakMap<object, Map<string, Kept>>()
const counts = { drawn: 0, reused: 0 }

/** How many PNGs were drawn and how many downloads reused one (for the tests and the benchmark). */
export function mapPngCounts(): Readonly<typeof counts> {
  return { ...counts }
}

function cacheOf(db: object): Map<string, Kept> {
  let cache = cachesByDb.get(db)
  if (!cache) {
    cache = new Map()
    cachesByDb.set(db, cache)
  }
  return cache
}

function trim(cache: Map<string, Kept>): void {
  let bytes = 0
  for (const kept of cache.values()) bytes += kept.bytes
  // Oldest first: a Map iterates in insertion order and a hit is moved to the end.
  for (const [key, kept] of cache) {
    if (cache.size <= KEEP_ENTRIES && bytes <= KEEP_BYTES) break
    cache.delete(key)
    bytes -= kept.bytes
  }
}

/** The map as PNG for this viewer, audited each time; drawn once per map version and name rule. */
export async function exportMapPng(ctx: ServiceContext, viewer: ReviewViewer, title: string): Promise<{ version: number; png: Buffer }> {
  const { stored, title: shownTitle } = await mapForExport(ctx, viewer, title)
  const cache = cacheOf(ctx.db)
  // Keyed by what is drawn: the same map version is drawn with real names for one viewer and pseudonyms for another.
  const drawnFrom = createHash('sha256').update(JSON.stringify([shownTitle, stored.map])).digest('hex')
  const key = JSON.stringify([viewer.reviewId, stored.version, drawnFrom])
  const found = cache.get(key)
  if (found) {
    counts.reused++
    cache.delete(key)
    cache.set(key, found)
    const png = await found.png
    await auditMapExport(ctx, viewer, 'png', stored.version)
    return { version: stored.version, png }
  }
  counts.drawn++
  const kept: Kept = { png: drawMapPng(stored.map, shownTitle), bytes: 0 }
  cache.set(key, kept)
  kept.png.then(
    (png) => {
      kept.bytes = png.length
      trim(cache)
    },
    () => cache.delete(key),
  )
  const png = await kept.png
  await auditMapExport(ctx, viewer, 'png', stored.version)
  return { version: stored.version, png }
}
