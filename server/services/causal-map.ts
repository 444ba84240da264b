// The causal why-map of a review: read it, check it, save it with optimistic concurrency (a save names the
// version it started from; if someone else saved since, it is refused, never merged or overwritten), and keep
// its history. Every link the map makes to evidence, episodes and factors must exist in the review.
import { listInWords } from '../../methodology/counted-words.js'
import { causalLoops, checkMap, type MapCheckIssue } from '../../methodology/map/map-checks.js'
import type { MapDocument, MapEdge, MapNode } from '../../methodology/map/map-model.js'
import { validateMapDocument } from '../../methodology/map/validate-map.js'
import { BadInput, StaleEdit, type ErrorDetail } from '../errors.js'
import { countMapHistory, findMapRow, findMapVersion, insertMapHistory, insertMapRow, listMapHistory, replaceMapIfVersion } from '../data/causal-maps.js'
import { existingFactorIds } from '../data/contributory-factors.js'
import { danglingEventReferences } from '../data/event-references.js'
import { findEvidence, type EvidenceRef } from '../data/evidence.js'
import { existingEpisodeIds } from '../data/key-practice-episodes.js'
import type { Executor } from '../data/schema.js'
import type { CausalMapHistoryTable } from '../data/tables/analysis.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { describeChanges, summariseChanges, type MapChangeSummary } from './map-history.js'
import { requireCapability } from './capability.js'
import { pseudonymiserFor } from './pseudonym-view.js'
import { auditRead, auditReadOnce } from './read-audit.js'
import { UNCACHED, type ReviewViewer } from './viewer.js'

export interface StoredMap {
  /** 0 for a review that has never saved a map. */
  version: number
  map: MapDocument
  updatedAt: string | null
}

/** The largest map payload accepted (a real map of 2,000 nodes with long descriptions fits easily). */
export const MAX_MAP_BYTES = 5 * 1024 * 1024

export type MapSaveVia = CausalMapHistoryTable['changed_via']

function emptyMap(): MapDocument {
  return { nodes: [], edges: [] }
}

export async function loadMap(db: Executor, reviewId: string): Promise<StoredMap> {
  const row = await findMapRow(db, reviewId)
  if (!row) return { version: 0, map: emptyMap(), updatedAt: null }
  return { version: row.version, map: JSON.parse(row.document) as MapDocument, updatedAt: row.updated_at }
}

export async function mapChecks(db: Executor, reviewId: string): Promise<MapCheckIssue[]> {
  const [stored, dangling] = await Promise.all([loadMap(db, reviewId), danglingEventReferences(db, reviewId)])
  const issues = checkMap(stored.map)
  // Events can leave the chronology after the map was drawn (an import rolled back): say what still points at them.
  if (dangling.mapNodes.length > 0 || dangling.mapEdges.length > 0) {
    issues.unshift({
      code: 'missing-event',
      severity: 'error',
      message: `${dangling.mapNodes.length + dangling.mapEdges.length} map ${dangling.mapNodes.length + dangling.mapEdges.length === 1 ? 'item refers' : 'items refer'} to chronology events that were removed (an import was rolled back). Choose other evidence or remove the reference.`,
      nodeIds: dangling.mapNodes.map((n) => n.id),
      edgeIds: dangling.mapEdges.map((e) => e.id),
    })
  }
  return issues
}

/**
 * Parsed map documents, by review, kept while the stored text is unchanged: the map's pages and API would otherwise
 * parse the same large document on every request (a tenth of the event loop's work under load). Frozen, as they
 * are shared by every reader; bounded by the documents' total length.
 */
const parsedMaps = new Map<string, { document: string; map: MapDocument }>()
const KEEP_PARSED_CHARS = 16 * 1024 * 1024

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/** As loadMap, for reading only: the map is shared and frozen. */
export async function loadMapToRead(db: Executor, reviewId: string): Promise<StoredMap> {
  const row = await findMapRow(db, reviewId)
  if (!row) return { version: 0, map: emptyMap(), updatedAt: null }
  let kept = parsedMaps.get(reviewId)
  // Compared by text, not version: apps in one process (tests) may share review ids, never one document's text.
  if (kept?.document !== row.document) {
    kept = { document: row.document, map: deepFreeze(JSON.parse(row.document) as MapDocument) }
    let chars = row.document.length
    for (const [id, other] of parsedMaps) {
      if (id !== reviewId) chars += other.document.length
    }
    for (const [id, other] of parsedMaps) {
      if (chars <= KEEP_PARSED_CHARS) break
      if (id === reviewId) continue
      parsedMaps.delete(id)
      chars -= other.document.length
    }
  }
  // Most recently read last, so the oldest goes first.
  parsedMaps.delete(reviewId)
  parsedMaps.set(reviewId, kept)
  return { version: row.version, map: kept.map, updatedAt: row.updated_at }
}

/** The map as its pages and the API show it (reviewers only); audited. The map is shared: read it, never change it. */
export async function mapFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<StoredMap> {
  requireCapability(viewer, 'analysis.view')
  const stored = await loadMapToRead(ctx.db, viewer.reviewId)
  await auditReadOnce(ctx, viewer, { action: 'analysis.map.view', objectType: 'causal-map', objectId: viewer.reviewId, details: { version: stored.version, nodes: stored.map.nodes.length } })
  return mapUnderNameRule(ctx, viewer, stored)
}

/**
 * The map as the API sends it, as bytes kept per saved version and name form: thirty readers of a 300-node map
 * would otherwise each write out the same JSON. A version is never reused for another map in one database, and the
 * pseudonyms follow the person register, which raises the content version; so a kept copy is used only while both
 * are what the database says now (one short query). Every read is audited before the bytes are returned. `serialise`
 * is the API's own writer (its response schema), so the bytes are what it would send.
 */
export async function mapBytesFor(ctx: ServiceContext, viewer: ReviewViewer, serialise: (stored: StoredMap) => string): Promise<{ version: number; bytes: Buffer }> {
  requireCapability(viewer, 'analysis.view')
  // Real names need only the map's version; pseudonyms the register's too (the content version).
  const key = `${viewer.reviewId}\u0000${viewer.names}`
  const namesVersion = viewer.names === 'real' ? 0 : viewer.contentVersion
  const version = await findMapVersion(ctx.db, viewer.reviewId)
  let kept = namesVersion === UNCACHED ? undefined : keptBytes(ctx.db, key)
  if (kept?.version !== version || kept.namesVersion !== namesVersion) {
    const stored = await mapUnderNameRule(ctx, viewer, await loadMapToRead(ctx.db, viewer.reviewId))
    kept = { version: stored.version, namesVersion, nodes: stored.map.nodes.length, bytes: Buffer.from(serialise(stored)) }
    if (namesVersion !== UNCACHED) keepBytes(ctx.db, key, kept)
  }
  await auditReadOnce(ctx, viewer, { action: 'analysis.map.view', objectType: 'causal-map', objectId: viewer.reviewId, details: { version: kept.version, nodes: kept.nodes } })
  return { version: kept.version, bytes: kept.bytes }
}

interface KeptMapBytes { version: number; namesVersion: number; nodes: number; bytes: Buffer }

/** mapBytesFor's copies, per database handle (apps in one process, as in tests, may share review ids), review and name form. */
const keptMapBytes = new WeakMap<object, Map<string, KeptMapBytes>>()
const KEEP_MAP_BYTES = 32 * 1024 * 1024

function keptBytes(owner: object, key: string): KeptMapBytes | undefined {
  const kept = keptMapBytes.get(owner)?.get(key)
  if (kept) {
    // Most recently read last, so the oldest goes first.
    keptMapBytes.get(owner)!.delete(key)
    keptMapBytes.get(owner)!.set(key, kept)
  }
  return kept
}

function keepBytes(owner: object, key: string, kept: KeptMapBytes): void {
  let copies = keptMapBytes.get(owner)
  if (!copies) keptMapBytes.set(owner, (copies = new Map()))
  copies.delete(key)
  copies.set(key, kept)
  let bytes = 0
  for (const c of copies.values()) bytes += c.bytes.length
  for (const [k, c] of copies) {
    if (bytes <= KEEP_MAP_BYTES || k === key) break
    copies.delete(k)
    bytes -= c.bytes.length
  }
}

/**
 * The map's words as this viewer may read them under the name rule: as written for real names, otherwise with every
 * label, description, edge label and counterfactual note pseudonymised (page, API and figure alike).
 */
export async function mapUnderNameRule(ctx: ServiceContext, viewer: Pick<ReviewViewer, 'names' | 'reviewId'>, stored: StoredMap): Promise<StoredMap> {
  if (viewer.names === 'real') return stored
  const show = await pseudonymiserFor(ctx.db, viewer.reviewId)
  const { nodes, edges } = stored.map
  const shown = show.many([...nodes.flatMap((n) => [n.label, n.description ?? '']), ...edges.flatMap((e) => [e.label ?? '', e.counterfactual?.note ?? ''])])
  let at = 0
  const next = () => shown[at++] ?? ''
  const map: MapDocument = {
    ...stored.map,
    nodes: nodes.map((n) => {
      const label = next()
      const description = next()
      return { ...n, label, description: n.description === null || n.description === undefined ? n.description : description }
    }),
    edges: edges.map((e) => {
      const label = next()
      const note = next()
      return { ...e, label: e.label === null || e.label === undefined ? e.label : label, counterfactual: e.counterfactual ? { ...e.counterfactual, note: e.counterfactual.note === null ? null : note } : e.counterfactual }
    }),
  }
  return { ...stored, map }
}

/** The map's quality checks (they name its nodes); audited. */
export async function mapChecksFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<MapCheckIssue[]> {
  requireCapability(viewer, 'analysis.view')
  const issues = await mapChecks(ctx.db, viewer.reviewId)
  await auditRead(ctx, viewer, { action: 'analysis.map.checks.view', objectType: 'causal-map', objectId: viewer.reviewId, details: { issues: issues.length } })
  return issues
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Refuses an oversized payload with a 400 that says how big it was and what the limit is. */
export function checkMapPayloadSize(bytes: number): void {
  if (bytes <= MAX_MAP_BYTES) return
  throw new BadInput('The map is too large to save', [{
    path: '',
    message: `The map sent was ${megabytes(bytes)}; a map can be at most ${megabytes(MAX_MAP_BYTES)}. Shorten long descriptions or split the analysis.`,
  }], 'too-large')
}

/** Reads an If-Match header: `3`, `"3"` or `W/"3"`. Null when absent or not a version number. */
export function parseIfMatch(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header
  const m = value === undefined ? null : /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value)
  return m ? Number(m[1]) : null
}

export class StaleMap extends StaleEdit {
  constructor(readonly currentVersion: number, sentVersion: number) {
    super('Someone else changed this map since you opened it. Reload the map to see their changes, then make yours again.')
    this.details.push({ path: 'version', message: `The map is now at version ${currentVersion}; this change was made to version ${sentVersion}.` })
  }
}

function referenceKeys(map: MapDocument): Set<string> {
  const keys = new Set<string>()
  for (const node of map.nodes) {
    node.eventIds.forEach((id) => keys.add(`event:${id}`))
    node.kpeIds.forEach((id) => keys.add(`kpe:${id}`))
    node.factorIds.forEach((id) => keys.add(`factor:${id}`))
  }
  for (const edge of map.edges) edge.evidence.forEach((ref) => keys.add(`${ref.type}:${ref.id}`))
  return keys
}

/**
 * Checks every link from the map into the rest of the review; problems are named by JSON path. A link the
 * saved map already had is let through even if its target has gone since (an import rolled back, a quote
 * deleted): the map shows it as no longer available, and refusing would stop anyone saving at all.
 */
async function checkReferences(db: Executor, reviewId: string, map: MapDocument, previous: MapDocument): Promise<ErrorDetail[]> {
  const tolerated = referenceKeys(previous)
  const refs: EvidenceRef[] = []
  map.nodes.forEach((node) => node.eventIds.forEach((id) => refs.push({ type: 'event', id })))
  map.edges.forEach((edge) => edge.evidence.forEach((ref) => refs.push(ref)))
  const [evidence, episodes, factors] = await Promise.all([
    findEvidence(db, reviewId, refs),
    existingEpisodeIds(db, reviewId, map.nodes.flatMap((n) => n.kpeIds)),
    existingFactorIds(db, reviewId, map.nodes.flatMap((n) => n.factorIds)),
  ])
  const missing = new Set(evidence.missing.map((r) => `${r.type}:${r.id}`).filter((key) => !tolerated.has(key)))
  const details: ErrorDetail[] = []
  const what = (type: string) => (type === 'event' ? 'chronology event' : type)
  map.nodes.forEach((node: MapNode, i) => {
    node.eventIds.forEach((id, j) => {
      if (missing.has(`event:${id}`)) details.push({ path: `nodes[${i}].eventIds[${j}]`, message: `no chronology event with id '${id}' in this review` })
    })
    node.kpeIds.forEach((id, j) => {
      if (!episodes.has(id) && !tolerated.has(`kpe:${id}`)) details.push({ path: `nodes[${i}].kpeIds[${j}]`, message: `no key practice episode with id '${id}' in this review` })
    })
    node.factorIds.forEach((id, j) => {
      if (!factors.has(id) && !tolerated.has(`factor:${id}`)) details.push({ path: `nodes[${i}].factorIds[${j}]`, message: `no contributory factor with id '${id}' in this review` })
    })
  })
  map.edges.forEach((edge: MapEdge, i) => {
    edge.evidence.forEach((ref, j) => {
      if (missing.has(`${ref.type}:${ref.id}`)) details.push({ path: `edges[${i}].evidence[${j}]`, message: `no ${what(ref.type)} with id '${ref.id}' in this review` })
    })
  })
  return details.slice(0, 200)
}

/**
 * A loop of causal links is refused, not saved and flagged afterwards: a why map reads from causes to effects, so a
 * loop is a link drawn the wrong way or a pattern that fed back on itself, which is a feedback link. Each loop is
 * named link by link, at the last of its links (usually the one just drawn) so a form shows it by the link type.
 */
function refuseCausalLoops(map: MapDocument): void {
  const loops = causalLoops(map)
  if (loops.length === 0) return
  throw new BadInput(loops.length === 1 ? 'The map has a loop of causal links' : `The map has ${loops.length} loops of causal links`, loops.slice(0, 20).map((loop) => {
    const closing = Math.max(...loop.edgeIndices)
    return {
      path: `edges[${closing}].type`,
      message:
        `These causal links go round in a loop: ${loop.path} (${listInWords(loop.links)}). If the pattern fed back on ` +
        'itself, mark one of these links, usually the one that closes the loop, as a feedback link; if a link points ' +
        'the wrong way, turn it round.',
    }
  }), 'causal-loop')
}

/** Validates a map sent by a client (structure, then links into the review); throws BadInput with details. */
export async function validateMapForReview(db: Executor, reviewId: string, input: unknown, previous: MapDocument = emptyMap()): Promise<MapDocument> {
  const result = validateMapDocument(input)
  if (!result.ok) throw new BadInput('The map is not valid', result.details, 'invalid-map')
  refuseCausalLoops(result.map)
  const details = await checkReferences(db, reviewId, result.map, previous)
  if (details.length) throw new BadInput('The map links to things that are not in this review', details, 'invalid-map')
  return result.map
}

export interface SavedMap extends StoredMap {
  changes: MapChangeSummary
}

/**
 * Saves the whole map if the stored map is still at `baseVersion` (0 when none has been saved). Validation
 * failures are 400s with details; a stale base is a 409 (StaleMap); nothing is saved in either case.
 */
export async function saveMap(ctx: ServiceContext, actor: Actor, reviewId: string, baseVersion: number, input: unknown, via: MapSaveVia): Promise<SavedMap> {
  const map = await validateMapForReview(ctx.db, reviewId, input, (await loadMap(ctx.db, reviewId)).map)
  const at = nowIso(ctx)
  const document = JSON.stringify(map)
  return ctx.db.transaction().execute(async (trx) => {
    const current = await findMapRow(trx, reviewId)
    const currentVersion = current?.version ?? 0
    if (currentVersion !== baseVersion) throw new StaleMap(currentVersion, baseVersion)
    const before = current ? (JSON.parse(current.document) as MapDocument) : emptyMap()
    const version = currentVersion + 1
    if (current) {
      if ((await replaceMapIfVersion(trx, reviewId, currentVersion, { version, document, updated_by: actor.userId, updated_at: at })) === 0) {
        throw new StaleMap(currentVersion + 1, baseVersion)
      }
    } else {
      await insertMapRow(trx, { review_id: reviewId, version, document, updated_by: actor.userId, updated_at: at })
    }
    const changes = summariseChanges(before, map)
    await insertMapHistory(trx, {
      id: ctx.newId(), review_id: reviewId, version, changed_by: actor.userId, changed_via: via, changed_at: at, summary: JSON.stringify(changes), document,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'analysis.map.save', reviewId, objectType: 'causal-map', objectId: reviewId,
      details: {
        version, via, nodes: map.nodes.length, edges: map.edges.length,
        nodesAdded: changes.nodesAdded.total, nodesRemoved: changes.nodesRemoved.total, nodesChanged: changes.nodesChanged.total,
        edgesAdded: changes.edgesAdded.total, edgesRemoved: changes.edgesRemoved.total, edgesChanged: changes.edgesChanged.total,
      },
    })
    return { version, map, updatedAt: at, changes }
  })
}

/**
 * Applies one change to the current map and saves it, for the no-JavaScript forms: `change` gets a copy of
 * the map at `baseVersion` and returns the new one.
 */
export async function changeMap(
  ctx: ServiceContext, actor: Actor, reviewId: string, baseVersion: number, change: (map: MapDocument) => MapDocument,
): Promise<SavedMap> {
  const stored = await loadMap(ctx.db, reviewId)
  if (stored.version !== baseVersion) throw new StaleMap(stored.version, baseVersion)
  return saveMap(ctx, actor, reviewId, baseVersion, change(structuredClone(stored.map)), 'form')
}

export interface MapHistoryEntry {
  version: number
  changedAt: string
  changedBy: string
  via: MapSaveVia
  viaName: string
  changes: string[]
}

const VIA_NAMES: Readonly<Record<MapSaveVia, string>> = { editor: 'in the map editor', form: 'in the map tables', api: 'through the API', system: 'when the demo review was set up' }

export async function mapHistory(db: Executor, reviewId: string, page: number, pageSize = 50): Promise<{ entries: MapHistoryEntry[]; total: number }> {
  const [rows, total] = await Promise.all([listMapHistory(db, reviewId, pageSize, (page - 1) * pageSize), countMapHistory(db, reviewId)])
  return {
    total,
    entries: rows.map((r) => ({
      version: r.version,
      changedAt: r.changed_at,
      changedBy: r.changed_by_name ?? (r.changed_via === 'system' ? 'Casework Lens' : 'A former user'),
      via: r.changed_via,
      viaName: VIA_NAMES[r.changed_via] ?? r.changed_via,
      changes: describeChanges(JSON.parse(r.summary) as MapChangeSummary),
    })),
  }
}
