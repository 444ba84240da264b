// The side panel: the selected node's or link's details and evidence, and (for editors) the fields to change
// them. Each change is applied at once as one undoable step; nothing here is written as HTML.
import { COUNTERFACTUAL_ANSWERS, EDGE_STRENGTHS, EDGE_TYPES, EDGE_TYPE_INFO, MAP_LEVELS, MAP_LEVEL_INFO, MAP_LIMITS, NODE_KINDS, NODE_KIND_INFO } from '../../../../methodology/map/map-model.js'
import type { EdgeEvidence, MapDocument, MapEdge, MapNode } from '../../../../methodology/map/map-model.js'
import { clear, el, fillSelect } from './dom.js'
import { evidencePicker, type PickerItem } from './evidence-picker.js'
import type { MapState } from './map-state.js'

export interface Labelled {
  id: string
  label: string
  /** For evidence: when it happened and which agency it came from, so the picker can find it by either. */
  date?: string | null
  agency?: string | null
}

export interface MapOptions {
  events: Labelled[]
  quotes: Labelled[]
  documents: Labelled[]
  episodes: Labelled[]
  factors: Labelled[]
}

const STRENGTH_TEXT = { weak: 'Weak', moderate: 'Moderate', strong: 'Strong' } as const
const ANSWER_TEXT = { yes: 'Yes: it would probably still have happened', no: 'No: it would probably not have happened', unsure: 'Unsure' } as const
const EVIDENCE_GROUP = { event: 'Chronology events', quote: 'Quotes', document: 'Documents' } as const

export interface PanelCallbacks {
  select(id: string | null, opts?: { centre?: boolean }): void
  remove(id: string): void
  /** Saves the map (Enter in the label box). */
  save(): void
}

/** A label as stored: no white space at either end (so never a trailing newline), line breaks inside kept. */
export function cleanLabel(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim()
}

function pickerItems(list: Labelled[], type: 'event' | 'quote' | 'document', kind?: string): PickerItem[] {
  return list.map((item) => ({ value: `${type}:${item.id}`, label: item.label, text: item.label, date: item.date ?? null, agency: item.agency ?? null, ...(kind ? { kind } : {}) }))
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`)
  return el('div', { class: 'govuk-form-group' },
    el('label', { class: 'govuk-label govuk-label--s', for: id }, label),
    hint ? el('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null,
    control)
}

function labelIn(list: Labelled[], id: string, what: string): string {
  return list.find((item) => item.id === id)?.label ?? `This ${what} is no longer in the review`
}

export class MapPanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly state: MapState,
    private readonly canEdit: boolean,
    private readonly callbacks: PanelCallbacks,
    public options: MapOptions,
  ) {}

  show(id: string | null): void {
    clear(this.root)
    const doc = this.state.doc
    const node = id ? doc.nodes.find((n) => n.id === id) : undefined
    const edge = id && !node ? doc.edges.find((e) => e.id === id) : undefined
    if (node) this.showNode(node, doc)
    else if (edge) this.showEdge(edge, doc)
    else {
      this.root.append(
        el('h2', { class: 'govuk-heading-s', id: 'panel-heading', tabindex: '-1' }, 'Nothing selected'),
        el('p', { class: 'govuk-body-s' }, 'Select a node or link on the map, or a node in the list below, to see its evidence here.'),
      )
    }
  }

  focusHeading(): void {
    this.root.querySelector<HTMLElement>('#panel-heading')?.focus()
  }

  private change(description: string, mutate: (doc: MapDocument) => void): void {
    this.state.apply(description, 'panel', mutate)
  }

  private evidenceLabel(ref: EdgeEvidence): string {
    const list = ref.type === 'event' ? this.options.events : ref.type === 'quote' ? this.options.quotes : this.options.documents
    return labelIn(list, ref.id, ref.type === 'event' ? 'chronology event' : ref.type)
  }

  private linkList(items: Array<{ text: string; onRemove?: () => void; removeLabel: string }>, empty: string): HTMLElement {
    if (items.length === 0) return el('p', { class: 'govuk-body-s app-muted' }, empty)
    return el('ul', { class: 'govuk-list govuk-body-s app-map-panel__list' }, ...items.map((item) => {
      const li = el('li', {}, el('span', {}, item.text))
      if (item.onRemove && this.canEdit) {
        const button = el('button', { type: 'button', class: 'app-link-button' }, 'Remove', el('span', { class: 'govuk-visually-hidden' }, ` ${item.removeLabel}`))
        button.addEventListener('click', item.onRemove)
        li.append(' ', button)
      }
      return li
    }))
  }

  private checkboxGroup(legend: string, name: string, items: Labelled[], chosen: string[], onToggle: (id: string, on: boolean) => void): HTMLElement {
    if (items.length === 0) return el('p', { class: 'govuk-body-s app-muted' }, `${legend}: none in the review yet.`)
    const boxes = el('div', { class: 'govuk-checkboxes govuk-checkboxes--small' }, ...items.map((item, i) => {
      const input = el('input', { class: 'govuk-checkboxes__input', type: 'checkbox', id: `panel-${name}-${i}`, value: item.id, checked: chosen.includes(item.id) })
      input.addEventListener('change', () => onToggle(item.id, input.checked))
      return el('div', { class: 'govuk-checkboxes__item' }, input, el('label', { class: 'govuk-label govuk-checkboxes__label', for: `panel-${name}-${i}` }, item.label))
    }))
    return el('div', { class: 'govuk-form-group' }, el('fieldset', { class: 'govuk-fieldset' }, el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, legend), boxes))
  }

  private showNode(node: MapNode, doc: MapDocument): void {
    const id = node.id
    const update = (description: string, mutate: (n: MapNode) => void) => this.change(description, (d) => {
      const target = d.nodes.find((n) => n.id === id)
      if (target) mutate(target)
    })
    this.root.append(
      el('h2', { class: 'govuk-heading-s', id: 'panel-heading', tabindex: '-1' }, 'Node: ', node.label),
      el('p', { class: 'govuk-body-s' }, `${NODE_KIND_INFO[node.kind].label}, ${MAP_LEVEL_INFO[node.level].label}`),
    )
    const causes = doc.edges.filter((e) => e.target === id)
    const effects = doc.edges.filter((e) => e.source === id)
    const nodeLabel = (nid: string) => doc.nodes.find((n) => n.id === nid)?.label ?? nid
    const edgeButtons = (edges: MapEdge[], end: 'source' | 'target', heading: string) => {
      const list = el('ul', { class: 'govuk-list govuk-body-s' }, ...edges.map((e) => {
        const button = el('button', { type: 'button', class: 'app-link-button' }, nodeLabel(e[end]))
        button.addEventListener('click', () => this.callbacks.select(e.id, { centre: true }))
        return el('li', {}, button)
      }))
      return [el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, heading), edges.length ? list : el('p', { class: 'govuk-body-s app-muted' }, 'None')]
    }

    if (!this.canEdit) {
      if (node.description) this.root.append(el('p', { class: 'govuk-body-s app-pre' }, node.description))
      this.root.append(
        el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, 'Evidence and links'),
        this.linkList(node.eventIds.map((e) => ({ text: labelIn(this.options.events, e, 'chronology event'), removeLabel: '' })), 'No chronology events linked.'),
        this.linkList(node.kpeIds.map((k) => ({ text: `Episode: ${labelIn(this.options.episodes, k, 'episode')}`, removeLabel: '' })), 'No key practice episodes linked.'),
        this.linkList(node.factorIds.map((f) => ({ text: `Factor: ${labelIn(this.options.factors, f, 'factor')}`, removeLabel: '' })), 'No contributory factors linked.'),
        ...edgeButtons(causes, 'source', 'Caused by'),
        ...edgeButtons(effects, 'target', 'Leads to'),
      )
      return
    }

    // js-language-check: the language-check module lists hindsight and blame wording in the box after the field.
    const label = el('textarea', { class: 'govuk-textarea js-language-check', id: 'panel-label', rows: 3, 'aria-describedby': 'panel-label-hint panel-label-error' })
    const labelLanguage = el('div', { class: 'app-language-issues', id: 'panel-label-language', 'aria-live': 'polite' })
    const labelError = el('p', { class: 'govuk-error-message', id: 'panel-label-error', hidden: true })
    label.value = node.label
    /** Applies the label if it is usable; says why not otherwise (and keeps what was typed, to fix it). */
    const applyLabel = (): boolean => {
      const text = cleanLabel(label.value)
      const length = [...text].length
      const problem = text === '' ? 'Enter a label for the node'
        : length > MAP_LIMITS.maxLabelLength ? `A label must be ${MAP_LIMITS.maxLabelLength} characters or fewer (this is ${length.toLocaleString('en-GB')}). Put the detail in the description below.`
          : null
      labelError.replaceChildren(...(problem ? [el('span', { class: 'govuk-visually-hidden' }, 'Error: '), problem] : []))
      labelError.hidden = problem === null
      label.toggleAttribute('aria-invalid', problem !== null)
      if (problem) return false
      if (text !== node.label) update('Node label changed', (n) => { n.label = text })
      label.value = text
      return true
    }
    label.addEventListener('change', () => { applyLabel() })
    // Enter saves the label (and the map); Shift+Enter starts a new line.
    label.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return
      event.preventDefault()
      if (applyLabel()) this.callbacks.save()
    })
    const kind = el('select', { class: 'govuk-select', id: 'panel-kind' })
    fillSelect(kind, NODE_KINDS.map((k) => ({ value: k, text: NODE_KIND_INFO[k].label })))
    kind.value = node.kind
    kind.addEventListener('change', () => update('Node kind changed', (n) => { n.kind = kind.value as MapNode['kind'] }))
    const level = el('select', { class: 'govuk-select', id: 'panel-level' })
    fillSelect(level, MAP_LEVELS.map((l) => ({ value: l, text: MAP_LEVEL_INFO[l].label })))
    level.value = node.level
    level.addEventListener('change', () => update('Node level changed', (n) => { n.level = level.value as MapNode['level'] }))
    const description = el('textarea', { class: 'govuk-textarea', id: 'panel-description', rows: 3 })
    description.value = node.description ?? ''
    description.addEventListener('change', () => update('Node description changed', (n) => { n.description = description.value.trim() || null }))

    const eventPicker = evidencePicker('panel-add-event', 'Link a chronology event', pickerItems(this.options.events.filter((e) => !node.eventIds.includes(e.id)), 'event'), (value) => {
      const chosen = value.slice('event:'.length)
      update('Event linked to node', (n) => { n.eventIds = [...n.eventIds, chosen] })
      this.show(id)
      this.root.querySelector<HTMLElement>('#panel-add-event')?.focus()
    })

    const remove = el('button', { type: 'button', class: 'govuk-button govuk-button--warning' }, 'Delete node')
    remove.addEventListener('click', () => this.callbacks.remove(id))

    this.root.append(
      el('div', { class: 'govuk-form-group' },
        el('label', { class: 'govuk-label govuk-label--s', for: 'panel-label' }, 'Node label'),
        el('div', { class: 'govuk-hint', id: 'panel-label-hint' }, `Enter saves; Shift+Enter starts a new line. Up to ${MAP_LIMITS.maxLabelLength} characters.`),
        labelError, label, labelLanguage),
      field('panel-kind', 'Node kind', kind),
      field('panel-level', 'Node level', level),
      field('panel-description', 'Description (optional)', description),
      this.checkboxGroup('Key practice episodes', 'kpe', this.options.episodes, node.kpeIds, (k, on) => {
        update(on ? 'Episode linked to node' : 'Episode unlinked from node', (n) => { n.kpeIds = on ? [...n.kpeIds, k] : n.kpeIds.filter((x) => x !== k) })
      }),
      this.checkboxGroup('Contributory factors', 'factor', this.options.factors, node.factorIds, (f, on) => {
        update(on ? 'Factor linked to node' : 'Factor unlinked from node', (n) => { n.factorIds = on ? [...n.factorIds, f] : n.factorIds.filter((x) => x !== f) })
      }),
      el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, 'Chronology events'),
      this.linkList(node.eventIds.map((e) => ({
        text: labelIn(this.options.events, e, 'chronology event'),
        removeLabel: 'this event from the node',
        onRemove: () => {
          update('Event unlinked from node', (n) => { n.eventIds = n.eventIds.filter((x) => x !== e) })
          this.show(id)
        },
      })), 'No chronology events linked.'),
      eventPicker,
      ...edgeButtons(causes, 'source', 'Caused by'),
      ...edgeButtons(effects, 'target', 'Leads to'),
      remove,
    )
  }

  private showEdge(edge: MapEdge, doc: MapDocument): void {
    const id = edge.id
    const update = (description: string, mutate: (e: MapEdge) => void) => this.change(description, (d) => {
      const target = d.edges.find((e) => e.id === id)
      if (target) mutate(target)
    })
    const source = doc.nodes.find((n) => n.id === edge.source)
    const target = doc.nodes.find((n) => n.id === edge.target)
    const nodeButton = (node: MapNode | undefined) => {
      const button = el('button', { type: 'button', class: 'app-link-button' }, node?.label ?? '(missing node)')
      if (node) button.addEventListener('click', () => this.callbacks.select(node.id, { centre: true }))
      return button
    }
    this.root.append(
      el('h2', { class: 'govuk-heading-s', id: 'panel-heading', tabindex: '-1' }, 'Link'),
      el('p', { class: 'govuk-body-s' }, 'From ', nodeButton(source), ' to ', nodeButton(target)),
    )
    const evidenceItems = edge.evidence.map((ref) => ({
      text: `${EVIDENCE_GROUP[ref.type].replace(/s$/, '')}: ${this.evidenceLabel(ref)}`,
      removeLabel: 'this evidence from the link',
      onRemove: () => {
        update('Evidence removed from link', (e) => { e.evidence = e.evidence.filter((r) => !(r.type === ref.type && r.id === ref.id)) })
        this.show(id)
      },
    }))

    if (!this.canEdit) {
      this.root.append(
        el('p', { class: 'govuk-body-s' }, `Kind of link: ${EDGE_TYPE_INFO[edge.type ?? 'causal'].label}`),
        el('p', { class: 'govuk-body-s' }, `Strength: ${edge.strength ? STRENGTH_TEXT[edge.strength] : 'not given'}`),
        el('p', { class: 'govuk-body-s' }, `Had the cause not been present, would the effect still have happened? ${edge.counterfactual ? ANSWER_TEXT[edge.counterfactual.answer] : 'Not answered yet'}`),
        el('p', { class: 'govuk-body-s app-pre' }, edge.counterfactual?.note ?? ''),
        el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, 'Evidence'),
        this.linkList(evidenceItems, 'No evidence yet.'),
      )
      return
    }

    const strength = el('select', { class: 'govuk-select', id: 'panel-strength' })
    fillSelect(strength, EDGE_STRENGTHS.map((s) => ({ value: s, text: STRENGTH_TEXT[s] })), 'Not given')
    strength.value = edge.strength ?? ''
    strength.addEventListener('change', () => update('Link strength changed', (e) => { e.strength = (strength.value || null) as MapEdge['strength'] }))

    const linkType = el('select', { class: 'govuk-select', id: 'panel-link-type' })
    fillSelect(linkType, EDGE_TYPES.map((t) => ({ value: t, text: EDGE_TYPE_INFO[t].label })))
    linkType.value = edge.type ?? 'causal'
    linkType.addEventListener('change', () => update(linkType.value === 'feedback' ? 'Link marked as feedback' : 'Link marked as causal', (e) => { e.type = linkType.value === 'feedback' ? 'feedback' : 'causal' }))

    const answers = el('div', { class: 'govuk-radios govuk-radios--small' }, ...(['', ...COUNTERFACTUAL_ANSWERS] as const).map((answer, i) => {
      const input = el('input', { class: 'govuk-radios__input', type: 'radio', name: 'panel-counterfactual', id: `panel-counterfactual-${i}`, value: answer, checked: (edge.counterfactual?.answer ?? '') === answer })
      input.addEventListener('change', () => {
        if (!input.checked) return
        update('Counterfactual answered', (e) => {
          e.counterfactual = answer === '' ? null : { answer, note: e.counterfactual?.note ?? null }
        })
        this.show(id)
        this.root.querySelector<HTMLElement>(`#panel-counterfactual-${i}`)?.focus()
      })
      return el('div', { class: 'govuk-radios__item' }, input, el('label', { class: 'govuk-label govuk-radios__label', for: `panel-counterfactual-${i}` }, answer === '' ? 'Not answered yet' : ANSWER_TEXT[answer]))
    }))
    const note = el('textarea', { class: 'govuk-textarea', id: 'panel-note', rows: 3, disabled: !edge.counterfactual })
    note.value = edge.counterfactual?.note ?? ''
    note.addEventListener('change', () => update('Counterfactual note changed', (e) => {
      if (e.counterfactual) e.counterfactual = { ...e.counterfactual, note: note.value.trim() || null }
    }))

    const cited = new Set(edge.evidence.map((r) => `${r.type}:${r.id}`))
    const choices = [
      ...pickerItems(this.options.events, 'event', 'Event'),
      ...pickerItems(this.options.quotes, 'quote', 'Quote'),
      ...pickerItems(this.options.documents, 'document', 'Document'),
    ].filter((o) => !cited.has(o.value))
    const picker = evidencePicker('panel-add-evidence', 'Add evidence', choices, (value) => {
      const at = value.indexOf(':')
      const ref = { type: value.slice(0, at) as EdgeEvidence['type'], id: value.slice(at + 1) }
      update('Evidence added to link', (e) => { e.evidence = [...e.evidence, ref] })
      this.show(id)
      this.root.querySelector<HTMLElement>('#panel-add-evidence')?.focus()
    })
    const linkLabel = el('input', { class: 'govuk-input', id: 'panel-edge-label', type: 'text' })
    linkLabel.value = edge.label ?? ''
    linkLabel.addEventListener('change', () => update('Link label changed', (e) => { e.label = linkLabel.value.trim() || null }))
    const remove = el('button', { type: 'button', class: 'govuk-button govuk-button--warning' }, 'Delete link')
    remove.addEventListener('click', () => this.callbacks.remove(id))

    this.root.append(
      el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, 'Evidence'),
      this.linkList(evidenceItems, 'No evidence yet: a link without evidence is a question to follow up.'),
      picker,
      el('div', { class: 'govuk-form-group' }, el('fieldset', { class: 'govuk-fieldset' },
        el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Had the cause not been present, would the effect still have happened?'),
        answers)),
      field('panel-note', 'Why (the counterfactual note)', note),
      field('panel-link-type', 'Kind of link', linkType, 'Feedback: the effect fed back into the cause, a self-reinforcing loop. A loop of causal links cannot be saved.'),
      field('panel-strength', 'Strength of the link', strength),
      field('panel-edge-label', 'Label on the link (optional)', linkLabel),
      remove,
    )
  }
}
