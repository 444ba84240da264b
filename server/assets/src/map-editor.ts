// The causal why-map editor: Cytoscape for the drawing, ELK (in a worker) for auto-layout, forms and a node
// list so everything can be done from the keyboard, live map checks, undo and redo, and saving with the
// version the map was loaded at (a stale save is refused by the server and said so here, never overwritten).
import elkApi from 'elkjs/lib/elk-api.js'
import { checkMap, type MapCheckIssue } from '../../../methodology/map/map-checks.js'
import { MAP_LEVELS, MAP_LEVEL_INFO, MAP_LIMITS, NODE_KIND_INFO } from '../../../methodology/map/map-model.js'
import type { MapDocument, MapEdge, MapNode } from '../../../methodology/map/map-model.js'
import { ELK_FAST_THRESHOLD, bandLayout, elkGraph, positionsFromElk, resolvePositions, savedPositions, type Point } from '../../../templates/map-layout.js'
import { clear, el, fillSelect, required } from './map/dom.js'
import { MapPanel, cleanLabel, type MapOptions } from './map/map-panel.js'
import { MapState, newId, type ChangeEvent } from './map/map-state.js'
import { MapView } from './map/map-view.js'

interface LoadedMap extends MapDocument {
  version: number
  canEdit: boolean
}

const root = required<HTMLElement>(document, '#map-editor')
const reviewId = root.dataset.reviewId ?? ''
const base = `/reviews/${reviewId}/map`
const csrfToken = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? ''
const canEdit = root.dataset.canEdit === 'true'

const status = required<HTMLElement>(root, '[data-map-status]')
const stale = required<HTMLElement>(root, '[data-map-stale]')
const problems = required<HTMLElement>(root, '[data-map-problems]')
const canvas = required<HTMLElement>(root, '[data-map-canvas]')
const body = required<HTMLElement>(root, '[data-map-body]')
const panelRoot = required<HTMLElement>(root, '[data-map-panel]')
const saveState = root.querySelector<HTMLElement>('[data-map-save-state]')
const nodeList = required<HTMLElement>(root, '[data-map-node-list]')
const checksList = required<HTMLElement>(root, '[data-map-checks]')
const searchInput = required<HTMLInputElement>(root, '#map-search')
const levelFilter = required<HTMLSelectElement>(root, '#map-filter-level')
const kindFilter = required<HTMLSelectElement>(root, '#map-filter-kind')
const button = (name: string) => required<HTMLButtonElement>(root, `[data-action="${name}"]`)

const state = new MapState()
let view: MapView | null = null
let panel: MapPanel | null = null
let selected: string | null = null

function announce(text: string): void {
  // Cleared first so the same words twice are still read out.
  status.textContent = ''
  window.setTimeout(() => { status.textContent = text }, 30)
}

// Layout -----------------------------------------------------------------------------------------------------

const ELK = elkApi.default
let elk: InstanceType<typeof ELK> | null = null

async function elkPositions(doc: MapDocument): Promise<Map<string, Point>> {
  elk ??= new ELK({ workerFactory: () => new Worker(new URL('map-layout-worker.js', import.meta.url), { type: 'module' }) })
  return positionsFromElk(await elk.layout(elkGraph(doc)))
}

function writePositions(doc: MapDocument, positions: ReadonlyMap<string, Point>): void {
  for (const node of doc.nodes) {
    const p = positions.get(node.id)
    if (p) {
      node.x = Math.round(p.x)
      node.y = Math.round(p.y)
    }
  }
}

/** Places nodes that have no position yet: new maps get a full layout, others keep what was arranged. */
async function placeUnplaced(doc: MapDocument): Promise<void> {
  const saved = savedPositions(doc)
  if (saved.size === doc.nodes.length) return
  if (saved.size === 0) {
    const positions = doc.nodes.length <= ELK_FAST_THRESHOLD ? await elkPositions(doc).catch(() => bandLayout(doc).positions) : bandLayout(doc).positions
    writePositions(doc, positions)
    return
  }
  writePositions(doc, resolvePositions(doc).positions)
}

async function autoLayout(): Promise<void> {
  if (state.doc.nodes.length === 0) return
  announce('Laying out the map…')
  const started = performance.now()
  try {
    const positions = await elkPositions(state.doc)
    state.apply('Auto-layout', 'layout', (doc) => writePositions(doc, positions))
    view?.fit(state.doc)
    announce(`Map laid out in ${((performance.now() - started) / 1000).toFixed(1)} seconds`)
  } catch {
    announce('The map could not be laid out automatically. Arrange the nodes by dragging them.')
  }
}

// Rendering everything but the canvas ------------------------------------------------------------------------

const byLevelThenLabel = (a: MapNode, b: MapNode) =>
  MAP_LEVELS.indexOf(a.level) - MAP_LEVELS.indexOf(b.level) || a.label.localeCompare(b.label)

function renderNodeList(doc: MapDocument): void {
  clear(nodeList)
  if (doc.nodes.length === 0) {
    nodeList.append(el('p', { class: 'govuk-body-s app-muted' }, 'The map is empty. Add a node with the form above.'))
    return
  }
  for (const level of MAP_LEVELS) {
    const nodes = doc.nodes.filter((n) => n.level === level).sort(byLevelThenLabel)
    if (nodes.length === 0) continue
    nodeList.append(el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, `${MAP_LEVEL_INFO[level].label} (${nodes.length})`))
    nodeList.append(el('ul', { class: 'govuk-list app-map-list' }, ...nodes.map((node) => {
      const item = el('button', { type: 'button', class: 'app-map-list__node', 'data-node-id': node.id, 'aria-pressed': node.id === selected ? 'true' : 'false' },
        node.label, el('span', { class: 'app-map-list__kind' }, ` ${NODE_KIND_INFO[node.kind].label}`))
      item.addEventListener('click', () => selectItem(node.id, { centre: true }))
      return el('li', {}, item)
    })))
  }
}

function nodeChoices(doc: MapDocument) {
  return [...doc.nodes].sort(byLevelThenLabel).map((n) => ({ value: n.id, text: n.label, group: MAP_LEVEL_INFO[n.level].label }))
}

function renderConnectForm(doc: MapDocument): void {
  if (!canEdit) return
  fillSelect(required<HTMLSelectElement>(root, '#connect-source'), nodeChoices(doc), 'Choose the cause')
  fillSelect(required<HTMLSelectElement>(root, '#connect-target'), nodeChoices(doc), 'Choose the effect')
}

const SEVERITY = { error: ['Error', 'red'], warning: ['Warning', 'orange'], info: ['To do', 'blue'] } as const

function renderChecks(issues: MapCheckIssue[]): void {
  clear(checksList)
  if (issues.length === 0) {
    checksList.append(el('p', { class: 'govuk-body-s' }, 'The checks find nothing to fix.'))
    return
  }
  const shown = issues.slice(0, 100)
  checksList.append(el('ul', { class: 'govuk-list app-map-checks' }, ...shown.map((issue) => {
    const [text, colour] = SEVERITY[issue.severity]
    const item = el('li', {}, el('strong', { class: `govuk-tag govuk-tag--${colour}` }, text), ' ', issue.message)
    const first = issue.edgeIds[0] ?? issue.nodeIds[0]
    if (first) {
      const show = el('button', { type: 'button', class: 'app-link-button' }, 'Show', el('span', { class: 'govuk-visually-hidden' }, ' on the map'))
      show.addEventListener('click', () => selectItem(first, { centre: true }))
      item.append(' ', show)
    }
    return item
  })))
  if (issues.length > shown.length) checksList.append(el('p', { class: 'govuk-body-s' }, `And ${issues.length - shown.length} more.`))
}

function renderToolbar(): void {
  if (!canEdit) return
  button('undo').disabled = !state.canUndo
  button('redo').disabled = !state.canRedo
  button('undo').title = state.undoDescription ? `Undo: ${state.undoDescription}` : 'Nothing to undo'
  button('redo').title = state.redoDescription ? `Redo: ${state.redoDescription}` : 'Nothing to redo'
  setSaveState(state.dirty ? 'Unsaved changes' : `All changes saved (version ${state.version})`)
}

/** The save state, as a status message (read out when it changes), beside the Save button. */
function setSaveState(text: string): void {
  if (saveState && saveState.textContent !== text) saveState.textContent = text
}

let checksTimer = 0
let listFrame = 0
let listTimer = 0
function refresh(event: ChangeEvent): void {
  const doc = state.doc
  view?.sync(doc)
  if (selected && !doc.nodes.some((n) => n.id === selected) && !doc.edges.some((e) => e.id === selected)) selected = null
  if (event.source !== 'panel') panel?.show(selected)
  if (selected) view?.select(selected)
  // The lists wait until the drawing has been painted: on a large map they are the slowest part of a change.
  cancelAnimationFrame(listFrame)
  window.clearTimeout(listTimer)
  listFrame = requestAnimationFrame(() => {
    listTimer = window.setTimeout(() => {
      renderNodeList(state.doc)
      renderConnectForm(state.doc)
    }, 0)
  })
  window.clearTimeout(checksTimer)
  checksTimer = window.setTimeout(() => renderChecks(checkMap(state.doc)), 150)
  renderToolbar()
  if (event.description) announce(event.description)
}

// Selecting and removing -------------------------------------------------------------------------------------

function selectItem(id: string | null, opts: { centre?: boolean; focusPanel?: boolean } = {}): void {
  selected = id
  view?.select(id, opts)
  panel?.show(id)
  nodeList.querySelectorAll<HTMLElement>('[data-node-id]').forEach((b) => b.setAttribute('aria-pressed', b.dataset.nodeId === id ? 'true' : 'false'))
  if (opts.focusPanel) panel?.focusHeading()
}

function removeItem(id: string): void {
  const node = state.doc.nodes.find((n) => n.id === id)
  if (node) {
    state.apply('Node deleted', 'form', (doc) => {
      doc.nodes = doc.nodes.filter((n) => n.id !== id)
      doc.edges = doc.edges.filter((e) => e.source !== id && e.target !== id)
    })
  } else if (state.doc.edges.some((e) => e.id === id)) {
    state.apply('Link deleted', 'form', (doc) => { doc.edges = doc.edges.filter((e) => e.id !== id) })
  }
  // Focus goes to the panel, which now says nothing is selected, rather than being lost with the deleted button.
  selectItem(null, { focusPanel: document.activeElement === document.body || panelRoot.contains(document.activeElement) })
}

// Saving and loading -----------------------------------------------------------------------------------------

/**
 * The server's refusal above the map, focused so it is read out. The drawing stays as it was; a problem with one
 * link (a loop of causal links, say) gets a button that selects that link, so its type can be changed in the panel.
 */
function showProblems(message: string, details: Array<{ path: string; message: string }>, sentEdgeIds: readonly string[] = []): void {
  clear(problems)
  problems.hidden = false
  const item = (d: { path: string; message: string }) => {
    const edgeId = sentEdgeIds[Number(/^edges\[(\d+)\]/.exec(d.path)?.[1] ?? -1)]
    if (edgeId === undefined || !state.doc.edges.some((e) => e.id === edgeId)) return el('li', {}, d.path ? `${d.path}: ${d.message}` : d.message)
    const select = el('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-1' }, 'Select this link')
    select.addEventListener('click', () => selectItem(edgeId, { centre: true, focusPanel: true }))
    return el('li', {}, el('span', { class: 'govuk-body' }, d.message), el('br'), select)
  }
  problems.append(
    el('h2', { class: 'govuk-error-summary__title' }, message),
    el('ul', { class: 'govuk-list govuk-error-summary__list' }, ...details.slice(0, 10).map(item)),
  )
  problems.focus()
}

async function save(): Promise<void> {
  // A field still being typed in (Ctrl+S from the panel) has not announced its change yet: let it.
  const active = document.activeElement
  if (active instanceof HTMLElement && panelRoot.contains(active) && (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement)) {
    active.blur()
    active.focus()
  }
  if (!canEdit || !state.dirty) return
  problems.hidden = true
  setSaveState('Saving…')
  const sentEdgeIds = state.doc.edges.map((e) => e.id)
  const response = await fetch(`${base}/data`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'if-match': String(state.version), 'x-csrf-token': csrfToken },
    body: JSON.stringify({ nodes: state.doc.nodes, edges: state.doc.edges }),
  }).catch(() => null)
  if (!response) {
    setSaveState('Not saved: the connection failed. Your changes are still here; try again.')
    return
  }
  if (response.ok) {
    const saved = (await response.json()) as LoadedMap
    state.markSaved(saved.version)
    return
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string; details?: Array<{ path: string; message: string }> }
  if (response.status === 409) {
    stale.hidden = false
    required<HTMLElement>(stale, 'h2').focus()
    setSaveState('Not saved: someone else changed this map')
    return
  }
  showProblems(body.message ?? 'The map could not be saved', body.details ?? [], sentEdgeIds)
  setSaveState('Not saved: the problems are listed above the map')
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } })
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return (await response.json()) as T
}

async function load(): Promise<void> {
  const [data, options] = await Promise.all([fetchJson<LoadedMap>(`${base}/data`), fetchJson<MapOptions>(`${base}/options`)])
  const doc: MapDocument = { nodes: data.nodes, edges: data.edges }
  await placeUnplaced(doc)
  if (!view) {
    view = new MapView({
      canvas,
      levels: required<HTMLElement>(root, '[data-map-levels]'),
      minimap: required<HTMLElement>(root, '[data-map-minimap]'),
      minimapCanvas: required<HTMLCanvasElement>(root, '[data-map-minimap-canvas]'),
    }, {
      select: (id) => selectItem(id),
      moved: (positions) => state.apply(positions.size === 1 ? 'Node moved' : 'Nodes moved', 'canvas', (d) => writePositions(d, positions)),
    }, { large: doc.nodes.length > ELK_FAST_THRESHOLD, editable: canEdit })
  }
  if (panel) panel.options = options
  else panel = new MapPanel(panelRoot, state, canEdit, { select: (id, opts) => selectItem(id, { ...opts }), remove: removeItem, save: () => void save() }, options)
  selected = null
  state.load(doc, data.version)
  view.fit(state.doc)
  root.dataset.mapReady = 'true'
}

// Forms and keyboard -----------------------------------------------------------------------------------------

function wireForms(): void {
  const addForm = root.querySelector<HTMLFormElement>('[data-map-add-node]')
  addForm?.addEventListener('submit', (event) => {
    event.preventDefault()
    const label = required<HTMLTextAreaElement>(addForm, '#add-label')
    const kind = required<HTMLSelectElement>(addForm, '#add-kind')
    const level = required<HTMLSelectElement>(addForm, '#add-level')
    const error = required<HTMLElement>(addForm, '#add-label-error')
    const text = cleanLabel(label.value)
    const length = [...text].length
    const problem = text === '' ? 'Enter a label for the node'
      : length > MAP_LIMITS.maxLabelLength ? `A label must be ${MAP_LIMITS.maxLabelLength} characters or fewer (this is ${length.toLocaleString('en-GB')}). Keep it short; add the detail as the node’s description.`
        : null
    if (problem) {
      error.replaceChildren(el('span', { class: 'govuk-visually-hidden' }, 'Error: '), problem)
      error.hidden = false
      label.setAttribute('aria-invalid', 'true')
      label.focus()
      return
    }
    error.hidden = true
    label.removeAttribute('aria-invalid')
    const id = newId('n')
    // A new node goes to the right of its level's nodes, so nothing already arranged moves.
    const same = state.doc.nodes.filter((n) => n.level === level.value)
    const all = state.doc.nodes
    const x = all.length ? Math.max(...(same.length ? same : all).map((n) => n.x ?? 0)) + 240 : 0
    const y = same.length ? same.reduce((sum, n) => sum + (n.y ?? 0), 0) / same.length : all.length ? Math.max(...all.map((n) => n.y ?? 0)) + 160 : 0
    const node: MapNode = {
      id, kind: kind.value as MapNode['kind'], level: level.value as MapNode['level'], label: text, description: null,
      eventIds: [], kpeIds: [], factorIds: [], x: Math.round(x), y: Math.round(y),
    }
    state.apply('Node added', 'form', (doc) => { doc.nodes.push(node) })
    label.value = ''
    label.dispatchEvent(new Event('language-check', { bubbles: true }))
    selectItem(id, { centre: true })
    label.focus()
  })

  // Enter in the label box adds the node; Shift+Enter starts a new line.
  addForm?.querySelector<HTMLTextAreaElement>('#add-label')?.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return
    event.preventDefault()
    addForm.requestSubmit()
  })

  const connectForm = root.querySelector<HTMLFormElement>('[data-map-connect]')
  connectForm?.addEventListener('submit', (event) => {
    event.preventDefault()
    const source = required<HTMLSelectElement>(connectForm, '#connect-source')
    const target = required<HTMLSelectElement>(connectForm, '#connect-target')
    const strength = required<HTMLSelectElement>(connectForm, '#connect-strength')
    const linkType = required<HTMLSelectElement>(connectForm, '#connect-type')
    const error = required<HTMLElement>(connectForm, '#connect-error')
    const problem = !source.value || !target.value ? 'Choose both the cause and the effect'
      : source.value === target.value ? 'A node cannot cause itself: choose two different nodes'
        : state.doc.edges.some((e) => e.source === source.value && e.target === target.value) ? 'These two nodes are already linked this way'
          : null
    if (problem) {
      error.textContent = problem
      error.hidden = false
      ;(source.value ? target : source).focus()
      return
    }
    error.hidden = true
    const edge: MapEdge = { id: newId('e'), source: source.value, target: target.value, label: null, evidence: [], counterfactual: null, strength: (strength.value || null) as MapEdge['strength'], type: linkType.value === 'feedback' ? 'feedback' : 'causal' }
    state.apply('Link added', 'form', (doc) => { doc.edges.push(edge) })
    selectItem(edge.id, { focusPanel: true })
  })

  searchInput.addEventListener('input', () => {
    const matches = view?.search(searchInput.value, state.doc) ?? []
    required<HTMLElement>(root, '[data-map-search-count]').textContent = searchInput.value.trim() ? `${matches.length} found` : ''
  })
  searchInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    const first = view?.search(searchInput.value, state.doc)[0]
    if (first) selectItem(first, { centre: true })
  })
  const applyFilter = () => view?.filter(levelFilter.value, kindFilter.value)
  levelFilter.addEventListener('change', applyFilter)
  kindFilter.addEventListener('change', applyFilter)

  root.querySelectorAll<HTMLButtonElement>('[data-action]').forEach((b) => {
    b.addEventListener('click', () => {
      switch (b.dataset.action) {
        case 'save': void save(); break
        case 'undo': state.undo(); break
        case 'redo': state.redo(); break
        case 'layout': void autoLayout(); break
        case 'zoom-in': view?.zoomBy(1.25); break
        case 'zoom-out': view?.zoomBy(0.8); break
        case 'fit': view?.fit(state.doc); break
        case 'png': downloadPng(); break
        case 'panel': togglePanel(b); break
        case 'reload': void reload(); break
      }
    })
  })
}

/** Hides or shows the side panel; the drawing takes the room. */
function togglePanel(toggle: HTMLButtonElement): void {
  const open = toggle.getAttribute('aria-expanded') !== 'true'
  toggle.setAttribute('aria-expanded', String(open))
  toggle.textContent = open ? 'Hide panel' : 'Show panel'
  required<HTMLElement>(root, '#map-panel').hidden = !open
  view?.cy.resize()
}

/**
 * The drawing fills the window below the toolbar (the page scrolls on to the forms and lists underneath), never
 * shorter than a usable 22rem.
 */
function sizeBody(): void {
  const top = body.getBoundingClientRect().top + window.scrollY
  const height = Math.max(352, Math.floor(window.innerHeight - top - 12))
  body.style.height = `${height}px`
  view?.cy.resize()
}

async function reload(): Promise<void> {
  stale.hidden = true
  problems.hidden = true
  await load()
  announce('Map reloaded with everyone’s latest changes')
  panel?.focusHeading()
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

function moveSelected(dx: number, dy: number): void {
  const node = state.doc.nodes.find((n) => n.id === selected)
  if (!node) return
  state.apply('Node moved', 'canvas', (doc) => {
    const target = doc.nodes.find((n) => n.id === node.id)
    if (target) {
      target.x = (target.x ?? 0) + dx
      target.y = (target.y ?? 0) + dy
    }
  })
}

function wireKeyboard(): void {
  document.addEventListener('keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey
    if (mod && event.key.toLowerCase() === 's') {
      event.preventDefault()
      void save()
      return
    }
    if (typing(event.target)) return
    if (mod && event.key.toLowerCase() === 'z') {
      event.preventDefault()
      if (!canEdit) return
      if (event.shiftKey) state.redo()
      else state.undo()
      return
    }
    if (mod && event.key.toLowerCase() === 'y') {
      event.preventDefault()
      if (canEdit) state.redo()
      return
    }
    if (mod || event.altKey) return
    const onCanvas = event.target === canvas || canvas.contains(event.target as Node)
    const step = event.shiftKey ? 50 : 10
    switch (event.key) {
      case 'n': if (canEdit) { event.preventDefault(); required<HTMLElement>(root, '#add-label').focus() } break
      case 'c': if (canEdit) { event.preventDefault(); required<HTMLElement>(root, '#connect-source').focus() } break
      case '/': event.preventDefault(); searchInput.focus(); break
      case '+': case '=': view?.zoomBy(1.25); break
      case '-': view?.zoomBy(0.8); break
      case '0': view?.fit(state.doc); break
      case 'l': if (canEdit) void autoLayout(); break
      case 'Escape': selectItem(null); break
      case 'Delete': case 'Backspace':
        if (canEdit && selected && onCanvas) { event.preventDefault(); removeItem(selected) }
        break
      case 'ArrowLeft': if (canEdit && onCanvas && selected) { event.preventDefault(); moveSelected(-step, 0) } break
      case 'ArrowRight': if (canEdit && onCanvas && selected) { event.preventDefault(); moveSelected(step, 0) } break
      case 'ArrowUp': if (canEdit && onCanvas && selected) { event.preventDefault(); moveSelected(0, -step) } break
      case 'ArrowDown': if (canEdit && onCanvas && selected) { event.preventDefault(); moveSelected(0, step) } break
    }
  })
  window.addEventListener('beforeunload', (event) => {
    if (state.dirty) event.preventDefault()
  })
}

// PNG: the saved figure, drawn on the server with the report's fonts (the same picture as the reports use).
function downloadPng(): void {
  announce(state.dirty ? 'Downloading a PNG of the last saved version' : 'Downloading the PNG')
  const link = el('a', { href: `${base}/figure.png`, download: `why-map-v${state.version}.png`, hidden: true })
  document.body.append(link)
  link.click()
  link.remove()
}

state.onChange(refresh)
sizeBody()
window.addEventListener('resize', sizeBody)
wireForms()
wireKeyboard()
load().catch(() => {
  announce('The map could not be loaded. Refresh the page, or use the table view.')
  root.dataset.mapReady = 'failed'
})
