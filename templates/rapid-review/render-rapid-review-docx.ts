// The rapid review document as an editable Word document: real headings, tables with header rows, the
// protective marking in the page header and the document language en-GB.
import { AlignmentType, Document, Header, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { ReportBlock, ReportSection } from '../report-model.js'
import type { RapidReviewDocument } from './rapid-review-document.js'

type Child = Paragraph | Table
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const

const runs = (text: string, bold = false) => text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : 0, bold }))
const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: runs(text, bold) })] })

function table(header: string[] | null, rows: string[][], weights: number[]): Table {
  const total = weights.reduce((n, w) => n + w, 0)
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: weights.map((w) => Math.round((9070 * w) / total)),
    rows: [
      ...(header ? [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) })] : []),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, !header && i === 0)) })),
    ],
  })
}

function block(b: ReportBlock): Child[] {
  switch (b.type) {
    case 'paragraph':
      return [new Paragraph({ children: runs(b.text) })]
    case 'list':
      return b.items.map((item) => new Paragraph({ children: runs(item), bullet: { level: 0 } }))
    case 'facts':
      return [table(null, b.items.map((i) => [i.term, i.detail]), [1, 2.6]), new Paragraph({})]
    case 'table':
      return [table(b.columns.map((c) => c.header), b.rows, b.columns.map((c) => c.weight)), new Paragraph({})]
    case 'quote':
      return [new Paragraph({ children: runs(b.text) })]
    default:
      return []
  }
}

function section(s: ReportSection, level: number): Child[] {
  return [
    new Paragraph({ heading: HEADINGS[Math.min(level - 1, 3)], children: [new TextRun(s.title)] }),
    ...s.blocks.flatMap(block),
    ...s.subsections.flatMap((sub) => section(sub, level + 1)),
  ]
}

export async function renderRapidReviewDocx(doc: RapidReviewDocument): Promise<Buffer> {
  const document = new Document({
    title: doc.title,
    description: 'Rapid review for the Child Safeguarding Practice Review Panel',
    creator: 'Casework Lens',
    styles: { default: { document: { run: { language: { value: doc.language } } } } },
    sections: [{
      headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: doc.marking, bold: true })] })] }) },
      children: [
        new Paragraph({ children: [new TextRun({ text: 'Rapid review for the Child Safeguarding Practice Review Panel', bold: true })] }),
        new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
        ...(doc.partnership ? [new Paragraph({ children: runs(doc.partnership) })] : []),
        table(null, doc.titleFacts.map((f) => [f.term, f.detail]), [1, 2.6]),
        new Paragraph({ children: [new TextRun({ text: `Protective marking: ${doc.marking}`, bold: true })] }),
        ...doc.sections.flatMap((s) => section(s, 1)),
      ],
    }],
  })
  return Buffer.from(await Packer.toBuffer(document))
}
