// The rapid review document as a tagged PDF, through the same writer as the learning report.
import { TaggedPdf } from '../pdf/tagged-pdf.js'
import type { ReportBlock, ReportSection } from '../report-model.js'
import type { RapidReviewDocument } from './rapid-review-document.js'

function drawBlock(pdf: TaggedPdf, block: ReportBlock): void {
  if (block.type === 'paragraph') pdf.paragraph(block.text, block.tone ?? 'normal')
  else if (block.type === 'list') pdf.list(block.items, block.ordered)
  else if (block.type === 'facts') pdf.facts(block.items)
  else if (block.type === 'table') pdf.table(block.caption, block.columns, block.rows)
  else if (block.type === 'quote') pdf.quote(block.text, block.source)
}

function drawSection(pdf: TaggedPdf, section: ReportSection, level: number): void {
  pdf.beginSection(level, section.title)
  for (const block of section.blocks) drawBlock(pdf, block)
  for (const sub of section.subsections) drawSection(pdf, sub, level + 1)
  pdf.endSection()
}

export async function renderRapidReviewPdf(doc: RapidReviewDocument): Promise<Buffer> {
  const pdf = new TaggedPdf({ title: doc.title, subject: `Rapid review for the Child Safeguarding Practice Review Panel. ${doc.marking}`, marking: doc.marking, language: doc.language, createdAt: new Date(doc.producedAt) })
  pdf.titleText('Rapid review for the Child Safeguarding Practice Review Panel', 'P', 12, 'bold', 12)
  pdf.titleText(doc.title, 'H1', 24, 'bold', 10)
  if (doc.partnership) pdf.titleText(doc.partnership, 'P', 13, 'regular', 14)
  pdf.facts(doc.titleFacts)
  pdf.titleText(`Protective marking: ${doc.marking}`, 'P', 10.5, 'bold', 14)
  for (const section of doc.sections) drawSection(pdf, section, 2)
  return (await pdf.finish()).bytes
}
