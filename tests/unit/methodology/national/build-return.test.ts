import { describe, expect, it } from 'vitest'
import { buildNationalReturn, reviewYear, scanReturn, totalChanges, type ReturnSource } from '../../../../methodology/national/build-return.js'
import type { RegisterPerson } from '../../../../methodology/redaction/person-register.js'

const register: RegisterPerson[] = [
  { realName: 'Poppy Renshaw', role: 'Subject child', pseudonym: 'Child P', dateOfBirth: '2019-05-04', nhsNumber: '999 945 8076', address: '3 Kestrel Row, Ashcombe', postcode: 'ZZ99 1RD', phone: null },
  { realName: 'Kyle Dunmore', role: "Mother's partner", pseudonym: 'Mr Z', dateOfBirth: null, nhsNumber: null, address: null, postcode: null, phone: '07700 900654' },
]

function source(overrides: Partial<ReturnSource> = {}): ReturnSource {
  return {
    returnId: 'r-1', version: 3, sourceInstance: 'instance-1',
    review: {
      region: 'South West', year: 2022, methodology: 'learning-together', harmCategory: 'death',
      child: { sex: 'female', ethnicity: 'mixed', disability: 'not-disabled', ageBand: '1-5', lookedAfter: 'not-looked-after', socialCareStatus: 'child-protection-plan' },
      harmType: 'neglect', riskFactors: ['domestic-abuse', 'parental-substance-misuse'], childBorn: '2019-05-04', incidentDate: '2022-06-01',
      // Fri 2 Dec 2022 aware, notified Thu 8 Dec (4 working days); rapid review sent Tue 3 Jan 2023 (Christmas,
      // Boxing Day, the 27th and 2 January substitutes are not working days: 15); decision 2023-01-10, published 2023-07-10 (124).
      dates: { becameAware: '2022-12-02', notification: '2022-12-08', rapidReviewSent: '2023-01-03', decision: '2023-01-10', published: '2023-07-10' },
      agencyNames: ['Police', 'Ashcombe Homes'], publishedReport: null, subjectPseudonym: 'Child P', boardName: 'Ashcombe Safeguarding Children Partnership',
    },
    findings: [
      {
        kind: 'systemic', title: 'Kyle Dunmore was never assessed', pattern: 'Child P lived with Mr Z (07700 900654) from 4 May 2021.',
        howWidespread: 'Common in Ashcombe.', whyItMatters: 'Babies cannot speak for themselves.', systemLevel: 'team',
        tags: [{ code: 'MAL-1', version: '1.0' }, { code: 'MAL-1', version: '1.0' }, { code: 'HRB-2', version: '1.0' }],
        agencyNames: ['Hospital ED'], boardQuestions: ['How does the board know Poppy’s story is not repeated?', '  '],
        nationalAttention: true, actionStates: ['done', 'overdue', 'done'],
      },
      {
        kind: 'good-practice', title: 'The nursery raised concerns', pattern: '', howWidespread: '', whyItMatters: '', systemLevel: 'not-a-level',
        tags: [], agencyNames: [], boardQuestions: [], nationalAttention: false, actionStates: [],
      },
    ],
    register,
    ...overrides,
  }
}

describe('building a national return', () => {
  it('carries only anonymised text, agency kinds and the tags as made, with findings numbered in order', () => {
    const built = buildNationalReturn(source())
    expect(built.document).toEqual({
      format: 'casework-lens/national-return', formatVersion: 2, returnId: 'r-1', version: 3, sourceInstance: 'instance-1',
      review: {
        region: 'South West', year: 2022, methodology: 'learning-together', harmCategory: 'death', agencies: ['police', 'hospital', 'housing'], publishedReport: null,
        child: { sex: 'female', ethnicity: 'mixed', disability: 'not-disabled', ageBand: '1-5', lookedAfter: 'not-looked-after', socialCareStatus: 'child-protection-plan' },
        harmType: 'neglect', householdRiskFactors: ['domestic-abuse', 'parental-substance-misuse'],
        timeliness: { awarenessToNotification: 4, notificationToRapidReview: 15, decisionToPublication: 124 },
      },
      findings: [
        {
          ref: 'F1', kind: 'systemic', title: 'The mother\'s partner was never assessed',
          pattern: 'The child lived with the mother\'s partner ([removed]) from [date removed].', howWidespread: 'Common in [place removed].',
          whyItMatters: 'Babies cannot speak for themselves.', systemLevel: 'team',
          typologyCodes: [{ code: 'MAL-1', typologyVersion: '1.0' }, { code: 'HRB-2', typologyVersion: '1.0' }],
          agencies: ['hospital'], boardQuestions: ['How does the board know the child’s story is not repeated?'],
          findingType: 'area-for-improvement', nationalAttention: true, boardActions: { 'not-started': 0, 'in-progress': 0, done: 2, overdue: 1 },
        },
        {
          ref: 'F2', kind: 'good-practice', title: 'The nursery raised concerns', pattern: '', howWidespread: '', whyItMatters: '', systemLevel: null, typologyCodes: [], agencies: [], boardQuestions: [],
          findingType: 'good-practice', nationalAttention: false, boardActions: null,
        },
      ],
    })
    expect(built.leaks).toEqual([])
    expect(built.missing).toEqual([])
    expect(built.problems).toEqual([])
    expect(totalChanges(built.changes)).toEqual({ identity: 3, pseudonym: 4, place: 1, date: 1 })
    expect(built.changes.map((c) => c.path)).toEqual(['findings[0].title', 'findings[0].pattern', 'findings[0].howWidespread', 'findings[0].boardQuestions[0]'])
  })

  it('finds identifying details in what it cannot rewrite, such as the report’s web address, and says where', () => {
    const built = buildNationalReturn(source({ review: { ...source().review, publishedReport: 'https://example.org/renshaw-review.pdf' } }))
    expect(built.leaks).toEqual([{ path: 'review.publishedReport', kind: 'surname', excerpt: expect.stringContaining('renshaw') }])
  })

  it('lists the review facts national analysis needs that are not recorded, and sends them as null or not known', () => {
    const review = source().review
    const built = buildNationalReturn(source({ review: {
      ...review, region: null, harmCategory: null, harmType: 'bad luck', riskFactors: ['none-identified', 'domestic-abuse'],
      child: { ...review.child, ageBand: 'toddler', sex: 'not-known' },
    } }))
    expect(built.missing).toEqual(['region', 'childAgeBand', 'harmCategory', 'harmType', 'riskFactors', 'sex'])
    expect(built.document.review).toMatchObject({
      region: null, harmCategory: null, harmType: 'not-known', householdRiskFactors: ['not-known'], child: { ageBand: 'not-known', sex: 'not-known' },
    })
  })

  it('refuses an age band the review’s own dates contradict, naming the field', () => {
    const review = source().review
    const built = buildNationalReturn(source({ review: { ...review, child: { ...review.child, ageBand: '6-10' } } }))
    expect(built.problems).toEqual([{ path: 'review.child.ageBand', message: expect.stringContaining('the band is 1 to 5, not 6 to 10') }])
  })

  it('sends timeliness as not known when a date is missing or the dates run backwards', () => {
    const review = source().review
    const built = buildNationalReturn(source({ review: { ...review, dates: { ...review.dates, becameAware: null, rapidReviewSent: '2022-12-01' } } }))
    expect(built.document.review.timeliness).toEqual({ awarenessToNotification: null, notificationToRapidReview: null, decisionToPublication: 124 })
  })

  it('types a finding from its helps/hinders markers, falling back to the kind chosen', () => {
    const base = source().findings[0]!
    const typed = (kind: 'systemic' | 'good-practice', effects: Array<'helps' | 'hinders' | null>) => buildNationalReturn(source({
      findings: [{ ...base, kind, tags: effects.map((effect, i) => ({ code: `MAL-${i + 1}`, version: '2.0', effect })) }],
    })).document.findings[0]?.findingType
    expect(typed('systemic', ['helps', 'helps'])).toBe('good-practice')
    expect(typed('good-practice', ['helps', 'hinders'])).toBe('area-for-improvement')
    expect(typed('good-practice', [null])).toBe('good-practice')
    expect(typed('systemic', [])).toBe('area-for-improvement')
  })

  it('scans every string of a return, ids included', () => {
    const built = buildNationalReturn(source())
    expect(scanReturn({ ...built.document, returnId: 'renshaw' }, register)).toEqual([{ path: 'returnId', kind: 'surname', excerpt: 'renshaw' }])
  })

  it('does not take the digits of a generated return id for an NHS number, though it would in a finding', () => {
    // A real return id (a hash in the UUID shape) whose last group holds 8319190533, a valid NHS number.
    const id = '9fe4f4e8-1fb3-b786-c944-fe8319190533'
    const built = buildNationalReturn(source({ returnId: id, sourceInstance: id }))
    expect(scanReturn(built.document, register)).toEqual([])
    const finding = { ...built.document.findings[0]!, title: `Seen by fe8319190533` }
    expect(scanReturn({ ...built.document, findings: [finding] }, register).map((l) => [l.path, l.kind])).toEqual([['findings[0].title', 'nhs-number']])
  })
})

describe('the year a review counts under', () => {
  it('is the notification year, then the incident, the decision, and the end of the review period', () => {
    expect(reviewYear({ notification: '2021-09-16', incident: '2020-12-30', decision: '2022-01-04', periodTo: '2019-12-31' })).toBe(2021)
    expect(reviewYear({ notification: null, incident: '2020-12-30', decision: '2022-01-04', periodTo: '2019-12-31' })).toBe(2020)
    expect(reviewYear({ notification: null, incident: null, decision: '2022-01-04', periodTo: '2019-12-31' })).toBe(2022)
    expect(reviewYear({ notification: null, incident: null, decision: null, periodTo: '2019-12-31' })).toBe(2019)
  })
})
