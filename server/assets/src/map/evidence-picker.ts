// Choosing evidence by searching for it (a date, an agency, words from the record) rather than scrolling a
// dropdown of every event in the chronology. Each match is a button that adds it; nothing is written as HTML.
import { searchEvidence, type SearchableEvidence } from '../../../../methodology/evidence/evidence-search.js'
import { clear, el } from './dom.js'

export interface PickerItem extends SearchableEvidence {
  /** What is added: `event:<id>`, `quote:<id>` or `document:<id>`. */
  value: string
  label: string
  /** Shown before the label ("Quote"), when the list mixes kinds of evidence. */
  kind?: string
}

const SHOWN = 12

/** A search box and its matches; `onPick` is called with the chosen item's value. */
export function evidencePicker(id: string, heading: string, items: readonly PickerItem[], onPick: (value: string) => void): HTMLElement {
  const input = el('input', { class: 'govuk-input', id, type: 'search', autocomplete: 'off', 'aria-describedby': `${id}-hint ${id}-count`, 'aria-controls': `${id}-results` })
  const count = el('p', { class: 'govuk-body-s govuk-!-margin-bottom-1', id: `${id}-count`, role: 'status' })
  const results = el('ul', { class: 'govuk-list app-evidence-picker__results', id: `${id}-results` })

  const render = () => {
    clear(results)
    const query = input.value.trim()
    if (query === '') {
      count.textContent = items.length === 0 ? 'Nothing to add yet.' : `${items.length} to choose from: type to find one.`
      return
    }
    const { shown, total } = searchEvidence(items, query, SHOWN)
    count.textContent = total === 0 ? 'Nothing matches. Try fewer words, or a month and year.'
      : total > shown.length ? `${total} found: the first ${shown.length} are shown. Add words to narrow them.` : `${total} found.`
    for (const item of shown) {
      const button = el('button', { type: 'button', class: 'app-link-button app-evidence-picker__choice', 'data-value': item.value },
        el('span', { class: 'govuk-visually-hidden' }, 'Add '),
        item.kind ? el('strong', {}, `${item.kind}: `) : null,
        item.label)
      button.addEventListener('click', () => onPick(item.value))
      results.append(el('li', {}, button))
    }
  }
  input.addEventListener('input', render)
  // Enter adds the only match, or the first; it never submits anything else.
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    results.querySelector<HTMLButtonElement>('button')?.click()
  })
  render()
  return el('div', { class: 'govuk-form-group app-evidence-picker' },
    el('label', { class: 'govuk-label govuk-label--s', for: id }, heading),
    el('div', { class: 'govuk-hint', id: `${id}-hint` }, 'Type a date (12/03/2021, March 2021), an agency or words from the record'),
    input, count, results)
}
