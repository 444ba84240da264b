// Rasterises our SVG figures (the causal map) to PNG with resvg, using the report's own vendored fonts, so the
// picture has its words in it and looks the same on every machine (no system fonts are read).
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { Resvg, renderAsync } from '@resvg/resvg-js'
import { FONT_DIR } from './fonts/font-chain.js'

const LATIN = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(FONT_DIR, f))
const EMOJI = join(FONT_DIR, 'NotoEmoji-Regular.ttf')
const CJK = join(FONT_DIR, 'NotoSansSC-Regular.ttf')

// resvg parses every font file it is given on each render; the fallbacks are large (the CJK font is 10 MB),
// so they are loaded only when the figure's text needs them.
function fontsFor(svg: string): string[] {
  const files = [...LATIN]
  if (/\p{Extended_Pictographic}/u.test(svg)) files.push(EMOJI)
  if (/[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/u.test(svg)) files.push(CJK)
  return files
}

function optionsFor(svg: string, widthPx: number) {
  return {
    fitTo: { mode: 'width' as const, value: Math.max(1, Math.round(widthPx)) },
    background: '#ffffff',
    font: { fontFiles: fontsFor(svg), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  }
}

/** A PNG of the SVG, `widthPx` pixels wide (height in proportion). */
export function svgToPng(svg: string, widthPx: number): Buffer {
  return new Resvg(svg, optionsFor(svg, widthPx)).render().asPng()
}

/** The same, drawn on libuv's thread pool: a large map takes seconds to draw, which the event loop must not wait for. */
export async function svgToPngAsync(svg: string, widthPx: number): Promise<Buffer> {
  return (await renderAsync(svg, optionsFor(svg, widthPx))).asPng()
}

/** Twice the figure's size for print, but never more pixels than this (a 2,000-node map is huge). */
const MAX_WIDTH_PX = 6000
const MAX_PIXELS = 36_000_000

/** The width to draw a figure's PNG at: twice the SVG's, within the width and pixel limits. */
export function pngWidthFor(svg: string): number {
  const width = Number(/<svg[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 1200)
  const height = Number(/<svg[^>]*\bheight="([\d.]+)"/.exec(svg)?.[1] ?? width)
  let drawn = Math.min(width * 2, MAX_WIDTH_PX)
  const pixels = drawn * drawn * (height / width)
  if (pixels > MAX_PIXELS) drawn = Math.sqrt(MAX_PIXELS * (width / height))
  return Math.max(1, Math.floor(drawn))
}

/** Pictures kept by recentlyDrawnPng, newest last, and their bytes. */
const recent = new Map<string, { png: Promise<Buffer>; bytes: number }>()
let recentBytes = 0
/** Enough for a large map's printed parts a few times over (a 300-node map's 17 fallbacks are about 5 MB). */
const RECENT_LIMIT_BYTES = 32 * 1024 * 1024

/**
 * svgToPngAsync, remembering the last pictures drawn by their SVG and width: exporting a report again with the same
 * map (another format, another edition, a text edit) draws its printed parts' PNGs once, not every time. Bounded by
 * bytes; the least recently used go first.
 */
export function recentlyDrawnPng(svg: string, widthPx: number): Promise<Buffer> {
  const key = createHash('sha256').update(svg).update(`\0${Math.round(widthPx)}`).digest('base64')
  const kept = recent.get(key)
  if (kept) {
    recent.delete(key)
    recent.set(key, kept)
    return kept.png
  }
  const entry = { png: svgToPngAsync(svg, widthPx), bytes: 0 }
  recent.set(key, entry)
  entry.png.then((png) => {
    if (recent.get(key) !== entry) return
    entry.bytes = png.length
    recentBytes += png.length
    for (const [oldKey, old] of recent) {
      if (recentBytes <= RECENT_LIMIT_BYTES) break
      recent.delete(oldKey)
      recentBytes -= old.bytes
    }
  }, () => {
    // A failed drawing is not kept: the next export tries again.
    if (recent.get(key) === entry) recent.delete(key)
  })
  return entry.png
}
