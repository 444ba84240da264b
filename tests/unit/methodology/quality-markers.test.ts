import { describe, expect, it } from 'vitest'
import {
  QUALITY_MARKERS,
  QUALITY_MARKER_GROUPS,
  prefillQualityMarkers,
  qualityMarker,
  type MarkerPrefill,
} from '../../../methodology/quality-markers.js'
import type { ReviewSnapshot } from '../../../methodology/review-snapshot.js'
import { finishedReview, newReview } from './snapshot-builder.js'

function prefill(key: string, snapshot: ReviewSnapshot): MarkerPrefill | null {
  const marker = qualityMarker(key)
  if (!marker?.prefill) throw new Error(`${key} has no prefill`)
  return marker.prefill(snapshot)
}

const PEOPLE_ONLY = ['commissioning', 'governance']
/** Markers that ask for more than the product records: never pre-filled as met, only as evidence incomplete. */
const NEVER_MET_FROM_DATA = ['advising-board-members', 'improvement-action', 'publication', 'implementation-and-evaluation']
/** Read from the clocks and the parallel processes register: incomplete until there is something to read. */
const FROM_CLOCKS_AND_REGISTER = ['managing-the-review', 'parallel-processes']

describe('the quality markers', () => {
  it('are the eighteen markers in three groups: five for setting up, eight for running, five for outputs', () => {
    expect(QUALITY_MARKERS).toHaveLength(18)
    expect(QUALITY_MARKERS.map((m) => m.number)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1))
    const perGroup = QUALITY_MARKER_GROUPS.map((g) => QUALITY_MARKERS.filter((m) => m.group === g.key).length)
    expect(perGroup).toEqual([5, 8, 5])
    expect(new Set(QUALITY_MARKERS.map((m) => m.key)).size).toBe(18)
  })

  it('follow the published order within each group', () => {
    expect(QUALITY_MARKERS.map((m) => m.title)).toEqual([
      'Referral',
      'The decision to review',
      'Advising board members',
      'Informing the family',
      'Clarity of purpose',
      'Commissioning',
      'Governance',
      'Managing the review',
      'Parallel processes',
      'Assembling information',
      'Practitioner involvement',
      'Family involvement',
      'Analysis',
      'The report',
      'Improvement action',
      'The board’s written response',
      'Publication',
      'Implementation and evaluation',
    ])
  })

  it('each have a principle and two to four questions', () => {
    for (const marker of QUALITY_MARKERS) {
      expect(marker.principle.trim(), marker.key).not.toBe('')
      expect(marker.questions.length, marker.key).toBeGreaterThanOrEqual(2)
      expect(marker.questions.length, marker.key).toBeLessThanOrEqual(4)
      for (const q of marker.questions) expect(q.endsWith('?'), q).toBe(true)
    }
  })

  it('leave the markers the data cannot show to people', () => {
    expect(QUALITY_MARKERS.filter((m) => m.prefill === null).map((m) => m.key)).toEqual(PEOPLE_ONLY)
  })
})

describe('pre-filling the self-assessment', () => {
  it('suggests met on a finished review only where the data can show it, and evidence incomplete with what is missing elsewhere', () => {
    const results = prefillQualityMarkers(finishedReview({ stages: [{ stageKey: 'report-and-publication', completedAt: '2021-08-20T10:00:00.000Z', override: null }] }))
    for (const r of results) {
      if (PEOPLE_ONLY.includes(r.key)) expect(r.prefill, r.key).toBeNull()
      else if (NEVER_MET_FROM_DATA.includes(r.key)) {
        expect(r.prefill?.answer, r.key).toBe('evidence-incomplete')
        expect(r.prefill?.missing?.length, r.key).toBeGreaterThan(0)
      } else expect(r.prefill?.answer, `${r.key}: ${r.prefill?.evidence}`).toBe('met')
    }
  })

  it('suggests not met for every pre-filled marker on a newly created review, with evidence saying why', () => {
    for (const r of prefillQualityMarkers(newReview())) {
      if (PEOPLE_ONLY.includes(r.key)) continue
      expect(r.prefill?.answer, r.key).toBe(FROM_CLOCKS_AND_REGISTER.includes(r.key) ? 'evidence-incomplete' : 'not-met')
      expect(r.prefill?.evidence.trim(), r.key).not.toBe('')
    }
  })

  it('marks analysis as partly met when one map link has no evidence, and says so', () => {
    const result = prefill('analysis', finishedReview({ map: { edgesWithEvidence: 51 } }))
    expect(result?.answer).toBe('partly')
    expect(result?.evidence).toMatch(/51 of 52 map links have evidence/)
    expect(prefill('analysis', finishedReview())?.evidence).toMatch(/Every map link has evidence/)
  })

  it('marks family involvement met only when the family’s views are recorded', () => {
    expect(prefill('family-involvement', finishedReview())?.answer).toBe('met')
    expect(prefill('family-involvement', finishedReview({ family: { viewsRecorded: false } }))?.answer).toBe('partly')
    expect(prefill('family-involvement', finishedReview({ family: { invited: false, viewsRecorded: false } }))?.answer).toBe('not-met')
  })

  it('marks the report partly met while language issues are open', () => {
    const result = prefill('report', finishedReview({ languageIssuesOpen: 3 }))
    expect(result).toEqual({
      answer: 'partly',
      evidence: '3 flagged phrases unresolved. The publication edition passed the leak scan.',
    })
  })

  it('judges practitioner involvement by how many practitioners took part in conversations', () => {
    expect(prefill('practitioner-involvement', finishedReview({ conversations: { practitioners: 2 } }))).toEqual({
      answer: 'partly',
      evidence: '2 of 3 case group members took part in conversations.',
    })
    expect(prefill('practitioner-involvement', finishedReview({ conversations: { held: 0, practitioners: 0 } }))?.answer).toBe('not-met')
  })

  it('judges referral by working days from incident to notification', () => {
    // Incident Monday 1 March 2021, notified Tuesday 9 March: six working days.
    expect(prefill('referral', finishedReview({ dates: { incident: '2021-03-01', notification: '2021-03-09' } }))).toEqual({
      answer: 'partly',
      evidence: 'Notified 6 working days after the incident date; check whether the incident came to light later.',
    })
    expect(prefill('referral', finishedReview({ dates: { incident: '2021-03-01', notification: '2021-03-08' } }))?.answer).toBe('met')
    expect(prefill('referral', finishedReview({ dates: { incident: null } }))?.answer).toBe('partly')
  })

  it('leaves referral to people when the dates fall outside the bank holiday data', () => {
    expect(prefill('referral', finishedReview({ dates: { incident: '2017-03-01', notification: '2017-03-03' } }))).toBeNull()
  })

  it('marks the board’s response by the share of questions answered', () => {
    expect(prefill('board-response', finishedReview({ board: { questionsAnswered: 4 } }))?.answer).toBe('partly')
    expect(prefill('board-response', finishedReview({ board: { questionsAnswered: 0 } }))?.answer).toBe('not-met')
  })

  it('marks publication not met when the leak scan found identifying details', () => {
    expect(prefill('publication', finishedReview({ reports: { publicationLeakScanPassed: false } }))?.answer).toBe('not-met')
    expect(prefill('publication', finishedReview({ reports: { publicationLeakScanPassed: null } }))?.answer).toBe('partly')
  })

  it('does not read a clean leak scan as publication met: the impact of publishing and open parallel processes are missing', () => {
    const result = prefill('publication', finishedReview({ parallelProcesses: { open: 1 } }))
    expect(result?.answer).toBe('evidence-incomplete')
    expect(result?.missing).toEqual([
      'a record that the impact of publishing on the family, the child’s siblings and the practitioners was weighed, and the family told before publication',
      'agreement on timing with the 1 parallel process not yet concluded',
    ])
  })

  it('asks for evaluation, not only completion, before implementation could be met', () => {
    const result = prefill('implementation-and-evaluation', finishedReview({ board: { actionsCompleted: 6 } }))
    expect(result).toEqual({
      answer: 'evidence-incomplete', evidence: '6 actions agreed, 6 done, 0 overdue.',
      missing: ['evaluation: a record that the board checked whether the completed actions changed practice'],
    })
  })

  it('names findings without actions under improvement action, and the board knowing the reasons under advising board members', () => {
    expect(prefill('improvement-action', finishedReview({ board: { actionsAgreed: 2 } }))?.missing?.[0]).toBe('an action for each systemic finding (2 findings more than there are actions)')
    expect(prefill('advising-board-members', finishedReview())?.missing).toEqual([
      'a record that the whole board was told of the decision to review and its reasons (a board minute or briefing, with its date)',
    ])
    expect(prefill('advising-board-members', finishedReview({ boardLinkPersonRecorded: false }))?.answer).toBe('partly')
  })

  it('reads managing the review from the six-month clock and the reasons recorded for moving on', () => {
    const override = { reason: 'Agreed with the board to move on.', by: 'Lead', at: '2021-05-01T09:00:00.000Z' }
    const late = prefill('managing-the-review', finishedReview({
      stages: [{ stageKey: 'appraisal', completedAt: '2021-05-01T09:00:00.000Z', override }, { stageKey: 'report-and-publication', completedAt: '2021-10-01T09:00:00.000Z', override: null }],
    }))
    expect(late).toEqual({
      answer: 'partly',
      evidence: 'The report stage was finished on 2021-10-01, after the six months due by 2021-09-01; say why in the note. 1 stage moved on from with checks not passed, each with its reason recorded.',
    })
    const marker = qualityMarker('managing-the-review')!
    expect(marker.prefill!(finishedReview(), '2021-12-01')?.answer).toBe('partly')
    expect(marker.prefill!(finishedReview(), '2021-04-01')?.answer).toBe('evidence-incomplete')
    expect(prefill('managing-the-review', finishedReview({ dates: { decisionToReview: null } }))?.missing).toEqual(['the date of the decision to review, which starts the six-month clock for the report'])
  })

  it('reads parallel processes from the register, asking for confirmation when none are recorded', () => {
    expect(prefill('parallel-processes', finishedReview({ parallelProcesses: { total: 2, open: 1, kinds: ['criminal', 'inquest'] } }))).toEqual({
      answer: 'met', evidence: '2 parallel processes recorded (criminal proceedings and an inquest), each with its effect on the review; 1 not yet concluded.',
    })
    expect(prefill('parallel-processes', newReview())?.answer).toBe('evidence-incomplete')
  })

  it('marks implementation partly met while actions are overdue', () => {
    expect(prefill('implementation-and-evaluation', finishedReview({ board: { actionsOverdue: 2 } }))).toEqual({
      answer: 'partly',
      evidence: '6 actions agreed, 2 done, 2 overdue.',
    })
  })

  it('names the agencies whose chronology is missing when assembling information', () => {
    const result = prefill('assembling-information', finishedReview({ chronology: { agencies: ['Police'] } }))
    expect(result?.answer).toBe('partly')
    expect(result?.evidence).toMatch(/Children’s Social Care and Health Visiting/)
  })

  it('counts a rapid review decision with its reasons as a decision to review', () => {
    const snapshot = newReview({ rapidReview: { decision: 'no-lcspr', decisionRationale: 'Learning is already known.' } })
    expect(prefill('decision-to-review', snapshot)?.answer).toBe('met')
    expect(prefill('decision-to-review', newReview({ dates: { decisionToReview: '2021-03-01' } }))?.answer).toBe('partly')
  })
})
