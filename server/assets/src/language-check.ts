// Runs the language check in the browser as a reviewer types (the same pure function the server runs on save),
// and lists each flagged phrase under its field with the reason and a suggested reframing. Works on any field
// marked `js-language-check` that has a box with id `<field id>-language` (the language-issues partial). The box
// is an aria-live region and, while it lists anything, is added to the field's aria-describedby, so the issues
// are announced as they change and read out again when the field is focused. Text is only ever set through
// textContent, never as HTML. Without JavaScript the server's check of what was saved still shows in the box.
import { checkLanguage, issueKey, type LanguageIssue } from '../../../methodology/language/language-check.js'
import { LANGUAGE_CATEGORY_LABELS } from '../../../methodology/language/language-rules.js'

const DELAY_MS = 400

type CheckedField = HTMLInputElement | HTMLTextAreaElement

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function issueItem(issue: LanguageIssue): HTMLLIElement {
  const item = element('li', 'app-language-issue')
  item.append(element('strong', 'govuk-tag govuk-tag--orange', LANGUAGE_CATEGORY_LABELS[issue.category]), ' ')
  const where = element('span', 'govuk-body-s')
  where.append('“', element('mark', 'app-language-issue__phrase', issue.phrase), `” in: ${issue.sentence}`)
  item.append(where)
  item.append(element('span', 'govuk-body-s app-language-issue__reason', issue.reason))
  item.append(element('span', 'govuk-body-s app-language-issue__suggestion', `Try: ${issue.suggestion}`))
  return item
}

function describedBy(field: CheckedField, boxId: string, listed: boolean): void {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id !== '' && id !== boxId)
  if (listed) ids.push(boxId)
  if (ids.length > 0) field.setAttribute('aria-describedby', ids.join(' '))
  else field.removeAttribute('aria-describedby')
}

function render(field: CheckedField, box: HTMLElement, issues: readonly LanguageIssue[]): void {
  box.replaceChildren()
  describedBy(field, box.id, issues.length > 0)
  if (issues.length === 0) return
  box.append(element('p', 'govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1', 'Wording to check'))
  const list = element('ul', 'govuk-list app-language-issues__list')
  for (const issue of issues) list.append(issueItem(issue))
  box.append(list)
}

function issuesIn(field: CheckedField, dismissed: ReadonlySet<string>): LanguageIssue[] {
  // One item per line (board questions): each line is checked on its own, as the server does.
  const texts = field.dataset.languageLines !== undefined || field.name === 'boardQuestions' ? field.value.split(/\r?\n/) : [field.value]
  return texts.flatMap((text) => checkLanguage(text)).filter((issue) => !dismissed.has(issueKey(issue)))
}

/** Keys the lead reviewer has dismissed, from the field's form (findings only). */
function dismissedKeys(field: CheckedField): Set<string> {
  let keys: unknown = []
  try {
    keys = JSON.parse(field.form?.dataset.dismissedKeys ?? '[]')
  } catch {
    keys = []
  }
  return new Set(Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [])
}

const timers = new WeakMap<CheckedField, number>()
const checked = new WeakSet<CheckedField>()

function checkedField(target: EventTarget | null): CheckedField | null {
  return (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && target.classList.contains('js-language-check') ? target : null
}

function update(field: CheckedField): void {
  const box = document.getElementById(`${field.id}-language`)
  if (!box) return
  checked.add(field)
  render(field, box, issuesIn(field, dismissedKeys(field)))
}

// Delegated, so fields a script adds later (the map editor's node panel) are checked too.
document.addEventListener('input', (event) => {
  const field = checkedField(event.target)
  if (!field) return
  window.clearTimeout(timers.get(field))
  timers.set(field, window.setTimeout(() => update(field), DELAY_MS))
})
// A script that sets a field's value itself (the map editor clears its label after adding a node) asks for a re-check.
document.addEventListener('language-check', (event) => {
  const field = checkedField(event.target)
  if (field) update(field)
})
// A field a script filled in before anyone typed (the map editor's node panel): checked when it is first focused.
document.addEventListener('focusin', (event) => {
  const field = checkedField(event.target)
  if (field && !checked.has(field)) update(field)
})
document.addEventListener('reset', (event) => {
  if (!(event.target instanceof HTMLFormElement)) return
  const fields = [...event.target.querySelectorAll<CheckedField>('.js-language-check')]
  window.setTimeout(() => { for (const field of fields) update(field) }, 0)
})

// Server-rendered issues: describe each field by its box while the box lists anything.
for (const field of document.querySelectorAll<CheckedField>('.js-language-check')) {
  const box = document.getElementById(`${field.id}-language`)
  if (box) {
    describedBy(field, box.id, box.childElementCount > 0)
    checked.add(field)
  }
}
