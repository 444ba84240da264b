// What a finding can link to, for the form's pickers and to check links on save: the review's key practice
// episodes, the causal map's nodes, and evidence (significant chronology events, quotes, documents).
// Labels follow the viewer's name rule like any case text: real names for those who may see them and have not
// chosen pseudonyms, pseudonyms for everyone else.
import { isNodeKind, NODE_KIND_INFO } from '../../methodology/map/map-model.js'
import type { ErrorDetail } from '../errors.js'
import { listEpisodes } from '../data/key-practice-episodes.js'
import { formatLocalDate } from '../views-support/handlebars.js'
import { listEvents } from '../data/chronology-events.js'
import { findEvidence, listDocumentEvidence, listQuoteEvidence, type EvidenceRef } from '../data/evidence.js'
import type { Executor } from '../data/schema.js'
import type { FindingLinkKind } from '../data/tables/findings.js'
import { loadMap } from './causal-map.js'
import { requireCapability } from './capability.js'
import type { ServiceContext } from './context.js'
import { namesFor, type ShownNames } from './pseudonym-view.js'
import type { ReviewViewer } from './viewer.js'

export interface LinkChoice {
  value: string
  text: string
}

export interface LinkChoices {
  episodes: LinkChoice[]
  mapNodes: LinkChoice[]
  /** Significant events, plus any already linked. */
  events: LinkChoice[]
  quotes: LinkChoice[]
  documents: LinkChoice[]
}

export interface LinkDescription {
  kind: FindingLinkKind
  id: string
  text: string
  /** False when the linked item no longer exists (for example an import was rolled back). */
  exists: boolean
}

const KIND_NAMES: Record<FindingLinkKind, string> = {
  kpe: 'key practice episode',
  'map-node': 'map node',
  event: 'chronology event',
  quote: 'quote',
  document: 'document',
}

const FIELD_OF: Record<FindingLinkKind, string> = { kpe: 'kpeIds', 'map-node': 'nodeIds', event: 'evidence', quote: 'evidence', document: 'evidence' }

interface Labelled {
  id: string
  label: string
}

async function episodesOf(db: Executor, reviewId: string): Promise<Labelled[]> {
  return (await listEpisodes(db, reviewId)).map((e) => ({ id: e.id, label: `${e.title} (${formatLocalDate(e.date_start)} to ${formatLocalDate(e.date_end)})` }))
}

/** The nodes of the review's saved causal map. */
async function mapNodesOf(db: Executor, reviewId: string): Promise<Labelled[]> {
  const { map } = await loadMap(db, reviewId)
  return map.nodes.map((n) => ({ id: n.id, label: `${n.label}${isNodeKind(n.kind) ? ` (${NODE_KIND_INFO[n.kind].label.toLowerCase()})` : ''}` }))
}

function isEvidence(kind: FindingLinkKind): kind is EvidenceRef['type'] {
  return kind === 'event' || kind === 'quote' || kind === 'document'
}

/** Checks each link names something in this review; problems are reported against the form field. */
export async function checkLinks(db: Executor, reviewId: string, links: ReadonlyArray<{ kind: FindingLinkKind; id: string }>): Promise<ErrorDetail[]> {
  const details: ErrorDetail[] = []
  const wants = (kind: FindingLinkKind) => links.filter((l) => l.kind === kind)
  if (wants('kpe').length > 0) {
    const known = new Set((await episodesOf(db, reviewId)).map((e) => e.id))
    for (const l of wants('kpe')) if (!known.has(l.id)) details.push({ path: FIELD_OF.kpe, message: `There is no ${KIND_NAMES.kpe} ${l.id} in this review` })
  }
  if (wants('map-node').length > 0) {
    const known = new Set((await mapNodesOf(db, reviewId)).map((n) => n.id))
    for (const l of wants('map-node')) if (!known.has(l.id)) details.push({ path: FIELD_OF['map-node'], message: `There is no node ${l.id} on this review’s causal map` })
  }
  const evidence = links.filter((l) => isEvidence(l.kind)).map((l) => ({ type: l.kind as EvidenceRef['type'], id: l.id }))
  if (evidence.length > 0) {
    const { missing } = await findEvidence(db, reviewId, evidence)
    for (const m of missing) details.push({ path: 'evidence', message: `There is no ${KIND_NAMES[m.type]} ${m.id} in this review` })
  }
  return details
}

/** Choices for the finding form, labels shown through `names`. Already linked items are always offered, so saving keeps them. */
async function linkChoices(db: Executor, reviewId: string, names: ShownNames, linked: ReadonlyArray<{ kind: FindingLinkKind; id: string }>): Promise<LinkChoices> {
  const show = (text: string) => names.show(text)
  const [episodes, nodes, significant, quotes, documents] = await Promise.all([
    episodesOf(db, reviewId), mapNodesOf(db, reviewId), listEvents(db, { reviewId, significant: true }), listQuoteEvidence(db, reviewId), listDocumentEvidence(db, reviewId),
  ])
  const linkedEvents = linked.filter((l) => l.kind === 'event' && !significant.some((e) => e.id === l.id)).map((l) => ({ type: 'event' as const, id: l.id }))
  const extraEvents = linkedEvents.length > 0 ? (await findEvidence(db, reviewId, linkedEvents)).found : []
  const significantItems = significant.length > 0 ? (await findEvidence(db, reviewId, significant.map((e) => ({ type: 'event' as const, id: e.id })))).found : []
  return {
    episodes: episodes.map((e) => ({ value: e.id, text: show(e.label) })),
    mapNodes: nodes.map((n) => ({ value: n.id, text: show(n.label) })),
    events: [...significantItems, ...extraEvents].map((e) => ({ value: `event:${e.id}`, text: show(e.label) })),
    quotes: quotes.map((q) => ({ value: `quote:${q.id}`, text: show(q.label) })),
    documents: documents.map((d) => ({ value: `document:${d.id}`, text: show(d.label) })),
  }
}

/** Labels for a finding's links, in its order, shown through `names`, noting any that no longer exist. */
async function describeLinks(db: Executor, reviewId: string, names: ShownNames, links: ReadonlyArray<{ kind: FindingLinkKind; target_id: string }>): Promise<LinkDescription[]> {
  if (links.length === 0) return []
  const show = (text: string) => names.show(text)
  const needs = (kind: FindingLinkKind) => links.some((l) => l.kind === kind)
  const [episodes, nodes, evidence] = await Promise.all([
    needs('kpe') ? episodesOf(db, reviewId) : Promise.resolve([]),
    needs('map-node') ? mapNodesOf(db, reviewId) : Promise.resolve([]),
    findEvidence(db, reviewId, links.filter((l) => isEvidence(l.kind)).map((l) => ({ type: l.kind as EvidenceRef['type'], id: l.target_id }))),
  ])
  return links.map((l) => {
    const label = l.kind === 'kpe'
      ? episodes.find((e) => e.id === l.target_id)?.label
      : l.kind === 'map-node'
        ? nodes.find((n) => n.id === l.target_id)?.label
        : evidence.found.find((e) => e.type === l.kind && e.id === l.target_id)?.label
    return {
      kind: l.kind, id: l.target_id, exists: label !== undefined,
      text: label !== undefined ? show(label) : `A ${KIND_NAMES[l.kind]} that no longer exists`,
    }
  })
}

/** Reads the evidence checkboxes' values (`event:ID`, `quote:ID`, `document:ID`). */
export function parseEvidenceValues(values: readonly string[]): { refs: EvidenceRef[]; details: ErrorDetail[] } {
  const refs: EvidenceRef[] = []
  const details: ErrorDetail[] = []
  for (const value of values) {
    const at = value.indexOf(':')
    const type = value.slice(0, at)
    const id = value.slice(at + 1)
    if (at > 0 && id && (type === 'event' || type === 'quote' || type === 'document')) refs.push({ type, id })
    else details.push({ path: 'evidence', message: `“${value}” is not a piece of evidence` })
  }
  return { refs, details }
}

/** The evidence, episodes and map nodes a finding may link to, for this viewer's finding form (analysis.view). */
export async function linkChoicesFor(ctx: ServiceContext, viewer: ReviewViewer, linked: ReadonlyArray<{ kind: FindingLinkKind; id: string }>): Promise<LinkChoices> {
  requireCapability(viewer, 'analysis.view')
  return linkChoices(ctx.db, viewer.reviewId, await namesFor(ctx, viewer), linked)
}

/** What a finding links to, described for this viewer: nothing for one who may not see the analysis (the board chair). */
export async function findingLinksFor(ctx: ServiceContext, viewer: ReviewViewer, links: ReadonlyArray<{ kind: FindingLinkKind; target_id: string }>): Promise<LinkDescription[]> {
  return viewer.can('analysis.view') ? describeLinks(ctx.db, viewer.reviewId, await namesFor(ctx, viewer), links) : []
}
