// The report's fonts, vendored beside this file (see README.md), and the fallback chain: each character is drawn
// in the first font of the chain that has a glyph for it, so emoji and other scripts show as themselves rather
// than as empty boxes. Fonts are parsed once per process and shared by every PDF.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { create, type Font } from 'fontkit'

export type FontStyle = 'regular' | 'bold' | 'italic'

interface FontFile {
  /** The name the PDF renderer registers it under. */
  name: string
  file: string
  /** Which styles use it: the main family has one file per style; fallbacks serve every style. */
  styles: readonly FontStyle[]
}

export const FONT_DIR: string = dirname(fileURLToPath(import.meta.url))

// In order: the main family first, then fallbacks for what it lacks.
const FONT_FILES: readonly FontFile[] = [
  { name: 'Report-Regular', file: 'DejaVuSans.ttf', styles: ['regular'] },
  { name: 'Report-Bold', file: 'DejaVuSans-Bold.ttf', styles: ['bold'] },
  { name: 'Report-Italic', file: 'DejaVuSans-Oblique.ttf', styles: ['italic'] },
  { name: 'Report-Emoji', file: 'NotoEmoji-Regular.ttf', styles: ['regular', 'bold', 'italic'] },
  { name: 'Report-CJK', file: 'NotoSansSC-Regular.ttf', styles: ['regular', 'bold', 'italic'] },
]

export interface LoadedFont {
  name: string
  font: Font
}

let loaded: Map<string, LoadedFont> | null = null

function loadAll(): Map<string, LoadedFont> {
  if (!loaded) {
    loaded = new Map(FONT_FILES.map((f) => [f.name, { name: f.name, font: create(readFileSync(join(FONT_DIR, f.file))) }]))
  }
  return loaded
}

/** Every font of the chain, parsed (for registering with a PDF document). */
export function chainFonts(): LoadedFont[] {
  return [...loadAll().values()]
}

/** The font drawn when nothing is special about the text. */
export function primaryFontName(style: FontStyle): string {
  return FONT_FILES.find((f) => f.styles[0] === style)?.name ?? 'Report-Regular'
}

export interface FontRun {
  font: string
  text: string
}

const chains = new Map<FontStyle, LoadedFont[]>()
const choices = new Map<string, string>()

function chainFor(style: FontStyle): LoadedFont[] {
  let chain = chains.get(style)
  if (!chain) {
    const fonts = loadAll()
    chain = FONT_FILES.filter((f) => f.styles.includes(style)).map((f) => fonts.get(f.name) as LoadedFont)
    chains.set(style, chain)
  }
  return chain
}

// Marks, joiners, variation selectors and skin-tone modifiers belong to the character before them.
const MARK = /^\p{M}$/u

function isAttached(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0
  return cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f) || MARK.test(char)
}
const PLAIN = /^[\u0020-\u007E\u00A0-\u00FF\u2018\u2019\u201C\u201D\u2013\u2014\u2026\u2022\n]*$/

function fontFor(codePoint: number, style: FontStyle): string {
  const key = `${style}:${codePoint}`
  let name = choices.get(key)
  if (name === undefined) {
    const chain = chainFor(style)
    // Nothing in the chain has it: the main font draws its "missing" glyph rather than guessing.
    name = (chain.find((f) => f.font.hasGlyphForCodePoint(codePoint)) ?? chain[0])?.name ?? primaryFontName(style)
    choices.set(key, name)
  }
  return name
}

/** Text the main font draws entirely (Latin letters, common punctuation): no fallback needed. */
export function isPlainText(text: string): boolean {
  return PLAIN.test(text)
}

/** Splits text into runs, each drawn in one font of the chain. Spaces stay in the run they are in. */
export function fontRuns(text: string, style: FontStyle): FontRun[] {
  const primary = primaryFontName(style)
  if (PLAIN.test(text)) return text === '' ? [] : [{ font: primary, text }]
  const runs: FontRun[] = []
  let current = null as FontRun | null
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 32
    const name: string = current && (isAttached(char) || char === ' ') ? current.font : fontFor(cp, style)
    if (current && current.font === name) current.text += char
    else {
      current = { font: name, text: char }
      runs.push(current)
    }
  }
  return runs
}

/** True when every character of the text has a glyph somewhere in the chain. */
export function chainCovers(text: string, style: FontStyle = 'regular'): boolean {
  const chain = chainFor(style)
  for (const char of text) {
    if (isAttached(char) || /\s/.test(char)) continue
    const cp = char.codePointAt(0) ?? 32
    if (!chain.some((f) => f.font.hasGlyphForCodePoint(cp))) return false
  }
  return true
}
