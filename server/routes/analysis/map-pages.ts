// The causal why-map's pages: the browser editor (Cytoscape) and its JSON endpoints, the same map as tables with
// forms that work without JavaScript, node and link pages, the history, and the SVG figure for reports.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { checkMap, type MapCheckIssue } from '../../../methodology/map/map-checks.js'
import { COUNTERFACTUAL_ANSWERS, EDGE_STRENGTHS, EDGE_TYPES, EDGE_TYPE_INFO, MAP_LEVELS, MAP_LEVEL_INFO, MAP_LIMITS, NODE_KINDS, NODE_KIND_INFO, type MapDocument, type MapEdge, type MapNode } from '../../../methodology/map/map-model.js'
import { access } from '../../http-types.js'
import { BadInput, NotFound, RuleBroken, StaleEdit, type ErrorDetail } from '../../errors.js'
import type { EvidenceItem, EvidenceRef } from '../../data/evidence.js'
import { analysisReads } from '../../services/analysis-reads.js'
import type { ServiceContext } from '../../services/context.js'
import { changeMap, mapFor, saveMap } from '../../services/causal-map.js'
import { evidenceFromForm } from '../../services/contributory-factors.js'
import { exportMapFigure } from '../../services/map-figure.js'
import { exportMapPng } from '../../services/map-png.js'
import { describeMap } from '../../../templates/map-svg.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { nameToggleOf } from '../../services/pseudonym-view.js'
import { evidenceValues, mapBreadcrumbs, postedVersion } from './analysis-support.js'
import { baseVersionOf, checkParsedMapSize, mapBodyOptions } from './map-body.js'
import { LANGUAGE_CHECK_SCRIPT, narrativeLanguage } from '../../services/narrative-language.js'

type Params = { Params: { reviewId: string } }
type NodeParams = { Params: { reviewId: string; nodeId: string } }
type EdgeParams = { Params: { reviewId: string; edgeId: string } }

export const COUNTERFACTUAL_INFO = {
  yes: { label: 'Yes', hint: 'The effect would probably still have happened without this cause.' },
  no: { label: 'No', hint: 'Without this cause, the effect would probably not have happened.' },
  unsure: { label: 'Unsure', hint: 'The evidence does not let the review say.' },
} as const

export const STRENGTH_INFO = {
  weak: { label: 'Weak', hint: 'A plausible link with little evidence.' },
  moderate: { label: 'Moderate', hint: 'Supported by more than one source.' },
  strong: { label: 'Strong', hint: 'Well evidenced from several sources.' },
} as const

const SEVERITY_TAGS = { error: { text: 'Error', colour: 'red' }, warning: { text: 'Warning', colour: 'orange' }, info: { text: 'To do', colour: 'blue' } } as const

/** A no-JavaScript form's stale save: say so, keep the input, never apply the change onto someone else's. */
function staleFormProblem(error: unknown): unknown {
  if (error instanceof StaleEdit) {
    return new RuleBroken('Someone else changed this map', [{
      path: 'version',
      message: 'Someone else changed this map since you opened this page, so your change has not been saved. Reload the page to see the map as it is now, then make your change again.',
    }], 'stale-edit')
  }
  return error
}

function kindOptions() {
  return NODE_KINDS.map((kind) => ({ value: kind, text: NODE_KIND_INFO[kind].label }))
}

function levelSelectOptions() {
  return MAP_LEVELS.map((level) => ({ value: level, text: MAP_LEVEL_INFO[level].label }))
}

function nodeOptions(map: MapDocument) {
  return map.nodes.map((n) => ({ value: n.id, text: `${n.label} (${MAP_LEVEL_INFO[n.level].label})` }))
}

function checkRows(issues: MapCheckIssue[]) {
  return issues.map((issue) => ({ ...issue, tag: SEVERITY_TAGS[issue.severity] }))
}

/** Reads the node form; the map's own validation checks the values. */
function nodeFromForm(request: FastifyRequest, base: Partial<MapNode>): MapNode {
  const v = formValues(request)
  return {
    ...base,
    id: base.id ?? '',
    kind: (v.kind ?? '') as MapNode['kind'],
    level: (v.level ?? '') as MapNode['level'],
    label: v.label ?? '',
    description: (v.description ?? '').trim() || null,
    eventIds: formList(request, 'eventIds'),
    kpeIds: formList(request, 'kpeIds'),
    factorIds: formList(request, 'factorIds'),
    x: base.x ?? null,
    y: base.y ?? null,
  }
}

function edgeFromForm(request: FastifyRequest, base: Partial<MapEdge>, withEvidence: boolean): MapEdge {
  const v = formValues(request)
  const answer = v.counterfactual ?? ''
  return {
    id: base.id ?? '',
    source: v.source ?? '',
    target: v.target ?? '',
    label: (v.edgeLabel ?? '').trim() || null,
    evidence: withEvidence ? evidenceFromForm(formList(request, 'evidence')) : (base.evidence ?? []),
    counterfactual: answer ? { answer: answer as 'yes', note: (v.counterfactualNote ?? '').trim() || null } : null,
    strength: ((v.strength ?? '') || null) as MapEdge['strength'],
    type: ((v.linkType ?? '') || 'causal') as NonNullable<MapEdge['type']>,
  }
}

const linkTypeOptions = () => EDGE_TYPES.map((t) => ({ value: t, text: EDGE_TYPE_INFO[t].label, hint: EDGE_TYPE_INFO[t].description }))

/** Map validation paths ("nodes[3].label") as the form's field names, so errors sit by their fields. */
function formProblem(error: unknown, fields: Record<string, string>, fallback: string): unknown {
  if (!(error instanceof BadInput)) return error
  const details: ErrorDetail[] = error.details.map((d) => {
    const field = /\.(\w+)(?:\[\d+\])?(?:\.\w+)?$/.exec(d.path)?.[1] ?? ''
    return { path: fields[field] ?? fallback, message: d.message.charAt(0).toUpperCase() + d.message.slice(1) }
  })
  return new BadInput(error.message, details, error.code)
}

const NODE_FIELDS = { label: 'label', kind: 'kind', level: 'level', description: 'description', eventIds: 'eventIds', kpeIds: 'kpeIds', factorIds: 'factorIds' }
const EDGE_FIELDS = { source: 'source', target: 'target', label: 'edgeLabel', answer: 'counterfactual', note: 'counterfactualNote', counterfactual: 'counterfactual', strength: 'strength', type: 'linkType', evidence: 'evidence' }

const mapPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  // The editor --------------------------------------------------------------------------------------------

  app.get<Params>('/reviews/:reviewId/map', { config: { access: access.review('analysis.view') } }, async (request, reply) => {
    const review = await analysisReads(ctx, request.inReview()).review()
    const canEdit = request.reviewAccess!.can('analysis.edit')
    return reply.page('pages/analysis/map-editor', {
      pageTitle: 'Causal why-map',
      wide: true,
      workspace: true,
      review,
      canEdit,
      kindOptions: kindOptions(),
      levelOptions: levelSelectOptions(),
      strengthOptions: EDGE_STRENGTHS.map((s) => ({ value: s, text: STRENGTH_INFO[s].label })),
      linkTypeOptions: linkTypeOptions(),
      counterfactualOptions: COUNTERFACTUAL_ANSWERS.map((a) => ({ value: a, text: COUNTERFACTUAL_INFO[a].label, hint: COUNTERFACTUAL_INFO[a].hint })),
      maxLabelLength: MAP_LIMITS.maxLabelLength,
      scripts: ['map-editor.js', LANGUAGE_CHECK_SCRIPT],
      breadcrumbs: mapBreadcrumbs(review),
    })
  })

  app.get<Params>('/reviews/:reviewId/map/data', { config: { access: access.review('analysis.view') } }, async (request, reply) => {
    const viewer = request.inReview()
    const stored = await mapFor(ctx, viewer)
    reply.header('etag', `"${stored.version}"`)
    // Pseudonyms must never be saved back over the real words: editing needs real names.
    return { version: stored.version, ...stored.map, canEdit: request.reviewAccess!.can('analysis.edit') && viewer.names === 'real' }
  })

  // The editor's save: the same service as the API, from a signed-in page (CSRF header).
  app.put<Params & { Body: unknown }>('/reviews/:reviewId/map/data', {
    config: { access: access.review('analysis.edit'), largeBody: true },
    ...mapBodyOptions,
  }, async (request, reply) => {
    checkParsedMapSize(request)
    const saved = await saveMap(ctx, request.actor(), request.params.reviewId, baseVersionOf(request), request.body, 'editor')
    reply.header('etag', `"${saved.version}"`)
    return { version: saved.version, ...saved.map }
  })

  /** What the editor's pickers and side panel need: labels for evidence, episodes and factors. */
  app.get<Params>('/reviews/:reviewId/map/options', { config: { access: access.review('analysis.view') } }, async (request) => {
    const [choices, episodes, factors] = await Promise.all([analysisReads(ctx, request.inReview()).evidenceChoices(), analysisReads(ctx, request.inReview()).episodes(), analysisReads(ctx, request.inReview()).factors()])
    // Date, agency and text too, so the evidence picker can search by any of them.
    const item = (e: EvidenceItem) => ({ id: e.id, label: e.label, date: e.date, agency: e.agency })
    return {
      events: choices.events.map(item),
      quotes: choices.quotes.map(item),
      documents: choices.documents.map(item),
      episodes: episodes.map((e) => ({ id: e.episode.id, label: e.episode.title })),
      factors: factors.map((f) => ({ id: f.factor.id, label: f.factor.text, level: f.level })),
    }
  })

  // The map as tables, with forms that work without JavaScript --------------------------------------------

  const tablePage = async (request: FastifyRequest, reply: FastifyReply, extra: { nodeValues?: Record<string, string>; nodeErrors?: FormErrors; edgeValues?: Record<string, string>; edgeErrors?: FormErrors } = {}) => {
    const review = await analysisReads(ctx, request.inReview()).review()
    const stored = await mapFor(ctx, request.inReview())
    const { map } = stored
    const byId = new Map(map.nodes.map((n) => [n.id, n]))
    const evidence = await analysisReads(ctx, request.inReview()).labelEvidence(map.edges.flatMap((e) => e.evidence))
    const labelOf = new Map(evidence.map((e) => [`${e.type}:${e.id}`, e.label]))
    // Pseudonyms must never be saved back over the real words: editing needs real names.
    const canEdit = request.reviewAccess!.can('analysis.edit') && request.inReview().names === 'real'
    return reply.page('pages/analysis/map-table', {
      pageTitle: 'Causal why-map as tables',
      wide: true,
      review,
      canEdit,
      version: stored.version,
      checks: checkRows(checkMap(map)),
      levels: MAP_LEVELS.map((level) => ({
        level,
        label: MAP_LEVEL_INFO[level].label,
        nodes: map.nodes.filter((n) => n.level === level).map((n) => ({
          id: n.id,
          label: n.label,
          kind: NODE_KIND_INFO[n.kind].label,
          description: n.description,
          causes: map.edges.filter((e) => e.target === n.id).length,
          effects: map.edges.filter((e) => e.source === n.id).length,
        })),
      })),
      edges: map.edges.map((e) => ({
        id: e.id,
        from: byId.get(e.source)?.label ?? e.source,
        to: byId.get(e.target)?.label ?? e.target,
        label: e.label,
        linkType: EDGE_TYPE_INFO[e.type ?? 'causal'].label,
        feedback: e.type === 'feedback',
        strength: e.strength ? STRENGTH_INFO[e.strength].label : null,
        counterfactual: e.counterfactual ? COUNTERFACTUAL_INFO[e.counterfactual.answer].label : null,
        counterfactualNote: e.counterfactual?.note ?? null,
        evidence: e.evidence.map((ref) => labelOf.get(`${ref.type}:${ref.id}`) ?? ''),
      })),
      description: describeMap(map).split('\n\n'),
      nodeCount: map.nodes.length,
      kindOptions: kindOptions(),
      levelOptions: levelSelectOptions(),
      nodeOptions: nodeOptions(map),
      strengthOptions: EDGE_STRENGTHS.map((s) => ({ value: s, text: STRENGTH_INFO[s].label, hint: STRENGTH_INFO[s].hint })),
      linkTypeOptions: linkTypeOptions(),
      counterfactualOptions: COUNTERFACTUAL_ANSWERS.map((a) => ({ value: a, text: COUNTERFACTUAL_INFO[a].label, hint: COUNTERFACTUAL_INFO[a].hint })),
      nodeValues: extra.nodeValues ?? {},
      nodeLanguage: narrativeLanguage({ label: extra.nodeValues?.label, description: extra.nodeValues?.description }),
      scripts: canEdit ? [LANGUAGE_CHECK_SCRIPT] : [],
      nodeErrors: extra.nodeErrors ?? NO_ERRORS,
      edgeValues: extra.edgeValues ?? {},
      edgeErrors: extra.edgeErrors ?? NO_ERRORS,
      nameToggle: nameToggleOf(request.inReview(), request.url),
      breadcrumbs: mapBreadcrumbs(review, 'Tables'),
    })
  }

  app.get<Params>('/reviews/:reviewId/map/table', { config: { access: access.review('analysis.view') } }, async (request, reply) => tablePage(request, reply))

  app.post<Params>('/reviews/:reviewId/map/nodes', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    const id = `n-${ctx.newId()}`
    const node = nodeFromForm(request, { id })
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          return await changeMap(ctx, request.actor(), reviewId, postedVersion(request), (map) => ({ ...map, nodes: [...map.nodes, node] }))
        } catch (error) {
          throw formProblem(staleFormProblem(error), NODE_FIELDS, 'label')
        }
      },
      rerender: (nodeErrors) => tablePage(request, reply, { nodeValues: formValues(request), nodeErrors }),
      redirectTo: `/reviews/${reviewId}/map/table#level-${node.level}`,
      flash: { kind: 'success', heading: 'Node added', text: 'Link it to its causes and effects below.' },
    })
  })

  app.post<Params>('/reviews/:reviewId/map/edges', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    const edge = edgeFromForm(request, { id: `e-${ctx.newId()}` }, false)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          return await changeMap(ctx, request.actor(), reviewId, postedVersion(request), (map) => ({ ...map, edges: [...map.edges, edge] }))
        } catch (error) {
          throw formProblem(staleFormProblem(error), EDGE_FIELDS, 'target')
        }
      },
      rerender: (edgeErrors) => tablePage(request, reply, { edgeValues: formValues(request), edgeErrors }),
      redirectTo: `/reviews/${reviewId}/map/edges/${edge.id}`,
      flash: { kind: 'success', heading: 'Link added', text: 'Now choose the evidence for it.' },
    })
  })

  // One node ----------------------------------------------------------------------------------------------

  const requireNode = (map: MapDocument, nodeId: string): MapNode => {
    const node = map.nodes.find((n) => n.id === nodeId)
    if (!node) throw new NotFound('There is no such node on the map. Someone may have removed it.')
    return node
  }

  const nodePage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown> | null = null, errors: FormErrors = NO_ERRORS) => {
    const { nodeId } = request.params as { reviewId: string; nodeId: string }
    const review = await analysisReads(ctx, request.inReview()).review()
    const stored = await analysisReads(ctx, request.inReview()).map()
    const node = requireNode(stored.map, nodeId)
    const [episodes, factors, events] = await Promise.all([analysisReads(ctx, request.inReview()).episodes(), analysisReads(ctx, request.inReview()).factors(), analysisReads(ctx, request.inReview()).eventEvidence()])
    const byId = new Map(stored.map.nodes.map((n) => [n.id, n]))
    const shown = values ?? { label: node.label, kind: node.kind, level: node.level, description: node.description ?? '', eventIds: node.eventIds, kpeIds: node.kpeIds, factorIds: node.factorIds }
    return reply.page('pages/analysis/map-node', {
      pageTitle: 'Change a node',
      review,
      version: stored.version,
      node: { id: node.id, label: node.label },
      values: shown,
      language: narrativeLanguage({ label: typeof shown.label === 'string' ? shown.label : '', description: typeof shown.description === 'string' ? shown.description : '' }),
      scripts: [LANGUAGE_CHECK_SCRIPT],
      kindOptions: kindOptions(),
      levelOptions: levelSelectOptions(),
      episodeOptions: episodes.map((e) => ({ value: e.episode.id, text: e.episode.title })),
      factorOptions: factors.map((f) => ({ value: f.factor.id, text: f.factor.text })),
      eventOptions: events.map((e) => ({ value: e.id, text: e.label })),
      causes: stored.map.edges.filter((e) => e.target === node.id).map((e) => ({ id: e.id, label: byId.get(e.source)?.label ?? e.source })),
      effects: stored.map.edges.filter((e) => e.source === node.id).map((e) => ({ id: e.id, label: byId.get(e.target)?.label ?? e.target })),
      nameToggle: nameToggleOf(request.inReview(), request.url),
      errors,
      breadcrumbs: mapBreadcrumbs(review, 'Change a node'),
    })
  }

  app.get<NodeParams>('/reviews/:reviewId/map/nodes/:nodeId', { config: { access: access.review('analysis.edit') } }, async (request, reply) => nodePage(request, reply))

  app.post<NodeParams>('/reviews/:reviewId/map/nodes/:nodeId', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, nodeId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          return await changeMap(ctx, request.actor(), reviewId, postedVersion(request), (map) => {
            const old = requireNode(map, nodeId)
            const updated = nodeFromForm(request, old)
            return { ...map, nodes: map.nodes.map((n) => (n.id === nodeId ? updated : n)) }
          })
        } catch (error) {
          throw formProblem(staleFormProblem(error), NODE_FIELDS, 'label')
        }
      },
      rerender: (errors) => nodePage(request, reply, { ...formValues(request), eventIds: formList(request, 'eventIds'), kpeIds: formList(request, 'kpeIds'), factorIds: formList(request, 'factorIds') }, errors),
      redirectTo: `/reviews/${reviewId}/map/table`,
      flash: { kind: 'success', heading: 'Node changed' },
    })
  })

  app.get<NodeParams>('/reviews/:reviewId/map/nodes/:nodeId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, nodeId } = request.params
    const review = await analysisReads(ctx, request.inReview()).review()
    const stored = await analysisReads(ctx, request.inReview()).map()
    const node = requireNode(stored.map, nodeId)
    return reply.page('pages/analysis/map-delete', {
      pageTitle: 'Remove this node?',
      review,
      version: stored.version,
      action: `/reviews/${reviewId}/map/nodes/${nodeId}/delete`,
      what: node.label,
      links: stored.map.edges.filter((e) => e.source === nodeId || e.target === nodeId).length,
      breadcrumbs: mapBreadcrumbs(review, 'Remove a node'),
    })
  })

  app.post<NodeParams>('/reviews/:reviewId/map/nodes/:nodeId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, nodeId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          return await changeMap(ctx, request.actor(), reviewId, postedVersion(request), (map) => {
            requireNode(map, nodeId)
            return { nodes: map.nodes.filter((n) => n.id !== nodeId), edges: map.edges.filter((e) => e.source !== nodeId && e.target !== nodeId) }
          })
        } catch (error) {
          throw staleFormProblem(error)
        }
      },
      rerender: (errors) => tablePage(request, reply, { nodeErrors: errors }),
      redirectTo: `/reviews/${reviewId}/map/table`,
      flash: { kind: 'success', heading: 'Node removed', text: 'Its links were removed with it.' },
    })
  })

  // One link ----------------------------------------------------------------------------------------------

  const requireEdge = (map: MapDocument, edgeId: string): MapEdge => {
    const edge = map.edges.find((e) => e.id === edgeId)
    if (!edge) throw new NotFound('There is no such link on the map. Someone may have removed it.')
    return edge
  }

  const edgePage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown> | null = null, errors: FormErrors = NO_ERRORS) => {
    const { edgeId } = request.params as { reviewId: string; edgeId: string }
    const review = await analysisReads(ctx, request.inReview()).review()
    const stored = await analysisReads(ctx, request.inReview()).map()
    const edge = requireEdge(stored.map, edgeId)
    const choices = await analysisReads(ctx, request.inReview()).evidenceChoices()
    const cited: EvidenceRef[] = edge.evidence
    const known = new Set([...choices.events, ...choices.quotes, ...choices.documents].map((i) => `${i.type}:${i.id}`))
    const gone = (await analysisReads(ctx, request.inReview()).labelEvidence(cited.filter((r) => !known.has(`${r.type}:${r.id}`)))).map((r) => ({ value: `${r.type}:${r.id}`, text: r.label }))
    const byId = new Map(stored.map.nodes.map((n) => [n.id, n]))
    const option = (i: { type: string; id: string; label: string }) => ({ value: `${i.type}:${i.id}`, text: i.label })
    return reply.page('pages/analysis/map-edge', {
      pageTitle: 'Change a link',
      review,
      version: stored.version,
      edge: { id: edge.id, from: byId.get(edge.source)?.label ?? edge.source, to: byId.get(edge.target)?.label ?? edge.target },
      values: values ?? {
        source: edge.source, target: edge.target, edgeLabel: edge.label ?? '', strength: edge.strength ?? '', linkType: edge.type ?? 'causal',
        counterfactual: edge.counterfactual?.answer ?? '', counterfactualNote: edge.counterfactual?.note ?? '', evidence: evidenceValues(edge.evidence),
      },
      nodeOptions: nodeOptions(stored.map),
      strengthOptions: EDGE_STRENGTHS.map((s) => ({ value: s, text: STRENGTH_INFO[s].label, hint: STRENGTH_INFO[s].hint })),
      linkTypeOptions: linkTypeOptions(),
      counterfactualOptions: COUNTERFACTUAL_ANSWERS.map((a) => ({ value: a, text: COUNTERFACTUAL_INFO[a].label, hint: COUNTERFACTUAL_INFO[a].hint })),
      eventOptions: choices.events.map(option),
      quoteOptions: choices.quotes.map(option),
      documentOptions: choices.documents.map(option),
      goneOptions: gone,
      nameToggle: nameToggleOf(request.inReview(), request.url),
      errors,
      breadcrumbs: mapBreadcrumbs(review, 'Change a link'),
    })
  }

  app.get<EdgeParams>('/reviews/:reviewId/map/edges/:edgeId', { config: { access: access.review('analysis.edit') } }, async (request, reply) => edgePage(request, reply))

  app.post<EdgeParams>('/reviews/:reviewId/map/edges/:edgeId', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, edgeId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          return await changeMap(ctx, request.actor(), reviewId, postedVersion(request), (map) => {
            const old = requireEdge(map, edgeId)
            const updated = edgeFromForm(request, old, true)
            return { ...map, edges: map.edges.map((e) => (e.id === edgeId ? updated : e)) }
          })
        } catch (error) {
          throw formProblem(staleFormProblem(error), EDGE_FIELDS, 'target')
        }
      },
      rerender: (errors) => edgePage(request, reply, { ...formValues(request), evidence: formList(request, 'evidence') }, errors),
      redirectTo: `/reviews/${reviewId}/map/table#links`,
      flash: { kind: 'success', heading: 'Link changed' },
    })
  })

  app.get<EdgeParams>('/reviews/:reviewId/map/edges/:edgeId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, edgeId } = request.params
    const review = await analysisReads(ctx, request.inReview()).review()
    const stored = await analysisReads(ctx, request.inReview()).map()
    const edge = requireEdge(stored.map, edgeId)
    const byId = new Map(stored.map.nodes.map((n) => [n.id, n]))
    return reply.page('pages/analysis/map-delete', {
      pageTitle: 'Remove this link?',
      review,
      version: stored.version,
      action: `/reviews/${reviewId}/map/edges/${edgeId}/delete`,
      what: `${byId.get(edge.source)?.label ?? edge.source} → ${byId.get(edge.target)?.label ?? edge.target}`,
      links: 0,
      breadcrumbs: mapBreadcrumbs(review, 'Remove a link'),
    })
  })

  app.post<EdgeParams>('/reviews/:reviewId/map/edges/:edgeId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, edgeId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          return await changeMap(ctx, request.actor(), reviewId, postedVersion(request), (map) => {
            requireEdge(map, edgeId)
            return { ...map, edges: map.edges.filter((e) => e.id !== edgeId) }
          })
        } catch (error) {
          throw staleFormProblem(error)
        }
      },
      rerender: (errors) => tablePage(request, reply, { edgeErrors: errors }),
      redirectTo: `/reviews/${reviewId}/map/table#links`,
      flash: { kind: 'success', heading: 'Link removed' },
    })
  })

  // History and the figure --------------------------------------------------------------------------------

  app.get<Params>('/reviews/:reviewId/map/history', { config: { access: access.review('analysis.view') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    const review = await analysisReads(ctx, request.inReview()).review()
    const raw = Number((request.query as Record<string, unknown>).page)
    const page = Number.isInteger(raw) && raw > 0 ? raw : 1
    const { entries, total } = await analysisReads(ctx, request.inReview()).mapHistory(page)
    return reply.page('pages/analysis/map-history', {
      pageTitle: 'History of the why-map',
      review,
      entries,
      total,
      previous: page > 1 ? `/reviews/${reviewId}/map/history?page=${page - 1}` : null,
      next: page * 50 < total ? `/reviews/${reviewId}/map/history?page=${page + 1}` : null,
      breadcrumbs: mapBreadcrumbs(review, 'History'),
    })
  })

  // The figure for reports, as SVG or as a PNG drawn on the server (words included): each download is audited.
  app.get<Params>('/reviews/:reviewId/map/figure.svg', { config: { access: access.review('analysis.view') } }, async (request, reply) => {
    const review = await analysisReads(ctx, request.inReview()).review()
    const figure = await exportMapFigure(ctx, request.inReview(), `Causal map: ${review.title}`)
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="why-map-v${figure.version}.svg"`)
      .header('x-content-type-options', 'nosniff')
      .send(figure.svg)
  })

  app.get<Params>('/reviews/:reviewId/map/figure.png', { config: { access: access.review('analysis.view') } }, async (request, reply) => {
    const review = await analysisReads(ctx, request.inReview()).review()
    // Drawn in the drawing process, once per map version (see map-png.ts).
    const { version, png } = await exportMapPng(ctx, request.inReview(), `Causal map: ${review.title}`)
    return reply
      .type('image/png')
      .header('content-disposition', `attachment; filename="why-map-v${version}.png"`)
      .send(png)
  })
}
export default mapPageRoutes
