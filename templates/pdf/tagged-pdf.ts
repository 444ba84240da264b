// A tagged PDF writer over pdfkit: every piece of content sits in the structure tree (Document > Sect > H1..H6,
// P, L, Table, Figure) in reading order; running headers, footers and repeated table headers are artifacts.
// Text is drawn through the font chain, so other scripts and emoji render in a font that has them.
import PDFDocument from 'pdfkit'
import { chainFonts, fontRuns, isPlainText, primaryFontName, type FontStyle } from '../fonts/font-chain.js'
import { drawSvg } from './pdf-svg.js'
import type { SvgElement } from './svg-tree.js'

type Struct = PDFKit.PDFStructureElement

/** A page kept for the contents (see TaggedPdf.reserveContents). */
export interface ReservedContents {
  sect: Struct
  page: number
  y: number
  level: number
  title: string
}

export interface PdfMeta {
  title: string
  subject: string
  marking: string
  language: string
  /** Fixed creation date, so the same model always makes the same file. */
  createdAt: Date
}

export const PAGE = { width: 595.28, height: 841.89, left: 56, right: 56, top: 72, bottom: 64 } as const
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right
const TEXT = '#0b0c0c'
const MUTED = '#505a5f'
const RULE = '#b1b4b6'
const BODY_SIZE = 10.5
const LINE_GAP = 2.5
const CELL_PAD = 4
const HEADING_SIZES = [22, 17, 13.5, 11.5, 10.5, 10.5] as const

function pageOptions(layout: 'portrait' | 'landscape', size: 'A4' | 'A3' = 'A4'): PDFKit.PDFDocumentOptions {
  return { size, layout, margins: { top: PAGE.top, bottom: PAGE.bottom, left: size === 'A3' ? 48 : PAGE.left, right: size === 'A3' ? 48 : PAGE.right } }
}

/** A part of the map to print, already parsed, at its own scale (points per SVG unit). */
export interface PrintedSvg {
  svg: SvgElement
  width: number
  height: number
  scale: number
  caption: string
}

/** Pages a map figure may go on, smallest first, landscape before upright, with the room each has for it. */
const FIGURE_PAGES = ([['A4', 'landscape'], ['A4', 'portrait'], ['A3', 'landscape'], ['A3', 'portrait']] as const).map(([size, layout]) => {
  const [short, long] = size === 'A4' ? [PAGE.width, PAGE.height] : [PAGE.height, PAGE.height * Math.SQRT2]
  const [w, h] = layout === 'landscape' ? [long, short] : [short, long]
  const side = size === 'A3' ? 48 : PAGE.left
  return { size, layout, room: { width: w - 2 * side, height: h - PAGE.top - PAGE.bottom - 46 } }
})

interface TextOptions {
  style?: FontStyle
  size?: number
  colour?: string
  x?: number
  width?: number
  gapAfter?: number
}

export class TaggedPdf {
  readonly doc: PDFKit.PDFDocument
  private readonly chunks: Buffer[] = []
  private readonly done: Promise<Buffer>
  private readonly sections: Struct[] = []
  private readonly outlines: PDFKit.PDFOutline[] = []
  private readonly root: Struct

  constructor(private readonly meta: PdfMeta) {
    const fonts = chainFonts()
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
      bufferPages: true,
      tagged: true,
      lang: meta.language,
      displayTitle: true,
      pdfVersion: '1.7',
      subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
      info: { Title: meta.title, Subject: meta.subject, Keywords: meta.marking, Author: '', Creator: 'Casework Lens', Producer: 'Casework Lens', CreationDate: meta.createdAt },
    })
    for (const f of fonts) this.doc.registerFont(f.name, f.font as unknown as string)
    // Registered names only: a font reached by two names is re-opened on every switch (pdfkit caches by name).
    // The standard Helvetica pdfkit starts with is never drawn, so it is never written into the file.
    this.doc.font(primaryFontName('regular'))
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk))
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)))
      this.doc.on('error', reject)
    })
    this.root = this.doc.struct('Document')
    this.doc.addStructure(this.root)
  }

  private get parent(): Struct {
    return this.sections[this.sections.length - 1] ?? this.root
  }

  private get maxY(): number {
    return PAGE.height - PAGE.bottom
  }

  /** Text in the chain's fonts, flowing over pages at the current position. */
  private flow(text: string, o: TextOptions = {}): void {
    const doc = this.doc
    const runs = fontRuns(text, o.style ?? 'regular')
    doc.fillColor(o.colour ?? TEXT).fontSize(o.size ?? BODY_SIZE)
    if (runs.length === 0) return
    const x = o.x ?? PAGE.left
    const width = o.width ?? CONTENT_WIDTH - (x - PAGE.left)
    runs.forEach((run, i) => {
      doc.font(run.font)
      const continued = i < runs.length - 1
      if (i === 0) doc.text(run.text, x, doc.y, { width, continued, lineGap: LINE_GAP })
      else doc.text(run.text, { continued, lineGap: LINE_GAP })
    })
    doc.x = PAGE.left
    if (o.gapAfter) doc.y += o.gapAfter
  }

  private height(text: string, width: number, style: FontStyle = 'regular', size = BODY_SIZE): number {
    const doc = this.doc
    doc.font(primaryFontName(style)).fontSize(size)
    // Most cells (dates, names, counts) fit on one line: no need to wrap them to know that.
    const oneLine = text.length < 120 && !text.includes('\n') && doc.widthOfString(text) <= width
    const plain = oneLine ? doc.currentLineHeight(true) + LINE_GAP : doc.heightOfString(text === '' ? ' ' : text, { width, lineGap: LINE_GAP })
    // Fallback fonts (CJK, emoji) are wider and taller than the main font: leave them room.
    return fontRuns(text, style).some((r) => r.font !== primaryFontName(style)) ? plain * 1.35 + size : plain
  }

  private ensureRoom(height: number): void {
    if (this.doc.y + height > this.maxY) this.doc.addPage()
  }

  /** Opens a section (Sect) with its heading; headings become bookmarks, nested by level. Returns the heading's page number. */
  beginSection(level: number, title: string): number {
    const sect = this.doc.struct('Sect')
    this.parent.add(sect)
    this.sections.push(sect)
    const size = HEADING_SIZES[Math.min(level, HEADING_SIZES.length) - 1] ?? BODY_SIZE
    // Keep a heading with at least a few lines of what follows it.
    this.ensureRoom(this.height(title, CONTENT_WIDTH, 'bold', size) + 60)
    if (level > 1) this.doc.y += size * 0.6
    const y = this.doc.y
    sect.add(this.doc.struct(`H${Math.min(level, 6)}`, {}, () => this.flow(title, { style: 'bold', size, gapAfter: size * 0.45 })))
    const parentOutline = level <= 1 ? this.doc.outline : this.outlines[level - 2] ?? this.doc.outline
    const item = (parentOutline.addItem as (title: string, options: object) => PDFKit.PDFOutline)(title, { top: y, left: PAGE.width })
    this.outlines[level - 1] = item
    this.outlines.length = level
    return this.pageNumber()
  }

  /**
   * Keeps the current page for a contents list whose page numbers are known only once the rest is laid out: its
   * section is placed in the structure tree here, in reading order, and filled by fillContents (pdfkit keeps every
   * page until the end, so an earlier page can still be drawn on). The next content starts on a new page.
   */
  reserveContents(level: number, title: string): ReservedContents {
    const sect = this.doc.struct('Sect')
    this.parent.add(sect)
    ;(this.doc.outline.addItem as (title: string, options: object) => PDFKit.PDFOutline)(title, { top: this.doc.y, left: PAGE.width })
    const reserved = { sect, page: this.currentPage(), y: this.doc.y, level, title }
    this.pageBreak()
    return reserved
  }

  /** Draws the contents on its kept page: each entry's title, a dotted leader and its page number, in one line. */
  fillContents(reserved: ReservedContents, entries: ReadonlyArray<{ title: string; page: number | null }>): void {
    const doc = this.doc
    const back = { page: this.currentPage(), x: doc.x, y: doc.y }
    doc.switchToPage(reserved.page)
    doc.x = PAGE.left
    doc.y = reserved.y
    const size = HEADING_SIZES[Math.min(reserved.level, HEADING_SIZES.length) - 1] ?? BODY_SIZE
    reserved.sect.add(doc.struct(`H${Math.min(reserved.level, 6)}`, {}, () => this.flow(reserved.title, { style: 'bold', size, gapAfter: size * 0.45 })))
    const list = doc.struct('L')
    reserved.sect.add(list)
    const numberWidth = 36
    const textWidth = CONTENT_WIDTH - 24 - numberWidth - 8
    entries.forEach((entry, i) => {
      const li = doc.struct('LI')
      list.add(li)
      const y = doc.y
      li.add(doc.struct('Lbl', {}, () => {
        doc.font(primaryFontName('regular')).fontSize(BODY_SIZE).fillColor(TEXT)
        doc.text(`${i + 1}.`, PAGE.left + 4, y, { width: 18, lineBreak: false })
      }))
      doc.y = y
      li.add(doc.struct('LBody', {}, () => {
        this.flow(entry.title, { x: PAGE.left + 24, width: textWidth })
        const lastLine = doc.y - doc.currentLineHeight(true) - LINE_GAP
        if (entry.page !== null) {
          // The number on the title's last line, right-aligned; the leader between is decoration.
          const bottom = doc.y
          doc.font(primaryFontName('regular')).fontSize(BODY_SIZE).fillColor(TEXT)
          doc.text(String(entry.page), PAGE.left + CONTENT_WIDTH - numberWidth, lastLine, { width: numberWidth, align: 'right', lineBreak: false })
          doc.y = bottom
        }
      }))
      if (entry.page !== null) {
        const lastLine = doc.y - doc.currentLineHeight(true) - LINE_GAP
        this.artifact(() => {
          const from = PAGE.left + 24 + Math.min(textWidth, doc.font(primaryFontName('regular')).fontSize(BODY_SIZE).widthOfString(entry.title.split('\n').pop() ?? '')) + 6
          const to = PAGE.left + CONTENT_WIDTH - numberWidth - 4
          const baseline = lastLine + BODY_SIZE * 0.95
          if (to - from > 12) doc.moveTo(from, baseline).lineTo(to, baseline).dash(1, { space: 3 }).lineWidth(0.6).strokeColor(MUTED).stroke().undash()
        })
      }
      li.end()
      doc.y += 6
    })
    list.end()
    reserved.sect.end()
    doc.switchToPage(back.page)
    doc.x = back.x
    doc.y = back.y
  }

  endSection(): void {
    this.sections.pop()?.end()
  }

  paragraph(text: string, tone: 'normal' | 'muted' = 'normal'): void {
    this.ensureRoom(BODY_SIZE * 2.5)
    const p = this.doc.struct('P', {}, () => this.flow(text, { colour: tone === 'muted' ? MUTED : TEXT, style: tone === 'muted' ? 'italic' : 'regular', gapAfter: 7 }))
    this.parent.add(p)
    p.end()
  }

  quote(text: string, source: string | null): void {
    const quote = this.doc.struct('BlockQuote')
    this.parent.add(quote)
    this.ensureRoom(BODY_SIZE * 3)
    const top = this.doc.y
    const startPage = this.currentPage()
    quote.add(this.doc.struct('P', {}, () => this.flow(text, { style: 'italic', x: PAGE.left + 14, gapAfter: source ? 2 : 8 })))
    if (source) quote.add(this.doc.struct('P', {}, () => this.flow(source, { colour: MUTED, size: 9, x: PAGE.left + 14, gapAfter: 8 })))
    quote.end()
    // The bar beside the quote is decoration.
    if (this.currentPage() === startPage) this.artifact(() => this.doc.rect(PAGE.left + 2, top, 3, Math.max(8, this.doc.y - top - 8)).fill(RULE))
  }

  list(items: readonly string[], ordered: boolean): void {
    const doc = this.doc
    const list = doc.struct('L')
    this.parent.add(list)
    items.forEach((item, i) => {
      this.ensureRoom(BODY_SIZE * 2.5)
      const li = doc.struct('LI')
      list.add(li)
      const y = doc.y
      const label = ordered ? `${i + 1}.` : '•'
      li.add(doc.struct('Lbl', {}, () => {
        doc.font(primaryFontName('regular')).fontSize(BODY_SIZE).fillColor(TEXT)
        doc.text(label, PAGE.left + 4, y, { width: 18, lineBreak: false })
      }))
      doc.y = y
      li.add(doc.struct('LBody', {}, () => this.flow(item, { x: PAGE.left + 24, gapAfter: 4 })))
      li.end()
    })
    list.end()
    doc.y += 4
  }

  /** Term and detail pairs, drawn as a two-column table with the terms as row headers. */
  facts(items: ReadonlyArray<{ term: string; detail: string }>): void {
    if (items.length === 0) return
    this.table(null, [{ header: 'Item', weight: 1 }, { header: 'Detail', weight: 2.6 }], items.map((i) => [i.term, i.detail]), { rowHeaders: true, headerRow: false })
  }

  table(
    caption: string | null,
    columns: ReadonlyArray<{ header: string; weight: number }>,
    rows: ReadonlyArray<readonly string[]>,
    options: { rowHeaders?: boolean; headerRow?: boolean } = {},
  ): void {
    const doc = this.doc
    const headerRow = options.headerRow ?? true
    const total = columns.reduce((n, c) => n + c.weight, 0)
    const widths = columns.map((c) => (CONTENT_WIDTH * c.weight) / total)
    const lefts = widths.map((_, i) => PAGE.left + widths.slice(0, i).reduce((n, w) => n + w, 0))
    const heightOf = (cells: readonly string[], style: FontStyle) =>
      Math.max(...cells.map((cell, i) => this.height(cell, (widths[i] ?? 50) - 2 * CELL_PAD, i === 0 && options.rowHeaders ? 'bold' : style, 9.5))) + 2 * CELL_PAD
    const headerHeight = headerRow ? heightOf(columns.map((c) => c.header), 'bold') : 0

    const table = doc.struct('Table')
    this.parent.add(table)
    const firstRowHeight = rows[0] ? Math.min(heightOf(rows[0], 'regular'), 200) : 0
    this.ensureRoom((caption ? 24 : 0) + headerHeight + firstRowHeight)
    if (caption) table.add(doc.struct('Caption', {}, () => this.flow(caption, { style: 'bold', size: 10, gapAfter: 4 })))

    /** Draws a row; with no height given, the row is as tall as its tallest cell turns out to be. */
    const drawRow = (cells: readonly string[], knownHeight: number | null, kind: 'TH' | 'TD' | 'artifact', row: Struct | null, headerFirst = false) => {
      const y = doc.y
      // Shading first, so the text sits on top of it.
      if (kind !== 'TD' && knownHeight !== null) this.artifact(() => doc.rect(PAGE.left, y, CONTENT_WIDTH, knownHeight).fill('#f3f2f1'))
      let bottom = y
      cells.forEach((cell, i) => {
        const bold = kind !== 'TD' || (headerFirst && i === 0)
        const draw = () => {
          doc.y = y + CELL_PAD
          this.flow(cell, { style: bold ? 'bold' : 'regular', size: 9.5, x: (lefts[i] ?? PAGE.left) + CELL_PAD, width: (widths[i] ?? 50) - 2 * CELL_PAD })
          bottom = Math.max(bottom, doc.y)
        }
        if (kind === 'artifact' || !row) this.artifact(draw)
        else {
          const type = kind === 'TH' || (headerFirst && i === 0) ? 'TH' : 'TD'
          const cellStruct = doc.struct(type, type === 'TH' ? ({ scope: kind === 'TH' ? 'Column' : 'Row' } as object) : {}, () => draw())
          row.add(cellStruct)
          cellStruct.end()
        }
      })
      const height = knownHeight ?? bottom - y + CELL_PAD
      this.artifact(() => {
        doc.moveTo(PAGE.left, y + height).lineTo(PAGE.left + CONTENT_WIDTH, y + height).lineWidth(0.6).strokeColor(RULE).stroke()
      })
      doc.x = PAGE.left
      doc.y = y + height
    }

    // A generous guess at a row's height from its length: when even that fits on the page, the row is drawn
    // without wrapping its text twice (once to measure, once to draw).
    doc.font(primaryFontName('regular')).fontSize(9.5)
    const lineHeight = doc.currentLineHeight(true) + LINE_GAP
    const roughHeight = (cells: readonly string[]) => Math.max(...cells.map((cell, i) => {
      if (!isPlainText(cell)) return Infinity
      const perLine = Math.max(1, Math.floor(((widths[i] ?? 50) - 2 * CELL_PAD) / (9.5 * 0.62)))
      return cell.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0) * lineHeight
    })) * 1.5 + lineHeight + 2 * CELL_PAD

    if (headerRow) {
      const head = doc.struct('THead')
      table.add(head)
      const tr = doc.struct('TR')
      head.add(tr)
      drawRow(columns.map((c) => c.header), headerHeight, 'TH', tr)
      tr.end()
      head.end()
    }
    const body = doc.struct('TBody')
    table.add(body)
    const pageHeight = this.maxY - PAGE.top - headerHeight
    for (const cells of rows) {
      const tr = doc.struct('TR')
      body.add(tr)
      if (doc.y + roughHeight(cells) <= this.maxY) {
        drawRow(cells, null, 'TD', tr, options.rowHeaders)
        tr.end()
        continue
      }
      const height = heightOf(cells, 'regular')
      if (height > pageHeight) {
        this.stackedRow(columns, cells, tr)
      } else {
        if (doc.y + height > this.maxY) {
          doc.addPage()
          // The header again at the top of each page, as decoration: it is in the structure once.
          if (headerRow) drawRow(columns.map((c) => c.header), headerHeight, 'artifact', null)
        }
        drawRow(cells, height, 'TD', tr, options.rowHeaders)
      }
      tr.end()
    }
    body.end()
    table.end()
    doc.y += 8
  }

  /** A row too tall for a page: each cell in turn, full width, under its column's name. */
  private stackedRow(columns: ReadonlyArray<{ header: string }>, cells: readonly string[], tr: Struct): void {
    const doc = this.doc
    cells.forEach((cell, i) => {
      const td = doc.struct('TD', {}, () => {
        this.ensureRoom(40)
        this.flow(columns[i]?.header ?? '', { style: 'bold', size: 9.5, gapAfter: 2 })
        this.flow(cell, { size: 9.5, gapAfter: 6 })
      })
      tr.add(td)
      td.end()
    })
    this.artifact(() => doc.moveTo(PAGE.left, doc.y).lineTo(PAGE.left + CONTENT_WIDTH, doc.y).lineWidth(0.6).strokeColor(RULE).stroke())
    doc.y += 4
  }

  /**
   * Map pages at a fixed print scale, each on a page of its own: the smallest that holds it (A4 before A3, which
   * folds out; landscape before upright). The first drawing may have a second one under it (the overview and key).
   */
  printedFigures(pages: ReadonlyArray<{ main: PrintedSvg; under?: PrintedSvg | null }>, alt: string): void {
    const doc = this.doc
    for (const page of pages) {
      const parts = [page.main, ...(page.under ? [page.under] : [])]
      const width = Math.max(...parts.map((p) => p.width * p.scale))
      const height = parts.reduce((n, p) => n + p.height * p.scale + 30, 0)
      const fit = FIGURE_PAGES.find((p) => width <= p.room.width + 0.5 && height <= p.room.height + 30.5) ?? (FIGURE_PAGES[2] as (typeof FIGURE_PAGES)[number])
      doc.addPage(pageOptions(fit.layout, fit.size))
      const left = doc.page.margins.left
      const boxWidth = doc.page.width - left - doc.page.margins.right
      for (const [i, part] of parts.entries()) {
        const x = left + Math.max(0, (boxWidth - part.width * part.scale) / 2)
        const y = doc.y
        const bbox: [number, number, number, number] = [x, y, x + part.width * part.scale, y + part.height * part.scale]
        const figure = doc.struct('Figure', { alt: i === 0 && page === pages[0] ? `${part.caption}. ${alt}` : part.caption, bbox, placement: 'Block' } as object, () => {
          drawSvg(doc, part.svg, { x, y, scale: part.scale })
        })
        this.parent.add(figure)
        figure.end()
        doc.x = left
        doc.y = y + part.height * part.scale + 6
        const cap = doc.struct('Caption', {}, () => this.flow(part.caption, { style: 'bold', size: 10, x: left, width: boxWidth, gapAfter: 8 }))
        this.parent.add(cap)
        cap.end()
      }
    }
    doc.addPage(pageOptions('portrait'))
  }

  pageBreak(): void {
    this.doc.addPage()
  }

  /** Content that is not part of the document's text: decoration, page furniture. */
  private artifact(draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
    this.doc.markContent('Artifact', { type })
    const { x, y } = this.doc
    draw()
    this.doc.endMarkedContent()
    this.doc.x = x
    this.doc.y = y
  }

  /** The current page as the footer numbers it (the first page is 1). */
  pageNumber(): number {
    return this.currentPage() - this.doc.bufferedPageRange().start + 1
  }

  currentPage(): number {
    const range = this.doc.bufferedPageRange()
    return range.start + range.count - 1
  }

  /** Title-page text, larger than body text, tagged as the given structure type. */
  titleText(text: string, type: 'H1' | 'P', size: number, style: FontStyle = 'regular', gapAfter = 8): void {
    const el = this.doc.struct(type, {}, () => this.flow(text, { style, size, gapAfter }))
    this.parent.add(el)
    el.end()
    if (type === 'H1') {
      ;(this.doc.outline.addItem as (title: string, options: object) => PDFKit.PDFOutline)(text, { top: PAGE.top, left: PAGE.width })
    }
  }

  /** Running header with the protective marking and footer with page numbers, on every page. */
  private pageFurniture(): number {
    const doc = this.doc
    const range = doc.bufferedPageRange()
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i)
      const w = doc.page.width
      const h = doc.page.height
      const bottomMargin = doc.page.margins.bottom
      doc.page.margins.bottom = 0
      this.artifact(() => {
        doc.font(primaryFontName('bold')).fontSize(9).fillColor(TEXT)
        doc.text(this.meta.marking, PAGE.left, 30, { width: w - PAGE.left - PAGE.right, align: 'center', lineBreak: false })
        doc.font(primaryFontName('regular')).fontSize(8.5).fillColor(MUTED)
        doc.text(this.meta.title, PAGE.left, 44, { width: w - PAGE.left - PAGE.right, align: 'center', lineBreak: false, height: 12, ellipsis: true })
        doc.moveTo(PAGE.left, 58).lineTo(w - PAGE.right, 58).lineWidth(0.5).strokeColor(RULE).stroke()
        doc.font(primaryFontName('regular')).fontSize(9).fillColor(TEXT)
        doc.text(`Page ${i - range.start + 1} of ${range.count}`, PAGE.left, h - 42, { width: w - PAGE.left - PAGE.right, align: 'right', lineBreak: false })
        doc.font(primaryFontName('bold')).fontSize(9)
        doc.text(this.meta.marking, PAGE.left, h - 42, { width: w - PAGE.left - PAGE.right, align: 'left', lineBreak: false })
      }, 'Pagination')
      doc.page.margins.bottom = bottomMargin
    }
    return range.count
  }

  async finish(): Promise<{ bytes: Buffer; pages: number }> {
    while (this.sections.length > 0) this.endSection()
    const pages = this.pageFurniture()
    this.root.end()
    this.doc.end()
    return { bytes: await this.done, pages }
  }
}
