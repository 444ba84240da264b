// A small report model built by hand (no database), with a map figure, for the renderers' unit tests.
import { printMap } from '../../../templates/map-print.js'
import { mapToSvg, summariseMap } from '../../../templates/map-svg.js'
import type { MapDocument } from '../../../methodology/map/map-model.js'
import { markingFor, type ReportEdition, type ReportModel, type ReportSection } from '../../../templates/report-model.js'

export const SAMPLE_MAP: MapDocument = {
  nodes: [
    { id: 'a', kind: 'system-factor', level: 'local-partnership', label: 'Police notifications go only to the front door & <nowhere else>', description: null, eventIds: [], kpeIds: [], factorIds: [] },
    { id: 'b', kind: 'outcome', level: 'child-family', label: 'Child X harmed', description: null, eventIds: [], kpeIds: [], factorIds: [] },
  ],
  edges: [{ id: 'e', source: 'a', target: 'b', label: null, evidence: [{ type: 'event', id: 'ev' }], counterfactual: { answer: 'no', note: null }, strength: 'strong' }],
}

const s = (id: string, title: string, blocks: ReportSection['blocks'], subsections: ReportSection[] = []): ReportSection => ({ id, title, blocks, subsections })

export function sampleModel(edition: ReportEdition = 'internal', extraText = 'Nothing unusual.', map: MapDocument = SAMPLE_MAP): ReportModel {
  const svg = mapToSvg(map, { title: 'Causal map' })
  return {
    reviewId: 'r1', edition, marking: markingFor(edition), language: 'en-GB', title: 'Learning review: Child X', fileStem: `learning-review-child-x-${edition}`,
    producedAt: '2026-03-02T10:00:00.000Z',
    titlePage: { title: 'Learning review: Child X', partnership: 'Test Partnership', editionLabel: 'Test edition', marking: markingFor(edition), facts: [{ term: 'Child', detail: 'Child X' }], notice: 'For testing.' },
    summary: s('summary', 'Summary', [{ type: 'paragraph', text: extraText }, { type: 'list', ordered: true, items: ['First finding', 'Second finding'] }]),
    childAndFamily: s('child-and-family', 'The child and their family', [{ type: 'quote', text: 'She loved bath time.', source: 'Mother' }]),
    reviewProcess: s('the-review', 'About this review', [], [s('scope', 'Scope', [{ type: 'paragraph', text: 'The scope.', tone: 'muted' }])]),
    significantEvents: s('significant-events', 'What happened: significant events', [{
      type: 'table', caption: 'Significant events', columns: [{ header: 'Date', weight: 1 }, { header: 'What happened', weight: 4 }],
      rows: Array.from({ length: 60 }, (_, i) => [`${i + 1} June 2020`, `Event number ${i + 1}, written at some length so that it wraps onto a second line of the table.`]),
    }]),
    practiceEpisodes: s('practice-episodes', 'Key practice episodes and appraisal', [{ type: 'paragraph', text: 'None yet.', tone: 'muted' }]),
    causalMap: s('causal-map', 'Why it happened: the causal map', [{ type: 'figure', figure: { svg, width: 700, height: 500, caption: 'Figure 1. The causal map', alt: summariseMap(map), print: printMap(map, 1) } }]),
    findings: s('findings', 'Systemic findings', [], [s('finding-1', 'Finding 1: A pattern', [{ type: 'facts', items: [{ term: 'Typology', detail: 'MAI-1 Information held but not shared' }] }])]),
    boardResponse: s('board-response', 'The board’s response', []),
    goodPractice: s('good-practice', 'Good practice', []),
    appendix: s('appendix', 'Appendix: agencies and sources', []),
    draftAnnex: null,
    glossary: s('glossary', 'Glossary of abbreviations', []),
    contents: s('contents', 'Contents', [{ type: 'list', ordered: true, items: ['Summary', 'Appendix: agencies and sources'] }]),
    undefinedAbbreviations: [],
    counts: { significantEvents: 60, practiceEpisodes: 0, mapNodes: 2, systemicFindings: 1, goodPracticeFindings: 0, boardQuestions: 0, boardActions: 0 },
  }
}
