import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readRapidReview } from '../../../../methodology/rapid-review/read-rapid-review.js'
import { criteriaNotConsidered, LCSPR_CRITERIA, partnersStillToSign, PARTNERS } from '../../../../methodology/rapid-review/rapid-review-record.js'

const TODAY = '2026-03-02'
const BASE = {
  facts: { child: 'Child P, 2', household: 'Mother, Sibling A', agencies: ['Police'], incident: 'Head injury.', incidentDate: '2026-01-10', becameAware: '2026-01-12' },
  decision: 'no-lcspr',
  decisionReasons: 'The learning is already known and being acted on.',
  signOff: [{ partner: 'police', name: 'A Person', role: 'Superintendent', date: '2026-01-20' }],
}

const paths = (raw: unknown) => readRapidReview(raw, TODAY).problems.map((p) => p.path)

describe('reading a rapid review', () => {
  it('accepts a complete record and keeps what was sent', () => {
    const { record, problems } = readRapidReview(BASE, TODAY)
    expect(problems).toEqual([])
    expect(record).toMatchObject({ decision: 'no-lcspr', facts: BASE.facts, signOff: BASE.signOff })
  })

  it('needs reasons for any decision, and none for no decision', () => {
    for (const decision of ['lcspr', 'no-lcspr', 'national-review-recommended']) {
      expect(paths({ ...BASE, decision, decisionReasons: '' })).toContain('decisionReasons')
    }
    expect(paths({ facts: 'x', decision: null, decisionReasons: '' })).toEqual([])
  })

  it('refuses the same partner twice and keeps the first', () => {
    const signOff = [...BASE.signOff, { partner: 'health', name: 'B', role: 'Chief Nurse', date: '2026-01-21' }, { partner: 'police', name: 'C', role: 'DCI', date: '2026-01-22' }]
    const { problems } = readRapidReview({ ...BASE, signOff }, TODAY)
    expect(problems).toEqual([{ path: 'signOff.2.partner', message: 'Sign-off 3: Police has already signed off in row 1; each partner signs once' }])
  })

  it('refuses a sign-off before the incident, in the future, or before there is a decision', () => {
    expect(paths({ ...BASE, signOff: [{ ...BASE.signOff[0], date: '2026-01-09' }] })).toEqual(['signOff.0.date'])
    expect(paths({ ...BASE, signOff: [{ ...BASE.signOff[0], date: '2026-03-03' }] })).toEqual(['signOff.0.date'])
    expect(paths({ ...BASE, decision: null, decisionReasons: '' })).toEqual(['signOff'])
  })

  it('refuses 31 February and says it is not a real date', () => {
    const { problems } = readRapidReview({ ...BASE, facts: { ...BASE.facts, incidentDate: '2026-02-31' } }, TODAY)
    expect(problems).toContainEqual({ path: 'facts.incidentDate', message: 'The date of the incident must be a real date' })
  })

  it('refuses awareness before the incident', () => {
    expect(paths({ ...BASE, facts: { ...BASE.facts, becameAware: '2026-01-09' } })).toEqual(['facts.becameAware'])
  })

  it('needs the date sent before the Panel’s response, and the response after it', () => {
    expect(paths({ ...BASE, panelResponse: { date: '2026-02-01', text: 'Agreed.' } })).toEqual(['panelResponse'])
    expect(paths({ ...BASE, sentToPanel: '2026-02-01', panelResponse: { date: '2026-01-31', text: 'Agreed.' } })).toEqual(['panelResponse.date'])
    expect(paths({ ...BASE, sentToPanel: '2026-02-01', panelResponse: { date: '2026-02-10', text: 'Agreed.' } })).toEqual([])
  })

  it('names the row of an action with no one responsible, and a criterion considered twice', () => {
    const { problems } = readRapidReview({ ...BASE, immediateSafeguarding: [{ action: 'Safety plan', by: '' }], criteria: [{ criterion: 'recurrent-themes', met: true }, { criterion: 'recurrent-themes', met: false }] }, TODAY)
    expect(problems).toEqual([
      { path: 'immediateSafeguarding.0.by', message: 'Action 1: say who is responsible for it' },
      { path: 'criteria.1.criterion', message: 'Criterion 2 repeats criterion 1; consider each once' },
    ])
  })

  it('lists the partners still to sign and the criteria still to answer', () => {
    expect(partnersStillToSign({ signOff: [{ partner: 'health', name: 'x', role: 'y', date: TODAY }] })).toEqual(['police', 'local-authority'])
    expect(criteriaNotConsidered({ criteria: [{ criterion: 'recurrent-themes', met: false, note: '' }, { criterion: 'single-agency-concern', met: null, note: '' }] }))
      .toHaveLength(LCSPR_CRITERIA.length - 1)
  })

  it('never accepts a record with a partner twice, whatever else it holds (property)', () => {
    const signOff = fc.array(fc.record({ partner: fc.constantFrom(...PARTNERS), name: fc.constant('N'), role: fc.constant('R'), date: fc.constant('2026-01-20') }), { minLength: 0, maxLength: 6 })
    fc.assert(fc.property(signOff, (rows) => {
      const { record } = readRapidReview({ ...BASE, signOff: rows }, TODAY)
      const distinct = new Set(rows.map((r) => r.partner)).size === rows.length
      expect(record !== null).toBe(distinct)
    }))
  })
})
