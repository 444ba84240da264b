import { describe, expect, it } from 'vitest'
import { agreementGaps, type FindingToAgree } from '../../../../methodology/findings/agreeing-a-finding.js'

const COMPLETE: FindingToAgree = {
  title: 'What agencies know about a new adult stays in separate places',
  pattern: 'Each agency holds part of the picture.',
  inThisCase: 'Housing knew; the assessment did not.',
  howWidespread: 'An audit found the same in half the cases sampled.',
  whyItMatters: 'Risk from an unknown adult goes unassessed.',
  typologyCodes: ['MAL-1'],
  boardQuestions: ['How can the board be assured that assessments ask every agency who lives in the home?'],
  openLanguageFlags: [],
}

describe('agreeing a finding', () => {
  it('finds nothing missing in a complete finding', () => {
    expect(agreementGaps(COMPLETE)).toEqual([])
  })

  it('lists every gap of an unfinished draft, each on the field to fix, in the order of the form', () => {
    const gaps = agreementGaps({
      ...COMPLETE, pattern: 'The health visitor should have…', inThisCase: ' ', howWidespread: '', whyItMatters: '', typologyCodes: [], boardQuestions: [],
      openLanguageFlags: [{ field: 'pattern', fieldLabel: 'The systemic pattern', phrase: 'should have' }],
    })
    expect(gaps.map((g) => g.path)).toEqual(['inThisCase', 'howWidespread', 'whyItMatters', 'typologyCodes', 'boardQuestions', 'pattern'])
    expect(gaps.at(-1)!.message).toBe('The systemic pattern: reword “should have” or dismiss the flag with a reason')
    expect(gaps.find((g) => g.path === 'typologyCodes')!.message).toMatch(/at least one typology code/)
    expect(gaps.find((g) => g.path === 'boardQuestions')!.message).toMatch(/at least one question/)
  })

  it('counts a part holding only spaces as empty', () => {
    expect(agreementGaps({ ...COMPLETE, whyItMatters: '  \n ' })).toEqual([{ path: 'whyItMatters', message: expect.stringContaining('why the pattern matters') }])
  })
})
