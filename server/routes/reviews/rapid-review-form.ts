// The rapid review's pages edit one section at a time. Each section's form is read into the API's JSON shape,
// laid over the stored record and saved whole through the same service, so the rules are the API's rules.
// Problems come back by JSON path and are shown against the form field they belong to.
import { joinDateParts } from '../../services/form-dates.js'
import type { RapidReviewView } from '../../services/rapid-review.js'
import { LCSPR_CRITERIA, PARTNERS, type RapidReviewRecord } from '../../../methodology/rapid-review/rapid-review-record.js'
import type { ErrorDetail } from '../../errors.js'

export const SECTIONS = ['facts', 'immediate-action', 'learning', 'criteria', 'decision', 'sign-off', 'panel'] as const
export type Section = (typeof SECTIONS)[number]

export const SECTION_TITLES: Record<Section, string> = {
  facts: 'The facts',
  'immediate-action': 'Immediate safeguarding action',
  learning: 'Learning so far',
  criteria: 'Criteria for a local review',
  decision: 'The decision',
  'sign-off': 'Sign-off by the safeguarding partners',
  panel: 'Sent to the Panel and its response',
}

/** Blank rows offered for new immediate actions, beyond those recorded. */
export const SPARE_ACTION_ROWS = 2
/** The most rows the form shows: "Add another action" stops here. */
export const MAX_ACTION_ROWS = 100

/**
 * Rows the immediate-action form shows: those recorded plus spares, or as many as the form last showed (its
 * rowCount), one more when "Add another action" was pressed. Works without JavaScript.
 */
export function actionRowCount(recorded: number, v: Form | null): number {
  const shown = Number(v?.rowCount)
  const base = Math.max(recorded + SPARE_ACTION_ROWS, Number.isInteger(shown) ? shown : 0)
  return Math.min(MAX_ACTION_ROWS, base + (v?.addRow ? 1 : 0))
}

type Form = Record<string, string>

const date = (v: Form, name: string) => joinDateParts(v[`${name}-day`], v[`${name}-month`], v[`${name}-year`]) || null

/** The stored record as the API's JSON body, for laying one section over. */
export function bodyOf(record: RapidReviewRecord): Record<string, unknown> {
  return { ...record, facts: { ...record.facts } }
}

/**
 * Lays the section's form over the stored record. `fieldOf` maps each JSON path a problem may name to the form
 * field that shows it (rows are matched by what the form sent, not the JSON index).
 */
export function bodyWithSection(section: Section, record: RapidReviewRecord, v: Form): { body: Record<string, unknown>; fieldOf: (path: string) => string } {
  const body = bodyOf(record)
  const map = new Map<string, string>()
  const fieldOf = (path: string) => map.get(path) ?? [...map.entries()].find(([p]) => path.startsWith(`${p}.`))?.[1] ?? path.split('.').pop()!
  switch (section) {
    case 'facts':
      body.facts = {
        child: v.child ?? '', household: v.household ?? '', incident: v.incident ?? '',
        agencies: (v.agencies ?? '').split(/\r?\n/).map((a) => a.trim()).filter(Boolean),
        incidentDate: date(v, 'incidentDate'), becameAware: date(v, 'becameAware'),
      }
      for (const f of ['child', 'household', 'incident', 'incidentDate', 'becameAware']) map.set(`facts.${f}`, f)
      map.set('facts.agencies', 'agencies')
      break
    case 'immediate-action': {
      const rows: Record<string, unknown>[] = []
      for (let i = 0; i < actionRowCount(record.immediateSafeguarding.length, v); i++) {
        const row = { action: v[`action-${i}`] ?? '', for: v[`for-${i}`] ?? '', by: v[`by-${i}`] ?? '', date: date(v, `actionDate-${i}`), done: v[`done-${i}`] === 'yes' }
        if (!row.action.trim() && !row.for.trim() && !row.by.trim() && !row.date && !row.done) continue
        const at = rows.length
        for (const f of ['action', 'for', 'by', 'done']) map.set(`immediateSafeguarding.${at}.${f}`, `${f}-${i}`)
        map.set(`immediateSafeguarding.${at}.date`, `actionDate-${i}`)
        rows.push(row)
      }
      body.immediateSafeguarding = rows
      break
    }
    case 'learning':
      body.learning = { goodPractice: v.goodPractice ?? '', toImprove: v.toImprove ?? '' }
      map.set('learning.goodPractice', 'goodPractice').set('learning.toImprove', 'toImprove')
      break
    case 'criteria': {
      const others = record.criteria.filter((c) => !LCSPR_CRITERIA.some((k) => k.key === c.criterion))
      const standard = LCSPR_CRITERIA.map((c, i) => {
        map.set(`criteria.${i}.met`, `met-${c.key}`).set(`criteria.${i}.note`, `note-${c.key}`)
        const met = v[`met-${c.key}`]
        return { criterion: c.key, met: met === 'yes' ? true : met === 'no' ? false : null, note: v[`note-${c.key}`] ?? '' }
      })
      body.criteria = [...standard.filter((c) => c.met !== null || c.note.trim()), ...others]
      // Indexes shift when unanswered criteria are left out: map by what was kept.
      map.clear()
      ;(body.criteria as { criterion: string }[]).forEach((c, i) => {
        map.set(`criteria.${i}.met`, `met-${c.criterion}`).set(`criteria.${i}.note`, `note-${c.criterion}`)
      })
      break
    }
    case 'decision':
      body.decision = v.decision || null
      body.decisionReasons = v.decisionReasons ?? ''
      body.decisionDate = date(v, 'decisionDate')
      body.draftQuestions = (v.draftQuestions ?? '').split(/\r?\n/).map((q) => q.trim()).filter(Boolean)
      map.set('draftQuestions', 'draftQuestions')
      break
    case 'sign-off': {
      const rows: Record<string, unknown>[] = []
      for (const p of PARTNERS) {
        const row = { partner: p, name: v[`name-${p}`] ?? '', role: v[`role-${p}`] ?? '', date: date(v, `date-${p}`) }
        if (!row.name.trim() && !row.role.trim() && !row.date) continue
        const at = rows.length
        map.set(`signOff.${at}.name`, `name-${p}`).set(`signOff.${at}.role`, `role-${p}`).set(`signOff.${at}.date`, `date-${p}`).set(`signOff.${at}.partner`, `name-${p}`)
        rows.push(row)
      }
      body.signOff = rows
      map.set('signOff', 'signOff')
      break
    }
    case 'panel': {
      body.sentToPanel = date(v, 'sentToPanel')
      const responseDate = date(v, 'panelResponseDate')
      const text = (v.panelResponseText ?? '').trim()
      body.panelResponse = responseDate || text ? { date: responseDate, text } : null
      map.set('panelResponse.date', 'panelResponseDate').set('panelResponse.text', 'panelResponseText').set('panelResponse', 'panelResponseDate')
      break
    }
  }
  return { body, fieldOf }
}

/** Problems renamed to the form's fields, so the error summary links to them. */
export function onForm(details: ErrorDetail[], fieldOf: (path: string) => string): ErrorDetail[] {
  return details.map((d) => ({ path: fieldOf(d.path), message: d.message }))
}

const parts = (iso: string | null) => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' }
}
const typed = (v: Form, name: string) => ({ day: v[`${name}-day`] ?? '', month: v[`${name}-month`] ?? '', year: v[`${name}-year`] ?? '' })

/** The values a section's form shows: what was typed (after an error) or what is stored. */
export function sectionValues(section: Section, view: RapidReviewView, typedForm: Form | null): Record<string, unknown> {
  const v = typedForm
  const d = (name: string, stored: string | null) => (v ? typed(v, name) : parts(stored))
  switch (section) {
    case 'facts':
      return {
        child: v?.child ?? view.facts.child, household: v?.household ?? view.facts.household, incident: v?.incident ?? view.facts.incident,
        agencies: v?.agencies ?? view.facts.agencies.join('\n'),
        incidentDate: d('incidentDate', view.facts.incidentDate), becameAware: d('becameAware', view.facts.becameAware),
      }
    case 'immediate-action':
      return {
        rowCount: actionRowCount(view.immediateSafeguarding.length, v),
        canAddRow: actionRowCount(view.immediateSafeguarding.length, v) < MAX_ACTION_ROWS,
        rows: Array.from({ length: actionRowCount(view.immediateSafeguarding.length, v) }, (_, i) => {
          const a = view.immediateSafeguarding[i]
          return {
            index: i, number: i + 1,
            action: v ? (v[`action-${i}`] ?? '') : (a?.action ?? ''), for: v ? (v[`for-${i}`] ?? '') : (a?.for ?? ''), by: v ? (v[`by-${i}`] ?? '') : (a?.by ?? ''),
            date: d(`actionDate-${i}`, a?.date ?? null), done: v ? v[`done-${i}`] === 'yes' : Boolean(a?.done),
          }
        }),
      }
    case 'learning':
      return { goodPractice: v?.goodPractice ?? view.learning.goodPractice, toImprove: v?.toImprove ?? view.learning.toImprove }
    case 'criteria':
      return {
        criteria: LCSPR_CRITERIA.map((c) => {
          const stored = view.criteria.find((a) => a.criterion === c.key)
          const met = v ? (v[`met-${c.key}`] ?? '') : stored?.met === true ? 'yes' : stored?.met === false ? 'no' : ''
          return { key: c.key, text: c.text, met, note: v ? (v[`note-${c.key}`] ?? '') : (stored?.note ?? '') }
        }),
      }
    case 'decision':
      return { decision: v ? (v.decision ?? '') : (view.decision ?? ''), decisionReasons: v?.decisionReasons ?? view.decisionReasons, decisionDate: d('decisionDate', view.decisionDate), draftQuestions: v?.draftQuestions ?? view.draftQuestions.join('\n') }
    case 'sign-off':
      return {
        partners: PARTNERS.map((p) => {
          const s = view.signOff.find((x) => x.partner === p)
          return { partner: p, name: v ? (v[`name-${p}`] ?? '') : (s?.name ?? ''), role: v ? (v[`role-${p}`] ?? '') : (s?.role ?? ''), date: d(`date-${p}`, s?.date ?? null) }
        }),
      }
    case 'panel':
      return {
        sentToPanel: d('sentToPanel', view.sentToPanel),
        panelResponseDate: d('panelResponseDate', view.panelResponse?.date ?? null),
        panelResponseText: v?.panelResponseText ?? view.panelResponse?.text ?? '',
      }
  }
}
