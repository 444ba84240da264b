// The causal map as a PNG: drawn by resvg on libuv's thread pool rather than the event loop, at most a
// bounded number of pixels, and kept per review, map version, title and width so a second download of
// the same map is not drawn again. Per database handle, so apps in one process (tests) never share.
import { createHash } from 'node:crypto'
import { svgToPngAsync } from '../../templates/svg-png.js'
import type { ServiceContext } from './context.js'

/** Twice the figure's size for print, but never more pixels than this (a 2,000-node map is huge). */
const MAX_WIDTH_PX = 6000
const MAX_PIXELS = 36_000_000
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

/** The width to draw at: twice the SVG's, within the width and pixel limits. */
export function pngWidthFor(svg: string): number {
  const width = Number(/<svg[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 1200)
  const height = Number(/<svg[^>]*\bheight="([\d.]+)"/.exec(svg)?.[1] ?? width)
  let drawn = Math.min(width * 2, MAX_WIDTH_PX)
  const pixels = drawn * drawn * (height / width)
  if (pixels > MAX_PIXELS) drawn = Math.sqrt(MAX_PIXELS * (width / height))
  return Math.max(1, Math.floor(drawn))
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

export function mapPng(ctx: Pick<ServiceContext, 'db'>, figure: { reviewId: string; version: number; title: string; svg: string }): Promise<Buffer> {
  const cache = cacheOf(ctx.db)
  const width = pngWidthFor(figure.svg)
  // Keyed by what was drawn: the same map version is drawn with real names for one viewer and pseudonyms for another.
  const key = JSON.stringify([figure.reviewId, figure.version, figure.title, width, createHash('sha256').update(figure.svg).digest('hex')])
  const found = cache.get(key)
  if (found) {
    counts.reused++
    cache.delete(key)
    cache.set(key, found)
    return found.png
  }
  counts.drawn++
  const kept: Kept = { png: svgToPngAsync(figure.svg, width), bytes: 0 }
  cache.set(key, kept)
  kept.png.then(
    (png) => {
      kept.bytes = png.length
      trim(cache)
    },
    () => cache.delete(key),
  )
  return kept.png
}
