// Reads a rapid review sent by the API or the pages into a RapidReviewRecord, and checks the rules that hold
// across fields. Every problem is reported at once, named by its JSON path (`signOff.1.date`, 0-based as JSON Schema reports it) and
// with a message that says which row (1-based, as people count) and why. Nothing is saved while any remain.

import { agencyKeyOf } from '../agency-key.js'
import { isIsoDate, type IsoDate } from '../calendar/iso-date.js'
import {
  DECISIONS, PARTNER_LABELS, PARTNERS, type CriterionAnswer, type PanelResponse, type Partner, type RapidReviewDecision,
  type RapidReviewFacts, type RapidReviewRecord, type SafeguardingAction, type SignOff,
} from './rapid-review-record.js'

export interface Problem {
  path: string
  message: string
}

export const LIMITS = { shortText: 200, text: 20000, rows: 50, agencies: 30 } as const

const ISO = /^\d{4}-\d{2}-\d{2}$/

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** "3 September 2021", for messages. */
export function dateInWords(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number)
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
  return `${d} ${months[m! - 1]} ${y}`
}

class Reader {
  readonly problems: Problem[] = []

  text(value: unknown, path: string, label: string, max: number = LIMITS.text): string {
    if (value === undefined || value === null) return ''
    if (typeof value !== 'string') {
      this.problems.push({ path, message: `${label} must be text` })
      return ''
    }
    const v = value.trim()
    if (v.length > max) this.problems.push({ path, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
    return v
  }

  date(value: unknown, path: string, label: string): IsoDate | null {
    if (value === undefined || value === null || value === '') return null
    if (typeof value !== 'string' || !ISO.test(value.trim())) {
      this.problems.push({ path, message: `${label} must be a date like 2021-09-14` })
      return null
    }
    if (!isIsoDate(value.trim())) {
      this.problems.push({ path, message: `${label} must be a real date` })
      return null
    }
    return value.trim()
  }

  list(value: unknown, path: string, label: string): unknown[] {
    if (value === undefined || value === null) return []
    if (!Array.isArray(value)) {
      this.problems.push({ path, message: `${label} must be a list` })
      return []
    }
    if (value.length > LIMITS.rows) this.problems.push({ path, message: `${label} can have up to ${LIMITS.rows} rows` })
    return value.slice(0, LIMITS.rows)
  }

  object(value: unknown, path: string, label: string): Obj {
    if (value === undefined || value === null) return {}
    if (!isObj(value)) {
      this.problems.push({ path, message: `${label} must be an object` })
      return {}
    }
    return value
  }
}

function readFacts(r: Reader, raw: Obj): RapidReviewFacts {
  // `facts` is the account of the incident as text (the API contract), or the whole structure; `factsDetail`
  // carries the structure beside a text `facts`.
  const facts = raw.facts
  const detail: Obj = isObj(facts) ? facts : { ...r.object(raw.factsDetail, 'factsDetail', 'The structured facts'), incident: facts }
  const base = isObj(facts) ? 'facts' : 'factsDetail'
  const agencies = r.list(detail.agencies, `${base}.agencies`, 'Agencies involved').slice(0, LIMITS.agencies)
  const names: string[] = []
  agencies.forEach((a, i) => {
    const name = r.text(a, `${base}.agencies.${i}`, `Agency ${i + 1}`, LIMITS.shortText)
    if (!name) r.problems.push({ path: `${base}.agencies.${i}`, message: `Agency ${i + 1} has no name` })
    else if (names.some((n) => agencyKeyOf(n) === agencyKeyOf(name))) r.problems.push({ path: `${base}.agencies.${i}`, message: `${name} is listed twice` })
    else names.push(name)
  })
  return {
    child: r.text(detail.child, `${base}.child`, 'About the child'),
    household: r.text(detail.household, `${base}.household`, 'The household'),
    agencies: names,
    incident: r.text(detail.incident, isObj(facts) ? 'facts.incident' : 'facts', 'The incident'),
    incidentDate: r.date(detail.incidentDate, `${base}.incidentDate`, 'The date of the incident'),
    becameAware: r.date(detail.becameAware, `${base}.becameAware`, 'The date the partnership became aware'),
  }
}

function readActions(r: Reader, raw: unknown): SafeguardingAction[] {
  return r.list(raw, 'immediateSafeguarding', 'Immediate safeguarding action').map((item, i) => {
    const path = `immediateSafeguarding.${i}`
    const row = r.object(item, path, `Action ${i + 1}`)
    const action = r.text(row.action, `${path}.action`, `Action ${i + 1}`)
    if (!action) r.problems.push({ path: `${path}.action`, message: `Action ${i + 1}: say what was done to keep the child or other children safe` })
    const by = r.text(row.by, `${path}.by`, `Action ${i + 1}: who`, LIMITS.shortText)
    if (action && !by) r.problems.push({ path: `${path}.by`, message: `Action ${i + 1}: say who is responsible for it` })
    if (row.done !== undefined && row.done !== null && typeof row.done !== 'boolean') r.problems.push({ path: `${path}.done`, message: `Action ${i + 1}: done must be true or false` })
    return {
      action, by,
      for: r.text(row.for, `${path}.for`, `Action ${i + 1}: for whom`, LIMITS.shortText),
      date: r.date(row.date, `${path}.date`, `Action ${i + 1}: the date`),
      done: row.done === true,
    }
  })
}

function readCriteria(r: Reader, raw: unknown): CriterionAnswer[] {
  const seen = new Map<string, number>()
  return r.list(raw, 'criteria', 'The criteria').map((item, i) => {
    const path = `criteria.${i}`
    const row = r.object(item, path, `Criterion ${i + 1}`)
    const criterion = r.text(row.criterion, `${path}.criterion`, `Criterion ${i + 1}`, 1000)
    if (!criterion) r.problems.push({ path: `${path}.criterion`, message: `Criterion ${i + 1}: say which criterion was considered` })
    else if (seen.has(criterion)) r.problems.push({ path: `${path}.criterion`, message: `Criterion ${i + 1} repeats criterion ${seen.get(criterion)! + 1}; consider each once` })
    else seen.set(criterion, i)
    if (row.met !== undefined && row.met !== null && typeof row.met !== 'boolean') r.problems.push({ path: `${path}.met`, message: `Criterion ${i + 1}: met must be true, false or null (not yet known)` })
    return { criterion, met: typeof row.met === 'boolean' ? row.met : null, note: r.text(row.note, `${path}.note`, `Criterion ${i + 1}: the note`, 5000) }
  })
}

function readSignOff(r: Reader, raw: unknown): SignOff[] {
  const out: SignOff[] = []
  const firstRow = new Map<Partner, number>()
  r.list(raw, 'signOff', 'Sign-off').forEach((item, i) => {
    const path = `signOff.${i}`
    const row = r.object(item, path, `Sign-off ${i + 1}`)
    const partner = row.partner
    if (typeof partner !== 'string' || !(PARTNERS as readonly string[]).includes(partner)) {
      r.problems.push({ path: `${path}.partner`, message: `Sign-off ${i + 1}: choose the partner: ${PARTNERS.join(', ')}` })
      return
    }
    const p = partner as Partner
    if (firstRow.has(p)) {
      r.problems.push({ path: `${path}.partner`, message: `Sign-off ${i + 1}: ${PARTNER_LABELS[p]} has already signed off in row ${firstRow.get(p)! + 1}; each partner signs once` })
      return
    }
    firstRow.set(p, i)
    const name = r.text(row.name, `${path}.name`, `Sign-off ${i + 1}: the name`, LIMITS.shortText)
    if (!name) r.problems.push({ path: `${path}.name`, message: `Sign-off ${i + 1}: enter the name of the person signing for ${PARTNER_LABELS[p]}` })
    const role = r.text(row.role, `${path}.role`, `Sign-off ${i + 1}: the role`, LIMITS.shortText)
    if (!role) r.problems.push({ path: `${path}.role`, message: `Sign-off ${i + 1}: enter their role` })
    const date = r.date(row.date, `${path}.date`, `Sign-off ${i + 1}: the date`)
    if (row.date === undefined || row.date === null || row.date === '') r.problems.push({ path: `${path}.date`, message: `Sign-off ${i + 1}: enter the date ${PARTNER_LABELS[p]} signed off` })
    if (date) out.push({ partner: p, name, role, date })
  })
  return out
}

function readQuestions(r: Reader, raw: unknown): string[] {
  const out: string[] = []
  r.list(raw, 'draftQuestions', 'Draft research questions').forEach((q, i) => {
    const text = r.text(q, `draftQuestions.${i}`, `Question ${i + 1}`, 1000)
    if (text) out.push(text)
  })
  if (out.length > 20) r.problems.push({ path: 'draftQuestions', message: 'Up to 20 draft research questions; a few focused ones work best' })
  return out
}

function readPanelResponse(r: Reader, raw: unknown): PanelResponse | null {
  if (raw === undefined || raw === null) return null
  const row = r.object(raw, 'panelResponse', 'The Panel’s response')
  const date = r.date(row.date, 'panelResponse.date', 'The date of the Panel’s response')
  if (row.date === undefined || row.date === null || row.date === '') r.problems.push({ path: 'panelResponse.date', message: 'Enter the date the Panel’s response came' })
  const text = r.text(row.text, 'panelResponse.text', 'The Panel’s response')
  if (!text) r.problems.push({ path: 'panelResponse.text', message: 'Enter what the Panel said' })
  return date && text ? { date, text } : null
}

/**
 * Reads and checks a rapid review. `today` (YYYY-MM-DD in England) bounds dates that record something done.
 * Returns the record only when there are no problems.
 */
export function readRapidReview(raw: unknown, today: IsoDate): { record: RapidReviewRecord | null; problems: Problem[] } {
  const r = new Reader()
  if (!isObj(raw)) return { record: null, problems: [{ path: 'body', message: 'Send the rapid review as a JSON object' }] }
  const facts = readFacts(r, raw)
  const learningRaw = r.object(raw.learning, 'learning', 'Learning')
  let decision: RapidReviewDecision | null = null
  if (raw.decision !== undefined && raw.decision !== null && raw.decision !== '') {
    if (typeof raw.decision === 'string' && (DECISIONS as readonly string[]).includes(raw.decision)) decision = raw.decision as RapidReviewDecision
    else r.problems.push({ path: 'decision', message: `The decision must be one of ${DECISIONS.join(', ')}, or null while it is not made` })
  }
  const record: RapidReviewRecord = {
    facts,
    immediateSafeguarding: readActions(r, raw.immediateSafeguarding),
    learning: {
      goodPractice: r.text(learningRaw.goodPractice, 'learning.goodPractice', 'Good practice'),
      toImprove: r.text(learningRaw.toImprove, 'learning.toImprove', 'What needs to change'),
    },
    criteria: readCriteria(r, raw.criteria),
    decision,
    decisionReasons: r.text(raw.decisionReasons, 'decisionReasons', 'The reasons for the decision'),
    decisionDate: r.date(raw.decisionDate, 'decisionDate', 'The date of the decision'),
    draftQuestions: readQuestions(r, raw.draftQuestions),
    signOff: readSignOff(r, raw.signOff),
    sentToPanel: r.date(raw.sentToPanel, 'sentToPanel', 'The date sent to the Panel'),
    panelResponse: readPanelResponse(r, raw.panelResponse),
  }
  r.problems.push(...crossFieldProblems(record, raw, today))
  return r.problems.length ? { record: null, problems: r.problems } : { record, problems: [] }
}

/** The rules that hold between fields: order of dates, what needs what first. */
export function crossFieldProblems(record: RapidReviewRecord, raw: Obj, today: IsoDate): Problem[] {
  const problems: Problem[] = []
  const { incidentDate, becameAware } = record.facts
  const factsBase = isObj(raw.facts) ? 'facts' : 'factsDetail'
  const notFuture = (date: IsoDate | null, path: string, label: string) => {
    if (date && date > today) problems.push({ path, message: `${label} cannot be in the future (today is ${dateInWords(today)})` })
  }
  const notBeforeIncident = (date: IsoDate | null, path: string, label: string) => {
    if (date && incidentDate && date < incidentDate) problems.push({ path, message: `${label} (${dateInWords(date)}) cannot be before the incident (${dateInWords(incidentDate)})` })
  }
  notFuture(incidentDate, `${factsBase}.incidentDate`, 'The date of the incident')
  notFuture(becameAware, `${factsBase}.becameAware`, 'The date the partnership became aware')
  notBeforeIncident(becameAware, `${factsBase}.becameAware`, 'The date the partnership became aware')

  if (record.decision && !record.decisionReasons) {
    problems.push({ path: 'decisionReasons', message: 'Give the reasons for the decision: the partners, the Panel and later the family need to be able to follow them' })
  }
  if (!record.decision && record.decisionDate) problems.push({ path: 'decisionDate', message: 'A decision date needs a decision: choose the decision, or remove the date' })
  notFuture(record.decisionDate, 'decisionDate', 'The date of the decision')
  notBeforeIncident(record.decisionDate, 'decisionDate', 'The date of the decision')

  if (record.signOff.length && !record.decision) {
    problems.push({ path: 'signOff', message: 'The partners sign off the decision: record the decision and its reasons before the sign-off' })
  }
  record.signOff.forEach((s, i) => {
    const label = `Sign-off ${i + 1}: the date ${PARTNER_LABELS[s.partner]} signed off`
    notFuture(s.date, `signOff.${i}.date`, label)
    notBeforeIncident(s.date, `signOff.${i}.date`, label)
  })

  if (record.sentToPanel) {
    if (!record.decision) problems.push({ path: 'sentToPanel', message: 'The rapid review goes to the Panel with its decision: record the decision before the date it was sent' })
    notFuture(record.sentToPanel, 'sentToPanel', 'The date sent to the Panel')
    notBeforeIncident(record.sentToPanel, 'sentToPanel', 'The date sent to the Panel')
  }
  if (record.panelResponse) {
    if (!record.sentToPanel) problems.push({ path: 'panelResponse', message: 'Record the date the rapid review was sent to the Panel before its response' })
    else if (record.panelResponse.date < record.sentToPanel) {
      problems.push({ path: 'panelResponse.date', message: `The Panel’s response (${dateInWords(record.panelResponse.date)}) cannot be before the rapid review was sent (${dateInWords(record.sentToPanel)})` })
    }
    notFuture(record.panelResponse.date, 'panelResponse.date', 'The date of the Panel’s response')
  }
  return problems
}
