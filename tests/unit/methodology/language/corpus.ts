// Sentences for the language check: fictional report text that must be flagged (with the category and phrase
// expected), and text that must not be (negations, meta-statements, quoted speech, false friends).
import type { LanguageCategory } from '../../../../methodology/language/language-check.js'

export interface FlaggedExample {
  text: string
  category: LanguageCategory
  /** The phrase as written in the text. */
  phrase: string
}

export interface CleanExample {
  text: string
  why: string
}

export const MUST_FLAG: readonly FlaggedExample[] = [
  // Hindsight
  { text: 'The health visitor should have visited the home before the case was closed.', category: 'hindsight', phrase: 'should have' },
  { text: 'The GP should’ve asked how the bruise happened.', category: 'hindsight', phrase: 'should’ve' },
  { text: "The GP should've asked how the bruise happened.", category: 'hindsight', phrase: "should've" },
  { text: 'The duty manager shouldn’t have closed the referral.', category: 'hindsight', phrase: 'shouldn’t have' },
  { text: 'Staff should not have accepted the mother’s explanation.', category: 'hindsight', phrase: 'should not have' },
  { text: 'The social worker should also have spoken to the father.', category: 'hindsight', phrase: 'should also have' },
  { text: 'The school could have shared its concerns earlier.', category: 'hindsight', phrase: 'could have' },
  { text: 'The worker could’ve escalated the concern to her manager.', category: 'hindsight', phrase: 'could’ve' },
  { text: 'A home visit would have prevented the injury.', category: 'counterfactual', phrase: 'would have prevented' },
  { text: 'An earlier referral would probably have made a difference.', category: 'counterfactual', phrase: 'would probably have made a difference' },
  { text: 'A more experienced worker would have spotted the pattern.', category: 'counterfactual', phrase: 'would have spotted' },
  { text: 'Police officers ought to have checked the address history.', category: 'hindsight', phrase: 'ought to have' },
  { text: 'If only the police had told children’s social care, things might be different.', category: 'hindsight', phrase: 'If only' },
  { text: 'With hindsight, the referral was the turning point.', category: 'hindsight', phrase: 'With hindsight' },
  { text: 'In hindsight the decision to close the case was wrong.', category: 'hindsight', phrase: 'In hindsight' },
  { text: 'With the benefit of hindsight, the pattern of injuries is plain.', category: 'hindsight', phrase: 'With the benefit of hindsight' },
  { text: 'In retrospect, stepping the case down was a mistake.', category: 'hindsight', phrase: 'In retrospect' },
  { text: 'Practitioners missed the signs of neglect.', category: 'missed-opportunity', phrase: 'missed the signs' },
  { text: 'There were several missed opportunities to see Child D alone.', category: 'missed-opportunity', phrase: 'missed opportunities' },
  { text: 'The warning signs were missed by every agency.', category: 'missed-opportunity', phrase: 'signs were missed' },
  { text: 'The signs were there; the social worker should have acted.', category: 'hindsight', phrase: 'should have' },
  { text: 'Although the mother said she was coping, the health visitor should have challenged her.', category: 'hindsight', phrase: 'should have' },
  // Blame
  { text: 'The social worker failed to share the referral with the school.', category: 'blame', phrase: 'failed to' },
  { text: 'The police failed to pass on the report.', category: 'blame', phrase: 'failed to' },
  { text: 'There was a failure to follow the escalation procedure.', category: 'blame', phrase: 'failure to' },
  { text: 'The health service repeatedly fails to share records with schools.', category: 'blame', phrase: 'fails to' },
  { text: 'Mother failed to attend the child’s appointments.', category: 'blame', phrase: 'failed to' },
  { text: 'The team manager failed\nto notice the pattern.', category: 'blame', phrase: 'failed\nto' },
  { text: 'The duty team FAILED TO act on the referral.', category: 'blame', phrase: 'FAILED TO' },
  { text: 'The worker failed completely to record the disclosure.', category: 'blame', phrase: 'failed completely to' },
  { text: 'The GP neglected to record the disclosure.', category: 'blame', phrase: 'neglected to' },
  { text: 'The injuries were the result of human error.', category: 'blame', phrase: 'human error' },
  { text: 'This was an individual error by the duty worker.', category: 'blame', phrase: 'individual error' },
  { text: 'The social worker showed a lack of professional curiosity.', category: 'deficit', phrase: 'a lack of professional curiosity' },
  { text: 'The nurse was negligent in her record keeping.', category: 'misconduct', phrase: 'negligent' },
  { text: 'The manager was at fault for allocating the case to a new starter.', category: 'misconduct', phrase: 'at fault' },
  // Instruction
  { text: 'Agencies must share information about new partners.', category: 'instruction', phrase: 'must' },
  { text: 'The partnership must ensure that strategy discussions include health.', category: 'instruction', phrase: 'must' },
  { text: 'Each agency must not close a case without a handover.', category: 'instruction', phrase: 'must' },
  { text: 'Social workers need to be more curious.', category: 'instruction', phrase: 'need to' },
  { text: 'The school needs to improve its record keeping.', category: 'instruction', phrase: 'needs to' },
  { text: 'Managers ought to review caseloads every month.', category: 'instruction', phrase: 'ought to' },
  { text: 'Practitioners should always see the child alone.', category: 'instruction', phrase: 'should' },
  { text: 'The board should commission training on disguised compliance.', category: 'instruction', phrase: 'should' },
  { text: 'Health visitors shouldn’t rely on what parents report.', category: 'instruction', phrase: 'shouldn’t' },
  { text: 'It is essential that agencies attend strategy discussions.', category: 'instruction', phrase: 'It is essential that' },
  // Certainty
  { text: 'Obviously the mother was not coping.', category: 'certainty', phrase: 'Obviously' },
  { text: 'The risk to the baby was obvious.', category: 'certainty', phrase: 'obvious' },
  { text: 'The nursery clearly missed the significance of the bruising.', category: 'certainty', phrase: 'clearly missed' },
  { text: 'Clearly, the threshold was set too high.', category: 'certainty', phrase: 'Clearly' },
  { text: 'The father was clearly a risk to the children.', category: 'certainty', phrase: 'clearly' },
  { text: 'It must have been frightening for the staff to visit.', category: 'certainty', phrase: 'must have' },
  { text: 'The school undoubtedly knew about the injuries.', category: 'certainty', phrase: 'undoubtedly' },
]

export const MUST_NOT_FLAG: readonly CleanExample[] = [
  // Negations and statements about the review's own approach
  { text: 'This is not about human error.', why: 'negation' },
  { text: 'It was not human error but a gap in the out-of-hours process.', why: 'negation' },
  { text: 'The review does not conclude that anyone failed to act.', why: 'meta-statement' },
  { text: 'This is not to say that the social worker should have acted differently.', why: 'meta-statement' },
  { text: 'Rather than asking who failed to share, the review asks what made sharing hard.', why: 'meta-statement' },
  { text: 'The review found no evidence that practitioners failed to follow procedure.', why: 'meta-statement' },
  { text: 'The review has tried to avoid phrases such as should have and failed to.', why: 'meta-statement' },
  { text: 'The review asked whether the referral could have been made sooner.', why: 'an open question, not a judgement' },
  { text: 'Nobody could have known that the partner had a conviction.', why: 'negation' },
  { text: 'The social worker could not have known about the earlier injury.', why: 'not the phrase' },
  { text: 'It was not obvious at the time that the bruises were non-accidental.', why: 'negation' },
  { text: 'Practitioners never failed to record their visits.', why: 'negation' },
  { text: 'It is only with hindsight that the pattern of injuries can be seen.', why: 'names hindsight rather than using it' },
  { text: 'It is easy, with hindsight, to see a pattern that was hidden at the time.', why: 'names hindsight rather than using it' },
  // Quoted speech is evidence
  { text: 'The social worker said, "I should have pushed for a strategy meeting."', why: 'straight double quotes' },
  { text: 'The mother told the review: “They failed to listen to me.”', why: 'curly double quotes' },
  { text: 'One practitioner described the system as ‘obviously broken’.', why: 'curly single quotes' },
  { text: 'The GP’s note read ‘must see child alone, didn’t happen’ in capitals.', why: 'curly single quotes with an apostrophe inside' },
  { text: "The GP's note read 'must see child alone' in capitals.", why: 'straight single quotes' },
  { text: '“I was worried. We should have done more,” the teacher said.', why: 'a quote of two sentences' },
  { text: 'The health visitor told the review that she should have visited sooner.', why: 'reported speech of a practitioner' },
  // Descriptions of plans, procedures and conditions
  { text: 'The strategy discussion agreed that the child should be seen within 24 hours.', why: 'describes the plan' },
  { text: 'The procedure says that a strategy discussion must be held within a working day.', why: 'describes the procedure' },
  { text: 'Should the family move out of the area, the plan requires a transfer conference.', why: 'a condition, not an instruction' },
  { text: 'The team worked as it should until the vacancies grew.', why: 'describes' },
  { text: 'It should be noted that the interpreter was a family friend.', why: 'a turn of phrase' },
  { text: 'How can the board be assured that referrals are acknowledged?', why: 'a board question' },
  { text: 'What could have helped the school to share its concern?', why: 'a question about the system' },
  { text: 'There is no need to repeat the assessment.', why: 'need as a noun' },
  { text: 'The need to share information was understood by everyone.', why: 'need as a noun' },
  { text: 'The family needed to move because of damp.', why: 'past tense, describes' },
  { text: 'She did not manage to visit before the Christmas closure.', why: 'describes without judging' },
  { text: 'The case recording system repeatedly failed to alert the health visitor to the earlier injury.', why: 'the subject is the system' },
  { text: 'The bruise could have been caused by a fall from the sofa.', why: 'weighs an explanation' },
  { text: 'The social worker visited, if only to check the children were fed.', why: 'a different idiom' },
  { text: 'The baby was diagnosed with failure to thrive.', why: 'a medical term' },
  // False friends
  { text: 'The bruise on Child D’s shoulder was photographed.', why: 'shoulder' },
  { text: 'A used needle was found in the kitchen.', why: 'needle' },
  { text: 'The mustard-yellow folder held the case notes.', why: 'mustard' },
  { text: 'The referral form was clearly labelled as urgent.', why: 'clearly as manner' },
  { text: 'The plan set out clearly what each agency would do.', why: 'clearly as manner' },
  { text: 'The teacher spoke clearly and calmly to the children.', why: 'clearly as manner' },
  { text: 'The team reflected on the obstacles to sharing.', why: 'no phrase' },
]
