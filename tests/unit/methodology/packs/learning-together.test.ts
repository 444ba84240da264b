import { describe, expect, it } from 'vitest'
import { learningTogether } from '../../../../methodology/packs/learning-together.js'
import type { ReadinessCheck } from '../../../../methodology/packs/pack.js'
import type { ReviewSnapshot } from '../../../../methodology/review-snapshot.js'
import { finishedReview, newReview, type SnapshotPatch } from '../snapshot-builder.js'

const finished = finishedReview()
const membersWithout = (role: string) => finished.members.filter((m) => m.role !== role)

/** For every readiness check: a change to a finished review that should make that check, and only that kind of thing, fail. */
const FAILING: Record<string, SnapshotPatch> = {
  'scoping/decision-date': { dates: { decisionToReview: null } },
  'scoping/review-period': { reviewPeriod: { from: '2021-09-30', to: '2021-01-04' } },
  'scoping/scope-written': { scope: '   ' },
  'scoping/research-questions': { researchQuestions: [] },
  'team-and-case-group/accredited-lead-reviewer': {
    members: finished.members.map((m) => (m.role === 'lead-reviewer' ? { ...m, accredited: false } : m)),
  },
  'team-and-case-group/independent-lead-reviewer': { independence: { declaredIndependent: 0, declaredNotIndependent: 1 } },
  'team-and-case-group/board-link-person': { boardLinkPersonRecorded: false },
  'team-and-case-group/review-team': { members: membersWithout('review-team') },
  'team-and-case-group/case-group': { members: membersWithout('case-group') },
  'team-and-case-group/agencies-represented': {
    members: [...finished.members, { role: 'case-group', agency: 'Education', accredited: false }],
  },
  'team-and-case-group/family-invited': { family: { invited: false } },
  'gathering-data/agency-chronologies': { chronology: { agencies: ['Children’s Social Care', 'Health Visiting'] } },
  'gathering-data/events': { chronology: { events: 0 } },
  'gathering-data/significant-events': { chronology: { significantEvents: 0 } },
  'gathering-data/documents': { documents: 0 },
  'conversations/conversations-held': { conversations: { held: 0 } },
  'conversations/case-group-heard': { conversations: { practitioners: 2 } },
  'conversations/quotes': { conversations: { quotes: 0 } },
  'conversations/family-views': { family: { viewsRecorded: false } },
  'key-practice-episodes/significant-events': { chronology: { significantEvents: 0 } },
  'key-practice-episodes/episodes-identified': { keyPracticeEpisodes: { total: 0, appraised: 0 } },
  'key-practice-episodes/episodes-kept-their-events': { keyPracticeEpisodes: { lostEvents: 1 } },
  'appraisal/episodes-appraised': { keyPracticeEpisodes: { appraised: 5 } },
  'appraisal/contributory-factors': { contributoryFactors: { total: 0, withEvidence: 0 } },
  'appraisal/factors-evidenced': { contributoryFactors: { withEvidence: 13 } },
  'appraisal/map-built': { map: { edges: 0, edgesWithEvidence: 0, edgesWithCounterfactual: 0 } },
  'appraisal/edges-evidenced': { map: { edgesWithEvidence: 51 } },
  'appraisal/edges-counterfactual': { map: { edgesWithCounterfactual: 50 } },
  'appraisal/map-checks': { map: { checkIssues: { error: 1 } } },
  'appraisal/case-group-follow-on': { caseGroupSteps: { followOnMeetings: 0 } },
  'systemic-findings/systemic-findings': {
    findings: { systemic: 0, systemicWithBoardQuestions: 0, systemicWithTypologyCode: 0 },
  },
  'systemic-findings/findings-evidenced': { findings: { withEvidence: 4 } },
  'systemic-findings/findings-cite-existing-events': { findings: { citingRemovedEvents: 2 } },
  'systemic-findings/findings-tagged': { findings: { systemicWithTypologyCode: 3 } },
  'systemic-findings/research-questions-answered': { findings: { researchQuestionIdsAddressed: ['rq1'] } },
  'systemic-findings/findings-agreed': { findings: { drafts: 2 } },
  'systemic-findings/practitioner-feedback': { caseGroupSteps: { draftFindingsFeedback: 0 } },
  'systemic-findings/language-issues-resolved': { languageIssuesOpen: 2 },
  'board-response/questions-asked': { findings: { systemicWithBoardQuestions: 3 } },
  'board-response/responses-recorded': { board: { questionsAnswered: 8 } },
  'board-response/actions-agreed': { board: { actionsAgreed: 0 } },
  'report-and-publication/internal-report': { reports: { editionsExported: ['publication'] } },
  'report-and-publication/publication-edition': { reports: { editionsExported: ['internal'] } },
  'report-and-publication/leak-scan': { reports: { publicationLeakScanPassed: false } },
  'report-and-publication/language-issues-resolved': { languageIssuesOpen: 1 },
  'report-and-publication/national-return': { nationalReturnSubmitted: false },
}

function findCheck(id: string): ReadinessCheck {
  const [stageKey, checkKey] = id.split('/')
  const check = learningTogether.stages.find((s) => s.key === stageKey)?.checks.find((c) => c.key === checkKey)
  if (!check) throw new Error(`No check ${id} in the Learning Together pack`)
  return check
}

function failingChecks(snapshot: ReviewSnapshot): string[] {
  return learningTogether.stages.flatMap((s) => s.checks.filter((c) => !c.check(snapshot).passed).map((c) => `${s.key}/${c.key}`))
}

describe('Learning Together readiness checks', () => {
  it('has a failing case for every check in the pack, so no check goes untested', () => {
    const inPack = learningTogether.stages.flatMap((s) => s.checks.map((c) => `${s.key}/${c.key}`))
    expect(Object.keys(FAILING).sort()).toEqual([...inPack].sort())
  })

  it('passes every check on a review where all the work is done', () => {
    expect(failingChecks(finished)).toEqual([])
  })

  describe.each(Object.entries(FAILING))('%s', (id, patch) => {
    const check = findCheck(id)
    it('passes with a reason on the finished review', () => {
      const result = check.check(finished)
      expect(result.passed).toBe(true)
      expect(result.reason.trim()).not.toBe('')
    })
    it('fails with a different reason once the evidence is taken away', () => {
      const result = check.check(finishedReview(patch))
      expect(result.passed).toBe(false)
      expect(result.reason.trim()).not.toBe('')
      expect(result.reason).not.toBe(check.check(finished).reason)
    })
  })

  it('fails on a newly created review except where there is nothing yet to get wrong', () => {
    const passing = learningTogether.stages.flatMap((s) =>
      s.checks.filter((c) => c.check(newReview()).passed).map((c) => `${s.key}/${c.key}`),
    )
    expect(passing.sort()).toEqual([
      'appraisal/map-checks',
      'key-practice-episodes/episodes-kept-their-events',
      'report-and-publication/language-issues-resolved',
      'scoping/review-period',
      'systemic-findings/findings-cite-existing-events',
      'systemic-findings/language-issues-resolved',
      'team-and-case-group/agencies-represented',
    ])
  })

  it('refuses research questions with no text and says how many', () => {
    const result = findCheck('scoping/research-questions').check(
      finishedReview({ researchQuestions: [{ id: 'rq1', text: 'How is neglect recognised?' }, { id: 'rq2', text: ' ' }] }),
    )
    expect(result).toEqual({ passed: false, reason: '1 research question has no text.' })
  })

  it('names the agency missing from the review team, matching agency names without regard to case or spacing', () => {
    const result = findCheck('team-and-case-group/agencies-represented').check(
      finishedReview({ members: [...finished.members, { role: 'case-group', agency: 'Education', accredited: false }] }),
    )
    expect(result.reason).toBe('No one on the review team from Education.')
    // The finished review's case group spells "health visiting " differently from the review team.
    expect(findCheck('team-and-case-group/agencies-represented').check(finished).passed).toBe(true)
  })

  it('says which agency chronology is still awaited', () => {
    const result = findCheck('gathering-data/agency-chronologies').check(
      finishedReview({ chronology: { agencies: ['children’s social care', 'Police'] } }),
    )
    expect(result).toEqual({ passed: false, reason: 'Still waiting for a chronology from Health Visiting.' })
    expect(findCheck('gathering-data/agency-chronologies').check(finishedReview({ chronology: { agencies: [] } })).passed).toBe(false)
  })

  it('says how many case group members have not yet been heard', () => {
    const result = findCheck('conversations/case-group-heard').check(finishedReview({ conversations: { practitioners: 2 } }))
    expect(result.reason).toBe('2 of 3 case group members have taken part in a conversation.')
    expect(findCheck('conversations/case-group-heard').check(finishedReview({ conversations: { practitioners: 0 } })).passed).toBe(false)
  })

  it('suggests moving on with a reason when the family was invited but declined', () => {
    const result = findCheck('conversations/family-views').check(finishedReview({ family: { viewsRecorded: false } }))
    expect(result.reason).toMatch(/declined/)
  })

  it('counts what is left rather than what is done', () => {
    expect(findCheck('appraisal/episodes-appraised').check(finishedReview({ keyPracticeEpisodes: { appraised: 4 } })).reason).toBe(
      '2 key practice episodes still to appraise.',
    )
    expect(findCheck('appraisal/edges-evidenced').check(finishedReview({ map: { edgesWithEvidence: 51 } })).reason).toBe(
      '1 link on the map has no evidence.',
    )
  })

  it('does not count warnings from the map checks against the stage', () => {
    const result = findCheck('appraisal/map-checks').check(finishedReview({ map: { checkIssues: { error: 0, warning: 3 } } }))
    expect(result.passed).toBe(true)
    expect(result.reason).toMatch(/3 warnings/)
  })

  it('fails the evidence checks when there is nothing to check, instead of passing them vacuously', () => {
    const empty = newReview()
    for (const id of ['appraisal/episodes-appraised', 'appraisal/edges-evidenced', 'systemic-findings/findings-evidenced', 'board-response/responses-recorded']) {
      expect(findCheck(id).check(empty).passed, id).toBe(false)
    }
  })

  it('counts good practice findings when asking whether every finding links to evidence', () => {
    // 4 systemic + 1 good practice: 4 with evidence leaves the good practice finding without.
    const result = findCheck('systemic-findings/findings-evidenced').check(finishedReview({ findings: { withEvidence: 4 } }))
    expect(result.reason).toMatch(/^1 finding links to no evidence/)
  })

  it('treats a leak scan that has not run as not passed', () => {
    expect(findCheck('report-and-publication/leak-scan').check(finishedReview({ reports: { publicationLeakScanPassed: null } })).passed).toBe(false)
  })
})

describe('Learning Together: independence and the case group after the conversations', () => {
  const reason = (id: string, patch: Parameters<typeof finishedReview>[0]) => findCheck(id).check(finishedReview(patch))

  it('passes independence on a declaration, noting declared interests, and says what to do without one', () => {
    expect(reason('team-and-case-group/independent-lead-reviewer', { independence: { interestsDeclared: 1 } }).reason).toBe(
      '1 lead reviewer declared independent of the agencies under review, with 1 declaration of interests for the board to note.')
    const none = reason('team-and-case-group/independent-lead-reviewer', { independence: { declaredIndependent: 0 } })
    expect(none.passed).toBe(false)
    expect(none.reason).toContain('Record the declaration, with any interests')
    expect(reason('team-and-case-group/independent-lead-reviewer', { independence: { declaredIndependent: 0, declaredNotIndependent: 1 } }).reason).toContain('not independent')
  })

  it('asks for a follow-on meeting at appraisal and feedback on the draft findings before findings are done', () => {
    expect(reason('appraisal/case-group-follow-on', { caseGroupSteps: { followOnMeetings: 2 } })).toEqual({ passed: true, reason: '2 follow-on meetings with the case group recorded, with what changed.' })
    expect(reason('systemic-findings/practitioner-feedback', { caseGroupSteps: { draftFindingsFeedback: 0 } }).passed).toBe(false)
  })
})
