// The glossary and the contents list: both are read from the finished sections, so they list exactly what the
// report says (an abbreviation that occurs nowhere in the text is not in the glossary).
import { findAbbreviations } from '../../methodology/report/abbreviations.js'
import { walkSections, type ReportBlock, type ReportSection } from '../report-model.js'
import { muted, section } from './report-text.js'

/** Every piece of text in some sections: paragraphs, quotes, lists, facts, tables and figure captions. */
export function* sectionTexts(sections: readonly ReportSection[]): Generator<string> {
  for (const { section: s } of walkSections(sections)) {
    yield s.title
    for (const b of s.blocks) yield* blockTexts(b)
  }
}

function* blockTexts(b: ReportBlock): Generator<string> {
  switch (b.type) {
    case 'paragraph': yield b.text; break
    case 'quote': yield b.text; if (b.source) yield b.source; break
    case 'list': yield* b.items; break
    case 'facts': for (const f of b.items) { yield f.term; yield f.detail } break
    case 'table': yield b.caption; for (const r of b.rows) yield* r; break
    case 'figure': yield b.figure.caption; break
  }
}

export interface Glossary {
  section: ReportSection
  /** Abbreviations in the text that neither the built-in list nor the review defines. */
  unknown: string[]
}

/** The glossary of the abbreviations that occur in the sections, with the review's own definitions first. */
export function glossarySection(sections: readonly ReportSection[], reviewDefinitions: Readonly<Record<string, string>>): Glossary {
  const { defined, unknown } = findAbbreviations(sectionTexts(sections), reviewDefinitions)
  const blocks: ReportBlock[] = defined.length > 0
    ? [{ type: 'table', caption: 'Abbreviations used in this report', columns: [{ header: 'Abbreviation', weight: 1.5 }, { header: 'Meaning', weight: 6 }], rows: defined.map((d) => [d.abbreviation, d.meaning]) }]
    : [muted('This report uses no abbreviations that need spelling out.')]
  return { section: section('glossary', 'Glossary of abbreviations', blocks), unknown }
}

/** The contents: each top-level section, in order (PDF and DOCX draw it after the title page; HTML links it). */
export function contentsSection(sections: readonly ReportSection[]): ReportSection {
  return section('contents', 'Contents', [{ type: 'list', ordered: true, items: sections.map((s) => s.title) }])
}
