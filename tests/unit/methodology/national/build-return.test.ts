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
      region: 'South West', year: 2022, methodology: 'learning-together', childAgeBand: 'under-1', harmCategory: 'death',
      agencyNames: ['Police', 'Ashcombe Homes'], publishedReport: null, subjectPseudonym: 'Child P', boardName: 'Ashcombe Safeguarding Children Partnership',
    },
    findings: [
      {
        kind: 'systemic', title: 'Kyle Dunmore was never assessed', pattern: 'Child P lived with Mr Z (07700 900654) from 4 May 2021.',
        howWidespread: 'Common in Ashcombe.', whyItMatters: 'Babies cannot speak for themselves.', systemLevel: 'team',
        tags: [{ code: 'MAL-1', version: '1.0' }, { code: 'MAL-1', version: '1.0' }, { code: 'HRB-2', version: '1.0' }],
        agencyNames: ['Hospital ED'], boardQuestions: ['How does the board know Poppy’s story is not repeated?', '  '],
      },
      {
        kind: 'good-practice', title: 'The nursery raised concerns', pattern: '', howWidespread: '', whyItMatters: '', systemLevel: 'not-a-level',
        tags: [], agencyNames: [], boardQuestions: [],
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
      format: 'casework-lens/national-return', formatVersion: 1, returnId: 'r-1', version: 3, sourceInstance: 'instance-1',
      review: { region: 'South West', year: 2022, methodology: 'learning-together', childAgeBand: 'under-1', harmCategory: 'death', agencies: ['police', 'hospital', 'housing'], publishedReport: null },
      findings: [
        {
          ref: 'F1', kind: 'systemic', title: 'The mother\'s partner was never assessed',
          pattern: 'The child lived with the mother\'s partner ([removed]) from [date removed].', howWidespread: 'Common in [place removed].',
          whyItMatters: 'Babies cannot speak for themselves.', systemLevel: 'team',
          typologyCodes: [{ code: 'MAL-1', typologyVersion: '1.0' }, { code: 'HRB-2', typologyVersion: '1.0' }],
          agencies: ['hospital'], boardQuestions: ['How does the board know the child’s story is not repeated?'],
        },
        { ref: 'F2', kind: 'good-practice', title: 'The nursery raised concerns', pattern: '', howWidespread: '', whyItMatters: '', systemLevel: null, typologyCodes: [], agencies: [], boardQuestions: [] },
      ],
    })
    expect(built.leaks).toEqual([])
    expect(built.missing).toEqual([])
    expect(totalChanges(built.changes)).toEqual({ identity: 3, pseudonym: 4, place: 1, date: 1 })
    expect(built.changes.map((c) => c.path)).toEqual(['findings[0].title', 'findings[0].pattern', 'findings[0].howWidespread', 'findings[0].boardQuestions[0]'])
  })

  it('finds identifying details in what it cannot rewrite, such as the report’s web address, and says where', () => {
    const built = buildNationalReturn(source({ review: { ...source().review, publishedReport: 'https://example.org/renshaw-review.pdf' } }))
    expect(built.leaks).toEqual([{ path: 'review.publishedReport', kind: 'surname', excerpt: expect.stringContaining('renshaw') }])
  })

  it('lists the review facts national analysis needs that are not recorded, and sends them as null', () => {
    const built = buildNationalReturn(source({ review: { ...source().review, region: null, childAgeBand: 'toddler', harmCategory: null } }))
    expect(built.missing).toEqual(['region', 'childAgeBand', 'harmCategory'])
    expect(built.document.review).toMatchObject({ region: null, childAgeBand: null, harmCategory: null })
  })

  it('scans every string of a return, ids included', () => {
    const built = buildNationalReturn(source())
    expect(scanReturn({ ...built.document, returnId: 'renshaw' }, register)).toEqual([{ path: 'returnId', kind: 'surname', excerpt: 'renshaw' }])
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
