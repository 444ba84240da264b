import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { checkLanguage, issueKey, summariseIssues } from '../../../../methodology/language/language-check.js'
import { LANGUAGE_CATEGORIES, type LanguageCategory } from '../../../../methodology/language/language-rules.js'
import { loadSet } from '../../../../bench/_language-evaluation.js'

// Each category, both directions: the phrase that must be flagged (with its category), and uses of the same
// words that must be left alone (reported speech, procedure, clinical terms, the family's circumstances).
const CASES: Record<LanguageCategory, { flag: Array<[text: string, phrase: string]>; leave: string[] }> = {
  hindsight: {
    flag: [
      ['The team should have held a strategy discussion in May.', 'should have'],
      ['With hindsight, closing the case was the wrong call.', 'With hindsight'],
    ],
    leave: [
      'The nurse reflected that, with hindsight, she would have asked about the bruise.',
      'It is only with hindsight that the meaning of the absences becomes clear.',
      'In her words, she should have pushed harder.',
    ],
  },
  counterfactual: {
    flag: [
      ['Had the school phoned, the police would have attended that night.', 'would have'],
      ['If the GP had known, the baby would not have gone home.', 'would not have'],
      ['Child K would still be alive if the call had been answered.', 'would still be alive'],
    ],
    leave: ['The review asked what would have made escalation easier.', 'The worker would have visited that day, but she was off sick.'],
  },
  preventability: {
    flag: [
      ['The baby’s injuries were preventable.', 'preventable'],
      ['This was an avoidable death.', 'avoidable'],
      ['The fracture could have been prevented.', 'could have been prevented'],
    ],
    leave: ['Child K needed a predictable routine.', 'The review does not conclude that the harm was foreseeable.'],
  },
  'missed-opportunity': {
    flag: [
      ['There was a missed opportunity to convene a conference.', 'missed opportunity'],
      ['An opportunity to speak to the father was lost.', 'opportunity to speak to the father was lost'],
    ],
    leave: ['Child K missed ten days of nursery.', 'The mother’s account was blunt: everyone missed the signs.'],
  },
  blame: {
    flag: [
      ['The officer failed to record the call.', 'failed to'],
      ['There was a failure by the nursery to share the concern.', 'failure by the nursery to'],
    ],
    leave: ['The baby was admitted with failure to thrive.', 'The infant failed to gain weight after the move.', 'The recording system failed to alert the duty team.'],
  },
  deficit: {
    flag: [
      ['There was a lack of professional curiosity about the new partner.', 'a lack of professional curiosity'],
      ['Management oversight was lacking.', 'was lacking'],
      ['The practitioners lacked the confidence to challenge the father.', 'lacked the confidence'],
      ['The nursery was lacking in professional curiosity.', 'lacking in professional curiosity'],
    ],
    leave: ['There was a lack of capacity in the team after two vacancies.', 'Specialist services were lacking in the county.'],
  },
  omission: {
    flag: [
      ['The police did not protect Child K from her father.', 'did not protect'],
      ['The school did not share the disclosure, and Child K was injured a week later.', 'did not share'],
      // Misses from the second-author set (tuned): a procedure not followed is a verdict on compliance; a
      // safeguarding referral or concern not passed to another service, with no reason given, is an omission.
      ['The team did not follow the neglect strategy when the case was stepped down.', 'did not follow'],
      ['The hospital did not share the safeguarding referral with the health visiting service before the baby was discharged.', 'did not share'],
    ],
    leave: [
      'The school did not share the disclosure because the family withdrew consent.',
      'The alert system did not protect the record from being overwritten.',
      'The mother did not share her new address with the school.',
      'The family did not follow the advice about safe sleeping.',
    ],
  },
  evaluative: {
    flag: [
      ['The response to the referral was inadequate.', 'inadequate'],
      ['The review found poor practice in supervision.', 'poor'],
      ['The quality of the assessment was poor.', 'poor'],
    ],
    leave: ['The family lived in inadequate housing.', 'The nursery was rated inadequate by Ofsted.', 'Child K’s attendance was poor.', 'The baby had poor weight gain.'],
  },
  misconduct: {
    flag: [
      ['The manager was negligent.', 'negligent'],
      ['Closing the case was a dereliction of duty.', 'dereliction of duty'],
    ],
    leave: ['The family has brought a clinical negligence claim.', 'Misconduct proceedings are under way.', 'The father was charged with wilful neglect.'],
  },
  'fell-through-gaps': {
    flag: [
      ['Child K fell through the gaps between services.', 'fell through the gaps'],
      ['The family slipped through the net.', 'slipped through the net'],
    ],
    leave: ['Child K fell from the sofa.', 'There were gaps in the health record.'],
  },
  'child-not-brought': {
    flag: [
      ['Child K did not attend the eye clinic.', 'did not attend'],
      ['The baby failed to attend the hip scan.', 'failed to attend'],
      ['Child K DNA’d the hearing test.', 'DNA’d'],
    ],
    leave: ['The father did not attend the conference.', 'Child K was not brought to the eye clinic.'],
  },
  instruction: {
    flag: [
      ['Agencies must share information about new partners.', 'must'],
      ['Schools need to record every absence.', 'need to'],
      // A definite subject makes it this case's instruction, not a rule of procedure.
      ['The plan must change.', 'must'],
      ['Her assessment must be redone.', 'must'],
      ['Obviously the plan must change.', 'must'],
      ['Practitioners must complete training on professional curiosity.', 'must'],
    ],
    leave: [
      'A referral must include consent.',
      'Staff must have completed level 3 training before holding a caseload.',
      'Under the local procedures, a strategy discussion must be held within one working day.',
      'Each notification must be sent to the Panel within five working days.',
      // False flags from the second-author set (tuned): the procedural subject is qualified ("a referral to …"), and
      // a qualification held as a precondition is a requirement.
      "A referral to children's social care must include the family's consent or a reason why consent was not sought.",
      'Foster carers must hold a current paediatric first aid certificate before a placement is agreed.',
    ],
  },
  certainty: {
    flag: [
      ['The mother must have known about the bruises.', 'must have'],
      ['The risk was obvious.', 'obvious'],
    ],
    leave: ['Hindsight makes the pattern look obvious.', 'Every child must have a named social worker.'],
  },
}

describe('every category, both directions', () => {
  it('covers every category', () => {
    expect(Object.keys(CASES).sort()).toEqual([...LANGUAGE_CATEGORIES].sort())
  })

  for (const category of LANGUAGE_CATEGORIES) {
    const { flag, leave } = CASES[category]
    it.each(flag)(`${category}: flags in "%s" the phrase "%s"`, (text, phrase) => {
      expect(checkLanguage(text).map((i) => [i.category, i.phrase])).toContainEqual([category, phrase])
    })
    it.each(leave)(`${category}: leaves alone "%s"`, (text) => {
      expect(checkLanguage(text).map((i) => `${i.category}: ${i.phrase}`)).toEqual([])
    })
  }
})

describe('suggestions for the wider categories', () => {
  it('suggests "was not brought" for a child who did not attend', () => {
    const [issue] = checkLanguage('Child K did not attend the eye clinic.')
    expect(issue?.suggestion).toContain('the child was not brought')
  })

  it('names what was lacking in the suggestion for a deficit', () => {
    const [issue] = checkLanguage('There was a lack of challenge from the health visitor.')
    expect(issue?.suggestion).toBe('Describe what made challenge harder at the time: caseloads, supervision, tools, information, or how the family responded.')
  })

  it('turns an omission into a question about what made the action harder', () => {
    const [issue] = checkLanguage('The school did not share the disclosure, and Child K was injured a week later.')
    expect(issue?.suggestion).toContain('what made sharing harder then')
  })
})

describe('the JSON summary', () => {
  it('gives start, end, category, message and suggestion, with offsets into the text', () => {
    const text = 'Opening line. The GP failed to refer.'
    expect(summariseIssues(checkLanguage(text))).toEqual([
      { start: 21, end: 30, category: 'blame', message: expect.stringMatching(/^[A-Z].+\.$/), suggestion: expect.stringContaining('referring') },
    ])
    expect(text.slice(21, 30)).toBe('failed to')
  })
})

describe('dismissal keys across the wider categories', () => {
  it('keys a phrase by its original family, so a dismissal made when "negligent" was counted as blame still matches', () => {
    const [issue] = checkLanguage('The nurse was negligent in her record keeping.')
    expect(issue?.category).toBe('misconduct')
    expect(issue && issueKey(issue)).toMatch(/^blame:negligent:0:/)
  })
})

describe('the development evaluation set', () => {
  const rows = JSON.parse(readFileSync(new URL('../../../../bench/language-evaluation/development.json', import.meta.url), 'utf8')) as Array<{ text: string; expect: string | null; near?: string }>
  const heldOut = JSON.parse(readFileSync(new URL('../../../../bench/language-evaluation/held-out.json', import.meta.url), 'utf8')) as Array<{ text: string }>

  it('has at least 150 sentences, half to flag and half to leave, and every category in both directions', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150)
    const toFlag = rows.filter((r) => r.expect !== null)
    expect(toFlag.length).toBe(rows.length - toFlag.length)
    for (const category of LANGUAGE_CATEGORIES) {
      expect(toFlag.some((r) => r.expect === category), `${category} to flag`).toBe(true)
      expect(rows.some((r) => r.expect === null && r.near === category), `${category} to leave`).toBe(true)
    }
  })

  it('shares no sentence with the held-out set', () => {
    const held = new Set(heldOut.map((r) => r.text))
    expect(rows.filter((r) => held.has(r.text))).toEqual([])
  })
})

describe('the second-author evaluation set', () => {
  const setUrl = (name: string): URL => new URL(`../../../../bench/language-evaluation/${name}`, import.meta.url)

  it('is a valid set of at least 60 sentences, half to flag and half to leave, sharing none with the other sets', () => {
    const rows = loadSet(setUrl('second-author.json'))
    expect(rows.length).toBeGreaterThanOrEqual(60)
    expect(rows.filter((r) => r.expect !== null).length * 2).toBe(rows.length)
    const others = new Set(['development.json', 'held-out.json', 'fresh.json'].flatMap((f) => loadSet(setUrl(f)).map((r) => r.text)))
    expect(rows.filter((r) => others.has(r.text))).toEqual([])
  })
})
