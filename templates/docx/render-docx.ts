// The report model as a Word document the board can edit: real heading styles (so the navigation pane and a
// table of contents work), lists and tables with repeating header rows, the protective marking in every page's
// header, page numbers in the footer, the map as an SVG picture (with a PNG for older software) and alt text, and the document language en-GB.
import {
  AlignmentType, BorderStyle, Bookmark, Document, Footer, Header, HeadingLevel, ImageRun, InternalHyperlink, LevelFormat, Packer, PageNumber, PageOrientation,
  PageReference, Paragraph, ShadingType, Table, TableCell, TableRow, TabStopType, TextRun, WidthType,
} from 'docx'
import type { PrintedPart } from '../map-print.js'
import { reportSections, walkSections, type MapFigure, type ReportBlock, type ReportModel, type ReportSection } from '../report-model.js'
import { recentlyDrawnPng } from '../svg-png.js'

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const
/** A4 width less 2.5 cm margins, in twentieths of a point. */
const TEXT_WIDTH_TWIPS = 11906 - 2 * 1418
const RULE = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' }

type Child = Paragraph | Table

/** Text runs with line breaks kept. */
function runs(text: string, options: { bold?: boolean; italics?: boolean; color?: string } = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options }))
}

type PageKind = 'portrait' | 'landscape-a4' | 'landscape-a3' | 'portrait-a3'

/** Page sizes in twips (width, height as the page is read). */
const PAGE_SIZES: Readonly<Record<PageKind, { width: number; height: number; margin: number }>> = {
  portrait: { width: 11906, height: 16838, margin: 1418 },
  'landscape-a4': { width: 16838, height: 11906, margin: 1134 },
  'landscape-a3': { width: 23811, height: 16838, margin: 964 },
  'portrait-a3': { width: 16838, height: 23811, margin: 964 },
}
/** Where a map page may go, smallest first, landscape before upright (as in the PDF). */
const MAP_PAGE_KINDS: readonly PageKind[] = ['landscape-a4', 'portrait', 'landscape-a3', 'portrait-a3']

const PT_TO_PX = 96 / 72
/**
 * The PNG fallback's pixels per CSS pixel of the printed picture: 1.5 is 144 dpi, so 8 pt node text is 16 pixels
 * high, sharp on paper and on screen. It is for word processors that cannot draw the SVG; twice (192 dpi) drew
 * 1.8 times the pixels for no text anyone could read better.
 */
const FALLBACK_SCALE = 1.5

/** A printed part's size in the document, in CSS pixels (docx's unit for pictures). */
function pictureSize(part: PrintedPart): { width: number; height: number } {
  return { width: Math.round(part.width * part.scale * PT_TO_PX), height: Math.round(part.height * part.scale * PT_TO_PX) }
}

/** Every printed part of every map figure in the report. */
function printedParts(model: ReportModel): PrintedPart[] {
  const parts: PrintedPart[] = []
  for (const { section } of walkSections(reportSections(model))) {
    for (const b of section.blocks) {
      if (b.type !== 'figure') continue
      const { overview, key, parts: pages } = b.figure.print
      parts.push(...[overview, key, ...pages].filter((p): p is PrintedPart => p !== null))
    }
  }
  return parts
}

/**
 * Pictures drawn at once. libuv's thread pool (four threads) is the whole process's, and the server's file reads wait
 * in it too: two keep both cores of a small server busy without queueing everyone else's I/O behind the map.
 */
const DRAWING_AT_ONCE = 2

/**
 * The parts' PNG fallbacks, drawn two at a time on libuv's thread pool (resvg's renderAsync) rather than one after
 * another on this thread, and kept for the next export of the same map: a 300-node map prints as 17 parts, and
 * drawing them in turn was most of the DOCX's time.
 */
async function drawFallbacks(model: ReportModel): Promise<Map<PrintedPart, Buffer>> {
  const parts = printedParts(model)
  const pngs = new Map<PrintedPart, Buffer>()
  let next = 0
  const drawer = async () => {
    while (next < parts.length) {
      const part = parts[next++] as PrintedPart
      pngs.set(part, await recentlyDrawnPng(part.svg, pictureSize(part).width * FALLBACK_SCALE))
    }
  }
  await Promise.all(Array.from({ length: DRAWING_AT_ONCE }, drawer))
  return pngs
}

class DocxBuilder {
  private lists = 0
  /** The document's sections: portrait text, with landscape pages for the map. */
  readonly sections: Array<{ kind: PageKind; children: Child[] }> = [{ kind: 'portrait', children: [] }]

  constructor(private readonly fallbacks: ReadonlyMap<PrintedPart, Buffer>) {}

  get children(): Child[] {
    return (this.sections[this.sections.length - 1] as { children: Child[] }).children
  }

  private startSection(kind: PageKind): void {
    this.sections.push({ kind, children: [] })
  }

  /** The map's printed pages (at their print scale, so node text is at least 8 pt), each a landscape section. */
  private mapPages(figure: MapFigure): void {
    const { print } = figure
    const pages = [
      ...(print.overview ? [[print.overview, ...(print.key ? [print.key] : [])]] : []),
      ...print.parts.map((part) => [part]),
    ]
    for (const parts of pages) {
      const widthPt = Math.max(...parts.map((p) => p.width * p.scale))
      const heightPt = parts.reduce((n, p) => n + p.height * p.scale + 30, 0)
      const fits = (kind: PageKind) => widthPt * 20 <= PAGE_SIZES[kind].width - 2 * PAGE_SIZES[kind].margin && heightPt * 20 <= PAGE_SIZES[kind].height - 2 * PAGE_SIZES[kind].margin - 1200
      this.startSection(MAP_PAGE_KINDS.find(fits) ?? 'landscape-a3')
      for (const part of parts) {
        const size = pictureSize(part)
        const fallback = this.fallbacks.get(part)
        if (!fallback) throw new Error(`No PNG fallback was drawn for the map part "${part.caption}"`)
        this.children.push(new Paragraph({
          keepNext: true,
          children: [new ImageRun({
            type: 'svg',
            data: Buffer.from(part.svg, 'utf8'),
            transformation: size,
            fallback: { type: 'png', data: fallback },
            altText: { name: part.caption, title: part.caption, description: part === pages[0]?.[0] ? `${part.caption}. ${figure.alt}` : part.caption },
          })],
        }))
        this.children.push(new Paragraph({ style: 'Caption', children: runs(part.caption) }))
      }
    }
    this.startSection('portrait')
  }

  heading(level: number, title: string, bookmark?: string): void {
    const text = new TextRun(title)
    this.children.push(new Paragraph({
      heading: HEADINGS[Math.min(level, 6) - 1] ?? HeadingLevel.HEADING_6, keepNext: true,
      children: [bookmark ? new Bookmark({ id: bookmark, children: [text] }) : text],
    }))
  }

  /**
   * The contents: each entry links to its section's heading and ends in a page reference (a PAGEREF field to the
   * heading's bookmark) after a dotted leader; Word and LibreOffice work the numbers out as they lay the pages out.
   */
  contents(title: string, entries: ReadonlyArray<{ title: string; bookmark: string | null }>): void {
    this.heading(1, title)
    entries.forEach((entry, i) => {
      this.children.push(new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH_TWIPS, leader: 'dot' }],
        indent: { left: 567, hanging: 567 },
        children: entry.bookmark
          ? [new TextRun(`${i + 1}.\t`), new InternalHyperlink({ anchor: entry.bookmark, children: [new TextRun(entry.title)] }), new TextRun('\t'), new PageReference(entry.bookmark)]
          : [new TextRun(`${i + 1}.\t${entry.title}`)],
      }))
    })
  }

  block(b: ReportBlock): void {
    switch (b.type) {
      case 'paragraph':
        this.children.push(new Paragraph({ style: b.tone === 'muted' ? 'Muted' : undefined, children: runs(b.text) }))
        return
      case 'quote':
        this.children.push(new Paragraph({ style: 'Quote', children: runs(b.text) }))
        if (b.source) this.children.push(new Paragraph({ style: 'QuoteSource', children: runs(b.source) }))
        return
      case 'list': {
        const instance = ++this.lists
        for (const item of b.items) {
          this.children.push(new Paragraph({
            children: runs(item),
            ...(b.ordered ? { numbering: { reference: 'report-numbers', level: 0, instance } } : { bullet: { level: 0 } }),
          }))
        }
        return
      }
      case 'facts':
        this.table(null, [{ header: 'Item', weight: 1 }, { header: 'Detail', weight: 2.6 }], b.items.map((i) => [i.term, i.detail]), false)
        return
      case 'table':
        this.table(b.caption, b.columns, b.rows, true)
        return
      case 'figure':
        this.mapPages(b.figure)
        return
    }
  }

  private table(caption: string | null, columns: ReadonlyArray<{ header: string; weight: number }>, rows: ReadonlyArray<readonly string[]>, headerRow: boolean): void {
    const total = columns.reduce((n, c) => n + c.weight, 0)
    const widths = columns.map((c) => Math.round((TEXT_WIDTH_TWIPS * c.weight) / total))
    if (caption) this.children.push(new Paragraph({ style: 'Caption', keepNext: true, children: runs(caption) }))
    const cell = (text: string, i: number, header: boolean) => new TableCell({
      width: { size: widths[i] ?? 1000, type: WidthType.DXA },
      borders: { top: RULE, bottom: RULE, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } },
      shading: header ? { type: ShadingType.CLEAR, fill: 'F3F2F1', color: 'auto' } : undefined,
      margins: { top: 60, bottom: 60, left: 80, right: 80 },
      children: [new Paragraph({ style: 'TableText', children: runs(text, { bold: header }) })],
    })
    const tableRows = [
      ...(headerRow ? [new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell(c.header, i, true)) })] : []),
      ...rows.map((r) => new TableRow({ children: r.map((text, i) => cell(text, i, !headerRow && i === 0)) })),
    ]
    this.children.push(new Table({ rows: tableRows, columnWidths: widths, width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA } }))
    this.children.push(new Paragraph({ children: [] }))
  }

  section(s: ReportSection, level: number): void {
    this.heading(level, s.title, level === 1 ? bookmarkOf(s) : undefined)
    for (const b of s.blocks) this.block(b)
    for (const sub of s.subsections) this.section(sub, level + 1)
  }
}

/** A Word bookmark name for a top-level section: a letter first, then letters, digits and underscores, 40 at most. */
function bookmarkOf(section: ReportSection): string {
  return `s_${section.id.replace(/[^A-Za-z0-9]/g, '_')}`.slice(0, 40)
}

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const page = model.titlePage
  const b = new DocxBuilder(await drawFallbacks(model))
  b.children.push(new Paragraph({ style: 'Edition', children: runs(page.editionLabel) }))
  b.children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(page.title)] }))
  if (page.partnership) b.children.push(new Paragraph({ style: 'Subtitle', children: runs(page.partnership) }))
  b.block({ type: 'facts', items: page.facts })
  b.children.push(new Paragraph({ children: [new TextRun({ text: `Protective marking: ${page.marking}`, bold: true })] }))
  b.children.push(new Paragraph({ children: runs(page.notice), pageBreakBefore: false }))
  b.children.push(new Paragraph({ children: [], pageBreakBefore: true }))
  const sections = reportSections(model)
  const listed = model.contents.blocks.find((block) => block.type === 'list')
  b.contents(model.contents.title, (listed?.type === 'list' ? listed.items : []).map((title) => {
    const section = sections.find((s) => s.title === title)
    return { title, bookmark: section ? bookmarkOf(section) : null }
  }))
  sections.forEach((s, i) => {
    if (i === 0) b.children.push(new Paragraph({ children: [], pageBreakBefore: true }))
    b.section(s, 1)
  })

  const language = { value: model.language }
  const doc = new Document({
    title: model.title,
    subject: page.editionLabel,
    keywords: model.marking,
    description: `${page.editionLabel}. ${model.marking}.`,
    creator: 'Casework Lens',
    lastModifiedBy: 'Casework Lens',
    // Word fills in the contents' page references as it opens the file (it asks first).
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 22, language }, paragraph: { spacing: { after: 120, line: 276 } } },
        title: { run: { font: 'Arial', size: 48, bold: true, color: '0B0C0C', language } },
        heading1: { run: { font: 'Arial', size: 36, bold: true, color: '0B0C0C', language }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
        heading2: { run: { font: 'Arial', size: 28, bold: true, color: '0B0C0C', language }, paragraph: { spacing: { before: 280, after: 120 }, keepNext: true } },
        heading3: { run: { font: 'Arial', size: 24, bold: true, color: '0B0C0C', language }, paragraph: { spacing: { before: 240, after: 100 }, keepNext: true } },
        heading4: { run: { font: 'Arial', size: 22, bold: true, color: '0B0C0C', language }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true } },
      },
      paragraphStyles: [
        { id: 'Edition', name: 'Edition', basedOn: 'Normal', run: { bold: true, color: '505A5F', size: 24 } },
        { id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', run: { size: 28 } },
        { id: 'Muted', name: 'Muted', basedOn: 'Normal', run: { italics: true, color: '505A5F' } },
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', run: { italics: true }, paragraph: { indent: { left: 567 }, border: { left: { style: BorderStyle.SINGLE, size: 18, color: 'B1B4B6', space: 8 } } } },
        { id: 'QuoteSource', name: 'Quote source', basedOn: 'Normal', run: { color: '505A5F', size: 18 }, paragraph: { indent: { left: 567 } } },
        { id: 'Caption', name: 'Caption', basedOn: 'Normal', run: { bold: true, size: 20 }, paragraph: { spacing: { before: 120, after: 80 } } },
        { id: 'TableText', name: 'Table text', basedOn: 'Normal', run: { size: 19 }, paragraph: { spacing: { after: 0 } } },
      ],
    },
    numbering: {
      config: [{
        reference: 'report-numbers',
        levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 567, hanging: 340 } } } }],
      }],
    },
    sections: b.sections.filter((section) => section.children.length > 0).map((section) => {
      const size = PAGE_SIZES[section.kind]
      const landscape = section.kind.startsWith('landscape')
      return {
        properties: {
          page: {
            // docx takes the portrait size and turns it for landscape.
            size: landscape ? { width: size.height, height: size.width, orientation: PageOrientation.LANDSCAPE } : { width: size.width, height: size.height },
            margin: { top: size.margin, bottom: size.margin, left: size.margin, right: size.margin, header: 567, footer: 567 },
          },
        },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: model.marking, bold: true })] })] }),
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ text: `${model.marking}    Page `, size: 18 }), new TextRun({ children: [PageNumber.CURRENT], size: 18 }), new TextRun({ text: ' of ', size: 18 }), new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 18 })],
            })],
          }),
        },
        children: section.children,
      }
    }),
  })
  return Packer.toBuffer(doc)
}
