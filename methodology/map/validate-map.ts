// Structural validation of a causal map sent to PUT /map: every problem is listed, nothing is coerced silently
// except harmless gaps (absent optional fields become null or empty lists, repeated links are kept once).
// Labels are text: they are length-checked, never stripped or interpreted as HTML (rendering escapes them).
import {
  COUNTERFACTUAL_ANSWERS,
  EDGE_STRENGTHS,
  EDGE_TYPES,
  EVIDENCE_TYPES,
  MAP_LEVELS,
  MAP_LIMITS,
  NODE_KINDS,
  isMapLevel,
  isNodeKind,
} from './map-model.js'
import type {
  Counterfactual,
  CounterfactualAnswer,
  EdgeEvidence,
  EdgeStrength,
  EdgeType,
  EvidenceType,
  MapDocument,
  MapEdge,
  MapNode,
} from './map-model.js'

export interface ValidationDetail {
  path: string
  message: string
}

export type MapValidationResult = { ok: true; map: MapDocument } | { ok: false; details: ValidationDetail[] }

/** Past this many problems the list is cut short with a count, so a huge bad payload gives a readable answer. */
export const MAX_REPORTED_PROBLEMS = 200

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Length in characters as people count them (code points), so an emoji counts once. */
function textLength(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    length++
  }
  return length
}

function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Shows a bad value briefly: ids and words in quotes, anything else by type. */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
    return `'${shown}'`
  }
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return String(value)
}

class Problems {
  readonly details: ValidationDetail[] = []
  private dropped = 0

  add(path: string, message: string): void {
    if (this.details.length < MAX_REPORTED_PROBLEMS) this.details.push({ path, message })
    else this.dropped++
  }

  get any(): boolean {
    return this.details.length > 0
  }

  finish(): ValidationDetail[] {
    if (this.dropped === 0) return this.details
    return [
      ...this.details,
      { path: '', message: `and ${formatCount(this.dropped)} more problems not listed; fix those above and try again` },
    ]
  }
}

function checkId(problems: Problems, path: string, value: unknown, what: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(path, `${what} must be a non-empty text id`)
    return null
  }
  if (value.length > MAP_LIMITS.maxIdLength) {
    problems.add(path, `${what} must be at most ${MAP_LIMITS.maxIdLength} characters`)
    return null
  }
  return value
}

/** Optional free text: absent or null means none; a blank string also means none. */
function checkOptionalText(problems: Problems, path: string, value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') {
    problems.add(path, `must be text or null, not ${describe(value)}`)
    return null
  }
  if (textLength(value) > max) {
    problems.add(path, `must be at most ${formatCount(max)} characters (this is ${formatCount(textLength(value))})`)
    return null
  }
  return value.trim() === '' ? null : value
}

function checkLabel(problems: Problems, path: string, value: unknown): string {
  if (typeof value !== 'string') {
    problems.add(path, value === undefined ? 'a label is required' : `label must be text, not ${describe(value)}`)
    return ''
  }
  if (value.trim() === '') {
    problems.add(path, 'label must not be empty')
    return value
  }
  // Stored without white space at either end: a label is never saved with a trailing newline.
  const label = value.trim()
  const length = textLength(label)
  if (length > MAP_LIMITS.maxLabelLength) {
    problems.add(path, `label must be at most ${MAP_LIMITS.maxLabelLength} characters (this is ${formatCount(length)}): keep it short and put the detail in the description`)
  }
  return label
}

/** A list of linked ids (events, key practice episodes, factors); repeats are kept once. */
function checkIdList(problems: Problems, path: string, value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    problems.add(path, `must be a list of ids, not ${describe(value)}`)
    return []
  }
  if (value.length > MAP_LIMITS.maxLinksPerNode) {
    problems.add(path, `must have at most ${MAP_LIMITS.maxLinksPerNode} ids (this has ${formatCount(value.length)})`)
    return []
  }
  const seen = new Set<string>()
  value.forEach((item: unknown, index) => {
    const id = checkId(problems, `${path}[${index}]`, item, 'each linked id')
    if (id !== null) seen.add(id)
  })
  return [...seen]
}

function checkCoordinate(problems: Problems, path: string, value: unknown): number | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.add(path, `must be a number or null, not ${describe(value)}`)
    return null
  }
  return value
}

function checkNode(problems: Problems, raw: unknown, index: number): MapNode | null {
  const path = `nodes[${index}]`
  if (!isObject(raw)) {
    problems.add(path, `each node must be an object, not ${describe(raw)}`)
    return null
  }
  const id = checkId(problems, `${path}.id`, raw.id, 'id')
  let kind: MapNode['kind'] = 'event'
  if (isNodeKind(raw.kind)) kind = raw.kind
  else if (raw.kind === undefined) problems.add(`${path}.kind`, `a kind is required: one of ${NODE_KINDS.join(', ')}`)
  else problems.add(`${path}.kind`, `unknown kind ${describe(raw.kind)}; expected one of ${NODE_KINDS.join(', ')}`)
  let level: MapNode['level'] = 'frontline'
  if (isMapLevel(raw.level)) level = raw.level
  else if (raw.level === undefined) problems.add(`${path}.level`, `a level is required: one of ${MAP_LEVELS.join(', ')}`)
  else problems.add(`${path}.level`, `unknown level ${describe(raw.level)}; expected one of ${MAP_LEVELS.join(', ')}`)
  const label = checkLabel(problems, `${path}.label`, raw.label)
  const description = checkOptionalText(problems, `${path}.description`, raw.description, MAP_LIMITS.maxDescriptionLength)
  const eventIds = checkIdList(problems, `${path}.eventIds`, raw.eventIds)
  const kpeIds = checkIdList(problems, `${path}.kpeIds`, raw.kpeIds)
  const factorIds = checkIdList(problems, `${path}.factorIds`, raw.factorIds)
  const x = checkCoordinate(problems, `${path}.x`, raw.x)
  const y = checkCoordinate(problems, `${path}.y`, raw.y)
  if (id === null) return null
  return { id, kind, label, level, description, eventIds, kpeIds, factorIds, x, y }
}

function checkEvidence(problems: Problems, path: string, value: unknown): EdgeEvidence[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    problems.add(path, `evidence must be a list, not ${describe(value)}`)
    return []
  }
  if (value.length > MAP_LIMITS.maxEvidencePerEdge) {
    problems.add(path, `an edge can cite at most ${MAP_LIMITS.maxEvidencePerEdge} pieces of evidence`)
    return []
  }
  const evidence: EdgeEvidence[] = []
  const seen = new Set<string>()
  value.forEach((item: unknown, index) => {
    const itemPath = `${path}[${index}]`
    if (!isObject(item)) {
      problems.add(itemPath, `each piece of evidence must be an object with a type and an id, not ${describe(item)}`)
      return
    }
    const typeOk = (EVIDENCE_TYPES as readonly unknown[]).includes(item.type)
    if (!typeOk) {
      problems.add(`${itemPath}.type`, `unknown evidence type ${describe(item.type)}; expected one of ${EVIDENCE_TYPES.join(', ')}`)
    }
    const id = checkId(problems, `${itemPath}.id`, item.id, 'evidence id')
    if (!typeOk || id === null) return
    const type = item.type as EvidenceType
    const key = `${type}\u0000${id}`
    if (seen.has(key)) return
    seen.add(key)
    evidence.push({ type, id })
  })
  return evidence
}

function checkCounterfactual(problems: Problems, path: string, value: unknown): Counterfactual | null {
  if (value === undefined || value === null) return null
  if (!isObject(value)) {
    problems.add(path, `counterfactual must be an object with an answer, or null, not ${describe(value)}`)
    return null
  }
  let answer: CounterfactualAnswer | null = null
  if ((COUNTERFACTUAL_ANSWERS as readonly unknown[]).includes(value.answer)) answer = value.answer as CounterfactualAnswer
  else {
    problems.add(
      `${path}.answer`,
      `counterfactual answer must be one of ${COUNTERFACTUAL_ANSWERS.join(', ')}, not ${describe(value.answer)}`,
    )
  }
  const note = checkOptionalText(problems, `${path}.note`, value.note, MAP_LIMITS.maxNoteLength)
  return answer === null ? null : { answer, note }
}

function checkStrength(problems: Problems, path: string, value: unknown): EdgeStrength | null {
  if (value === undefined || value === null) return null
  if ((EDGE_STRENGTHS as readonly unknown[]).includes(value)) return value as EdgeStrength
  problems.add(path, `strength must be one of ${EDGE_STRENGTHS.join(', ')} or null, not ${describe(value)}`)
  return null
}

function checkEdgeType(problems: Problems, path: string, value: unknown): EdgeType {
  if (value === undefined || value === null) return 'causal'
  if ((EDGE_TYPES as readonly unknown[]).includes(value)) return value as EdgeType
  problems.add(path, `type must be one of ${EDGE_TYPES.join(', ')} (causal when left out), not ${describe(value)}`)
  return 'causal'
}

function checkEdge(problems: Problems, raw: unknown, index: number, nodeIds: ReadonlySet<string>): MapEdge | null {
  const path = `edges[${index}]`
  if (!isObject(raw)) {
    problems.add(path, `each edge must be an object, not ${describe(raw)}`)
    return null
  }
  const id = checkId(problems, `${path}.id`, raw.id, 'id')
  const source = checkId(problems, `${path}.source`, raw.source, 'source')
  const target = checkId(problems, `${path}.target`, raw.target, 'target')
  if (source !== null && !nodeIds.has(source)) problems.add(`${path}.source`, `no node with id ${describe(source)}`)
  if (target !== null && !nodeIds.has(target)) problems.add(`${path}.target`, `no node with id ${describe(target)}`)
  if (source !== null && source === target) {
    problems.add(path, `an edge cannot join node ${describe(source)} to itself`)
  }
  const label = checkOptionalText(problems, `${path}.label`, raw.label, MAP_LIMITS.maxLabelLength)
  const evidence = checkEvidence(problems, `${path}.evidence`, raw.evidence)
  const counterfactual = checkCounterfactual(problems, `${path}.counterfactual`, raw.counterfactual)
  const strength = checkStrength(problems, `${path}.strength`, raw.strength)
  const type = checkEdgeType(problems, `${path}.type`, raw.type)
  if (id === null || source === null || target === null) return null
  return { id, source, target, label, evidence, counterfactual, strength, type }
}

/**
 * Checks a map sent by a client. Unknown extra fields are ignored (the contract lets clients send more);
 * `version` travels in If-Match, not here.
 */
export function validateMapDocument(input: unknown): MapValidationResult {
  const problems = new Problems()
  if (!isObject(input)) {
    return { ok: false, details: [{ path: '', message: 'the map must be a JSON object with nodes and edges' }] }
  }
  const rawNodes = input.nodes
  const rawEdges = input.edges
  if (!Array.isArray(rawNodes)) problems.add('nodes', 'nodes must be a list (it may be empty)')
  if (!Array.isArray(rawEdges)) problems.add('edges', 'edges must be a list (it may be empty)')
  if (Array.isArray(rawNodes) && rawNodes.length > MAP_LIMITS.maxNodes) {
    problems.add('nodes', `a map can have at most ${formatCount(MAP_LIMITS.maxNodes)} nodes (this has ${formatCount(rawNodes.length)})`)
  }
  if (Array.isArray(rawEdges) && rawEdges.length > MAP_LIMITS.maxEdges) {
    problems.add('edges', `a map can have at most ${formatCount(MAP_LIMITS.maxEdges)} edges (this has ${formatCount(rawEdges.length)})`)
  }
  // Without both lists, or past the size limits, item-by-item problems would only bury the real one.
  if (problems.any || !Array.isArray(rawNodes) || !Array.isArray(rawEdges)) {
    return { ok: false, details: problems.finish() }
  }

  const nodes: MapNode[] = []
  // Cytoscape needs ids unique across nodes and edges together, so both share one register.
  const firstUse = new Map<string, string>()
  rawNodes.forEach((raw: unknown, index) => {
    const node = checkNode(problems, raw, index)
    if (node === null) return
    const earlier = firstUse.get(node.id)
    if (earlier !== undefined) {
      problems.add(`nodes[${index}].id`, `duplicate id ${describe(node.id)} (also used by ${earlier})`)
      return
    }
    firstUse.set(node.id, `nodes[${index}]`)
    nodes.push(node)
  })
  const nodeIds = new Set(nodes.map((node) => node.id))
  // Ids of nodes that were rejected still count as present, so their edges are not reported twice.
  rawNodes.forEach((raw: unknown) => {
    if (isObject(raw) && typeof raw.id === 'string' && raw.id.trim() !== '') nodeIds.add(raw.id)
  })

  const edges: MapEdge[] = []
  const pairs = new Map<string, number>()
  rawEdges.forEach((raw: unknown, index) => {
    const edge = checkEdge(problems, raw, index, nodeIds)
    if (edge === null) return
    const earlier = firstUse.get(edge.id)
    if (earlier !== undefined) {
      problems.add(`edges[${index}].id`, `duplicate id ${describe(edge.id)} (also used by ${earlier})`)
      return
    }
    firstUse.set(edge.id, `edges[${index}]`)
    const pair = `${edge.source}\u0000${edge.target}`
    const sameLink = pairs.get(pair)
    if (sameLink !== undefined) {
      problems.add(
        `edges[${index}]`,
        `edges[${sameLink}] already links ${describe(edge.source)} to ${describe(edge.target)}; put the evidence on one edge`,
      )
      return
    }
    pairs.set(pair, index)
    edges.push(edge)
  })

  if (problems.any) return { ok: false, details: problems.finish() }
  return { ok: true, map: { nodes, edges } }
}
