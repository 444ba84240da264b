// Runs the language check in the browser as a reviewer types (the same pure function the server runs on save),
// and lists each flagged phrase under its field with the reason and a suggested reframing. Text is only ever
// set through textContent, never as HTML.
import { checkLanguage, issueKey, type LanguageIssue } from '../../../methodology/language/language-check.js'
import { LANGUAGE_CATEGORY_LABELS } from '../../../methodology/language/language-rules.js'

const DELAY_MS = 400

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

function render(box: HTMLElement, issues: readonly LanguageIssue[]): void {
  box.replaceChildren()
  if (issues.length === 0) return
  box.append(element('p', 'govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1', 'Wording to check'))
  const list = element('ul', 'govuk-list app-language-issues__list')
  for (const issue of issues) list.append(issueItem(issue))
  box.append(list)
}

function issuesIn(field: HTMLInputElement | HTMLTextAreaElement, dismissed: ReadonlySet<string>): LanguageIssue[] {
  // Board questions are one per line; each is checked on its own, as the server does.
  const texts = field.name === 'boardQuestions' ? field.value.split(/\r?\n/) : [field.value]
  return texts.flatMap((text) => checkLanguage(text)).filter((issue) => !dismissed.has(issueKey(issue)))
}

function start(form: HTMLFormElement): void {
  let keys: unknown = []
  try {
    keys = JSON.parse(form.dataset.dismissedKeys ?? '[]')
  } catch {
    keys = []
  }
  const dismissed = new Set(Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [])
  for (const field of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('.js-language-check')) {
    const box = document.getElementById(`${field.id}-language`)
    if (!box) continue
    let timer: number | undefined
    field.addEventListener('input', () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(() => render(box, issuesIn(field, dismissed)), DELAY_MS)
    })
  }
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.js-language-form')) start(form)
