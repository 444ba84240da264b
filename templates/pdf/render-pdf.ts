// The report model as an accessible, tagged PDF: title page, then each section in reading order.
import type { PrintedPart } from '../map-print.js'
import { reportSections, type ReportBlock, type ReportModel, type ReportSection } from '../report-model.js'
import { parseSvg } from './svg-tree.js'
import { TaggedPdf } from './tagged-pdf.js'

export interface RenderProgress {
  /** Called with a fraction from 0 to 1 as sections are drawn. */
  onProgress?: (fraction: number) => void
  /** Lets other work run between sections of a long report (an export job's status requests, for example). */
  yieldBetweenSections?: boolean
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

function drawBlock(pdf: TaggedPdf, block: ReportBlock): void {
  switch (block.type) {
    case 'paragraph':
      pdf.paragraph(block.text, block.tone ?? 'normal')
      return
    case 'quote':
      pdf.quote(block.text, block.source)
      return
    case 'list':
      pdf.list(block.items, block.ordered)
      return
    case 'facts':
      pdf.facts(block.items)
      return
    case 'table':
      pdf.table(block.caption, block.columns, block.rows)
      return
    case 'figure': {
      const { print, alt } = block.figure
      const parsed = (part: PrintedPart) => ({ ...part, svg: parseSvg(part.svg) })
      const pages = [
        ...(print.overview ? [{ main: parsed(print.overview), under: print.key ? parsed(print.key) : null }] : []),
        ...print.parts.map((part) => ({ main: parsed(part) })),
      ]
      pdf.printedFigures(pages, alt)
    }
  }
}

/** Draws a section and its subsections; returns the page number of its heading. */
function drawSection(pdf: TaggedPdf, section: ReportSection, level: number): number {
  const page = pdf.beginSection(level, section.title)
  for (const block of section.blocks) drawBlock(pdf, block)
  for (const sub of section.subsections) drawSection(pdf, sub, level + 1)
  pdf.endSection()
  return page
}

/** The contents' entries (the model's list), each with the page its section starts on. */
function contentsEntries(model: ReportModel, pages: ReadonlyMap<string, number>): { title: string; page: number | null }[] {
  const list = model.contents.blocks.find((b) => b.type === 'list')
  return (list?.type === 'list' ? list.items : []).map((title) => ({ title, page: pages.get(title) ?? null }))
}

export async function renderPdf(model: ReportModel, options: RenderProgress = {}): Promise<{ bytes: Buffer; pages: number }> {
  const pdf = new TaggedPdf({
    title: model.title,
    subject: `${model.titlePage.editionLabel}. ${model.marking}`,
    marking: model.marking,
    language: model.language,
    createdAt: new Date(model.producedAt),
  })
  const page = model.titlePage
  pdf.doc.y += 40
  pdf.titleText(page.editionLabel, 'P', 12, 'bold', 16)
  pdf.titleText(page.title, 'H1', 26, 'bold', 12)
  if (page.partnership) pdf.titleText(page.partnership, 'P', 14, 'regular', 24)
  pdf.facts(page.facts)
  pdf.titleText(`Protective marking: ${page.marking}`, 'P', 11, 'bold', 6)
  pdf.titleText(page.notice, 'P', 10.5, 'regular', 6)
  pdf.pageBreak()
  // The contents page is kept and filled in last, when the page each section starts on is known.
  const contents = pdf.reserveContents(2, model.contents.title)

  const sections = reportSections(model)
  const pages = new Map<string, number>()
  for (const [i, section] of sections.entries()) {
    // Each top-level section starts on a new page, except short ones that follow on.
    if (i > 0 && pdf.doc.y > 520) pdf.pageBreak()
    // Top-level sections are heading level 2: the report's title is the only level 1.
    pages.set(section.title, drawSection(pdf, section, 2))
    options.onProgress?.((i + 1) / (sections.length + 1))
    if (options.yieldBetweenSections) await tick()
  }
  pdf.fillContents(contents, contentsEntries(model, pages))
  const result = await pdf.finish()
  options.onProgress?.(1)
  return result
}
