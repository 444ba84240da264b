// The report model as a Word document the board can edit: real heading styles (so the navigation pane and a
// table of contents work), lists and tables with repeating header rows, the protective marking in every page's
// header, page numbers in the footer, the map as an SVG picture (with a PNG for older software) and alt text, and the document language en-GB.
import {
  AlignmentType, BorderStyle, Document, Footer, Header, HeadingLevel, ImageRun, LevelFormat, Packer, PageNumber, Paragraph, ShadingType,
  Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx'
import { reportSections, type ReportBlock, type ReportModel, type ReportSection } from '../report-model.js'
import { svgToPng } from '../svg-png.js'

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const
/** A4 width less 2.5 cm margins, in twentieths of a point. */
const TEXT_WIDTH_TWIPS = 11906 - 2 * 1418
const TEXT_WIDTH_PX = Math.round((TEXT_WIDTH_TWIPS / 1440) * 96)
const RULE = { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6' }

type Child = Paragraph | Table

/** Text runs with line breaks kept. */
function runs(text: string, options: { bold?: boolean; italics?: boolean; color?: string } = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, ...options }))
}

class DocxBuilder {
  private lists = 0
  readonly children: Child[] = []

  heading(level: number, title: string): void {
    this.children.push(new Paragraph({ heading: HEADINGS[Math.min(level, 6) - 1] ?? HeadingLevel.HEADING_6, children: [new TextRun(title)], keepNext: true }))
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
      case 'figure': {
        const scale = Math.min(1, TEXT_WIDTH_PX / b.figure.width)
        const size = { width: Math.round(b.figure.width * scale), height: Math.round(b.figure.height * scale) }
        this.children.push(new Paragraph({
          keepNext: true,
          children: [new ImageRun({
            type: 'svg',
            data: Buffer.from(b.figure.svg, 'utf8'),
            // Word 2016 and later draw the SVG; older word processors and converters show this PNG, words included.
            fallback: { type: 'png', data: svgToPng(b.figure.svg, size.width * 2) },
            transformation: size,
            altText: { name: b.figure.caption, title: b.figure.caption, description: b.figure.alt },
          })],
        }))
        this.children.push(new Paragraph({ style: 'Caption', children: runs(b.figure.caption) }))
      }
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
    this.heading(level, s.title)
    for (const b of s.blocks) this.block(b)
    for (const sub of s.subsections) this.section(sub, level + 1)
  }
}

export async function renderDocx(model: ReportModel): Promise<Buffer> {
  const page = model.titlePage
  const b = new DocxBuilder()
  b.children.push(new Paragraph({ style: 'Edition', children: runs(page.editionLabel) }))
  b.children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(page.title)] }))
  if (page.partnership) b.children.push(new Paragraph({ style: 'Subtitle', children: runs(page.partnership) }))
  b.block({ type: 'facts', items: page.facts })
  b.children.push(new Paragraph({ children: [new TextRun({ text: `Protective marking: ${page.marking}`, bold: true })] }))
  b.children.push(new Paragraph({ children: runs(page.notice), pageBreakBefore: false }))
  reportSections(model).forEach((s, i) => {
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
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418, header: 567, footer: 567 } } },
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
      children: b.children,
    }],
  })
  return Packer.toBuffer(doc)
}
