// The learning report as data: built once by buildReportModel from content read in one transaction, then drawn by the PDF,
// DOCX and HTML renderers, which add nothing of their own. Every part is a section of plain blocks (paragraphs,
// lists, tables, the map figure), so the three formats say exactly the same thing.
import type { ReportEdition } from '../methodology/review-snapshot.js'
import type { MapPrint } from './map-print.js'

export type { ReportEdition }
export type ReportFormat = 'pdf' | 'docx' | 'html'
export const REPORT_FORMATS: readonly ReportFormat[] = ['pdf', 'docx', 'html']
export const REPORT_EDITIONS: readonly ReportEdition[] = ['internal', 'publication']

/** Government Security Classifications: the board's edition is sensitive, the published one is not. */
export type ProtectiveMarking = 'OFFICIAL-SENSITIVE' | 'OFFICIAL'

export function markingFor(edition: ReportEdition): ProtectiveMarking {
  return edition === 'internal' ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL'
}

export interface TableColumn {
  header: string
  /** Relative width: the renderers share the table's width out in these proportions. */
  weight: number
}

export interface FactItem {
  term: string
  detail: string
}

/** The causal map as a figure: a vector SVG (templates/map-svg.ts), its alt text and its long description. */
export interface MapFigure {
  svg: string
  /** Width and height of the SVG in its own units, for scaling. */
  width: number
  height: number
  caption: string
  /** Short alternative text (one or two sentences). */
  alt: string
  /** The same map cut into printed pages with readable text (templates/map-print.ts). */
  print: MapPrint
}

export type ReportBlock =
  | { type: 'paragraph'; text: string; tone?: 'normal' | 'muted' }
  | { type: 'quote'; text: string; source: string | null }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'facts'; items: FactItem[] }
  | { type: 'table'; caption: string; columns: TableColumn[]; rows: string[][] }
  | { type: 'figure'; figure: MapFigure }

export interface ReportSection {
  /** Stable anchor, unique in the report: 'summary', 'finding-2'. */
  id: string
  title: string
  blocks: ReportBlock[]
  subsections: ReportSection[]
}

export interface TitlePage {
  title: string
  partnership: string | null
  editionLabel: string
  marking: ProtectiveMarking
  facts: FactItem[]
  /** Who the edition is for, in a sentence. */
  notice: string
}

export interface ReportCounts {
  significantEvents: number
  practiceEpisodes: number
  mapNodes: number
  systemicFindings: number
  goodPracticeFindings: number
  boardQuestions: number
  boardActions: number
}

export interface ReportModel {
  reviewId: string
  edition: ReportEdition
  marking: ProtectiveMarking
  /** BCP 47 language of the whole document. */
  language: 'en-GB'
  /** Document title (PDF and DOCX metadata, HTML <title>). */
  title: string
  /** For file names: lower-case letters, digits and hyphens. */
  fileStem: string
  producedAt: string
  titlePage: TitlePage
  summary: ReportSection
  childAndFamily: ReportSection
  reviewProcess: ReportSection
  significantEvents: ReportSection
  practiceEpisodes: ReportSection
  causalMap: ReportSection
  findings: ReportSection
  boardResponse: ReportSection
  goodPractice: ReportSection
  appendix: ReportSection
  /**
   * Internal edition only, and only while some findings are not agreed: the drafts, in a clearly marked annex at the
   * very end. Never in the publication edition (nor on the board's pages or in the national return).
   */
  draftAnnex: ReportSection | null
  /** The abbreviations the text uses, spelt out (found automatically; see methodology/report/abbreviations.ts). */
  glossary: ReportSection
  /** The top-level sections in order: PDF and DOCX print it after the title page. */
  contents: ReportSection
  /** Abbreviations in the text with no meaning yet: the report page asks the lead reviewer for them. */
  undefinedAbbreviations: string[]
  counts: ReportCounts
}

/** The report's sections in reading order: every renderer walks this list. */
export function reportSections(model: ReportModel): ReportSection[] {
  return [
    model.summary, model.childAndFamily, model.reviewProcess, model.significantEvents, model.practiceEpisodes,
    model.causalMap, model.findings, model.boardResponse, model.goodPractice, model.glossary, model.appendix,
    ...(model.draftAnnex ? [model.draftAnnex] : []),
  ]
}

/** Every section and subsection, depth first, with its heading level (1 for a top-level section). */
export function* walkSections(sections: readonly ReportSection[], level = 1): Generator<{ section: ReportSection; level: number }> {
  for (const section of sections) {
    yield { section, level }
    yield* walkSections(section.subsections, level + 1)
  }
}

export function reportFileName(model: ReportModel, format: ReportFormat): string {
  return `${model.fileStem}.${format}`
}

export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
}

export type { ReportModelOptions } from './model/build-report-model.js'
