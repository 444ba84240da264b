// Key practice episodes with their appraisal, and the causal why-map as a vector figure, in words and as a
// table. The figure and the words come from templates/map-svg.ts, so the report and the editor agree.
import { EDGE_TYPE_INFO, MAP_LEVEL_INFO, NODE_KIND_INFO, levelRank } from '../../methodology/map/map-model.js'
import type { MapDocument } from '../../methodology/map/map-model.js'
import { printMap } from '../map-print.js'
import { describeMap, mapToSvg, summariseMap } from '../map-svg.js'
import type { ReportBlock, ReportSection } from '../report-model.js'
import { dateText, listText, muted, paragraphs, section, type TextPolicy } from './report-text.js'

/** What the report shows of a key practice episode, whatever shape the analysis area stores it in. */
export interface EpisodeForReport {
  title: string
  startDate: string | null
  endDate: string | null
  agencies: string[]
  knownAtTheTime: string
  expectedPractice: string
  whatHappened: string
  /** 'good', 'adequate', 'problem' or null when not appraised. */
  judgement: string | null
  goodPractice: string
  factors: Array<{ text: string; level: string | null }>
  /** Practitioners' own words that the episode draws on. */
  quotes: Array<{ text: string; practitioner: string }>
}

const JUDGEMENT_TEXT: Record<string, string> = {
  good: 'Good practice',
  adequate: 'Adequate, as expected at the time',
  problem: 'Practice fell short of what was expected at the time',
}

function periodText(e: EpisodeForReport): string {
  if (e.startDate && e.endDate && e.startDate !== e.endDate) return `${dateText(e.startDate)} to ${dateText(e.endDate)}`
  return dateText(e.startDate ?? e.endDate ?? '')
}

export function practiceEpisodesSection(episodes: readonly EpisodeForReport[], t: TextPolicy): ReportSection {
  const title = 'Key practice episodes and appraisal'
  if (episodes.length === 0) {
    return section('practice-episodes', title, [muted('Key practice episodes and their appraisal are not recorded yet.')])
  }
  const intro: ReportBlock = {
    type: 'paragraph',
    text: 'Key practice episodes are the moments that mattered most for how the case developed. Each is appraised from the view in the tunnel: what was known, or knowable, at the time, not with hindsight.',
  }
  return section('practice-episodes', title, [intro], episodes.map((e, i) => {
    const anchor = `episode-${i + 1}`
    const facts = [
      ...(periodText(e) ? [{ term: 'When', detail: periodText(e) }] : []),
      ...(e.agencies.length > 0 ? [{ term: 'Agencies', detail: listText(e.agencies.map((a) => t(a))) }] : []),
      { term: 'Appraisal', detail: e.judgement ? (JUDGEMENT_TEXT[e.judgement] ?? e.judgement) : 'Not appraised yet' },
    ]
    const part = (id: string, heading: string, text: string): ReportSection => {
      const body = paragraphs(t(text))
      return section(`${anchor}-${id}`, heading, body.length > 0 ? body : [muted('Not recorded.')])
    }
    const parts = [
      part('known', 'What was known at the time', e.knownAtTheTime),
      part('expected', 'What practice was expected', e.expectedPractice),
      part('happened', 'What happened and why', e.whatHappened),
    ]
    if (e.quotes.length > 0) {
      parts.push(section(`${anchor}-voices`, 'In the practitioners’ words', e.quotes.map((q) => ({ type: 'quote' as const, text: t(q.text), source: t(q.practitioner) }))))
    }
    if (e.goodPractice.trim()) parts.push(part('good', 'Good practice', e.goodPractice))
    if (e.factors.length > 0) {
      parts.push(section(`${anchor}-factors`, 'Contributory factors', [{
        type: 'list', ordered: false,
        items: e.factors.map((f) => `${t(f.text)}${f.level && f.level in MAP_LEVEL_INFO ? ` (${MAP_LEVEL_INFO[f.level as keyof typeof MAP_LEVEL_INFO].label.toLowerCase()})` : ''}`),
      }]))
    }
    return section(anchor, `Episode ${i + 1}: ${t(e.title)}`, [{ type: 'facts', items: facts }], parts)
  }))
}

/** The map with its labels and notes passed through the edition's text policy, so the figure is pseudonymised too. */
export function mapForEdition(map: MapDocument, t: TextPolicy): MapDocument {
  return {
    nodes: map.nodes.map((n) => ({ ...n, label: t(n.label), description: n.description ? t(n.description) : n.description })),
    edges: map.edges.map((e) => ({ ...e, label: e.label ? t(e.label) : e.label, counterfactual: e.counterfactual ? { ...e.counterfactual, note: e.counterfactual.note ? t(e.counterfactual.note) : e.counterfactual.note } : null })),
  }
}

function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? ''
  const width = Number(/\swidth="([\d.]+)"/.exec(open)?.[1] ?? 0)
  const height = Number(/\sheight="([\d.]+)"/.exec(open)?.[1] ?? 0)
  return { width: width || 800, height: height || 600 }
}

const COUNTERFACTUAL_SHORT = { yes: 'Probably still', no: 'Probably not', unsure: 'Cannot say' } as const

interface MapDrawing {
  svg: string
  width: number
  height: number
  print: ReturnType<typeof printMap>
}

// Drawing the map and cutting it into printed pages is the slowest part of building a report, and every export
// draws the same map until it changes: the last few drawings are kept, keyed by the map itself.
const drawings = new Map<string, MapDrawing>()
const KEEP_DRAWINGS = 4

function drawingOf(map: MapDocument): MapDrawing {
  const key = JSON.stringify(map)
  const kept = drawings.get(key)
  if (kept) return kept
  const svg = mapToSvg(map, { title: 'Causal map' })
  const drawing = { svg, ...svgSize(svg), print: printMap(map, 1) }
  if (drawings.size >= KEEP_DRAWINGS) drawings.delete(drawings.keys().next().value as string)
  drawings.set(key, drawing)
  return drawing
}

/** `map` has already been through mapForEdition. */
export function causalMapSection(map: MapDocument): ReportSection {
  const title = 'Why it happened: the causal map'
  if (map.nodes.length === 0) return section('causal-map', title, [muted('The causal map has nothing on it yet.')])

  const { svg, width, height, print } = drawingOf(map)
  const intro: ReportBlock = {
    type: 'paragraph',
    text: 'The map shows the review’s explanation of why things happened as they did, from national policy at the top to the child and family at the bottom. Arrows run from a cause to its effect. It is printed on landscape pages (A3 where it needs the room), cut into parts along the system levels when it is too big for one page, after an overview showing where each part lies. The same map is described in words and listed as tables below.',
  }
  const figure: ReportBlock = {
    type: 'figure',
    figure: { svg, width, height, caption: 'Figure 1. The causal map', alt: summariseMap(map), print },
  }
  const nodes = [...map.nodes].sort((a, b) => levelRank(a.level) - levelRank(b.level))
  const labelOf = new Map(map.nodes.map((n) => [n.id, n.label]))
  const nodeTable: ReportBlock = {
    type: 'table',
    caption: 'What is on the map',
    columns: [{ header: 'Level of the system', weight: 2 }, { header: 'Kind', weight: 2 }, { header: 'What it says', weight: 6 }],
    rows: nodes.map((n) => [MAP_LEVEL_INFO[n.level]?.label ?? n.level, NODE_KIND_INFO[n.kind]?.label ?? n.kind, n.label]),
  }
  const edgeTable: ReportBlock = map.edges.length > 0
    ? {
        type: 'table',
        caption: 'Links on the map, from cause to effect (a feedback link closes a self-reinforcing loop)',
        columns: [
          { header: 'Cause', weight: 4 }, { header: 'Effect', weight: 4 }, { header: 'Link', weight: 1.5 }, { header: 'Strength', weight: 1.5 }, { header: 'Evidence', weight: 1.5 },
          { header: 'Would the effect have happened without it?', weight: 2 },
        ],
        rows: map.edges.map((e) => [
          labelOf.get(e.source) ?? e.source,
          labelOf.get(e.target) ?? e.target,
          EDGE_TYPE_INFO[e.type ?? 'causal'].label,
          e.strength ?? 'Not given',
          e.evidence.length === 0 ? 'None yet' : String(e.evidence.length),
          e.counterfactual ? COUNTERFACTUAL_SHORT[e.counterfactual.answer] : 'Not answered',
        ]),
      }
    : muted('Nothing on the map is linked yet.')
  return section('causal-map', title, [intro, figure], [
    section('causal-map-words', 'The map in words', paragraphs(describeMap(map))),
    section('causal-map-table', 'The map as tables', [nodeTable, edgeTable]),
  ])
}
