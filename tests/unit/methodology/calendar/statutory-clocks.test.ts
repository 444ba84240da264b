import { describe, expect, it } from 'vitest'
import { CalendarYearNotCoveredError } from '../../../../methodology/calendar/bank-holidays-england-wales.js'
import {
  computeClocks,
  rapidReviewClock,
  reviewReportClock,
  type ClockState,
} from '../../../../methodology/calendar/statutory-clocks.js'
import { learningTogether } from '../../../../methodology/packs/learning-together.js'
import type { MethodologyPack } from '../../../../methodology/packs/pack.js'
import { rapidReview } from '../../../../methodology/packs/rapid-review.js'
import { newReview, type SnapshotPatch } from '../snapshot-builder.js'

function clock(pack: MethodologyPack, key: string, patch: SnapshotPatch, today: string): ClockState {
  const found = computeClocks(pack, newReview({ methodology: pack.key, ...patch }), today).find((c) => c.key === key)
  if (!found) throw new Error(`no clock ${key}`)
  return found
}

// Aware (and notified) Wednesday 23 December 2020: the 15th working day is Monday 18 January 2021.
const notifiedBeforeChristmas: SnapshotPatch = { dates: { incident: '2020-12-21', becameAware: '2020-12-23', notification: '2020-12-23' } }

describe('rapid review clock', () => {
  it('is due 15 working days after the partnership became aware, skipping Christmas and New Year bank holidays', () => {
    const state = clock(rapidReview, 'rapid-review', notifiedBeforeChristmas, '2020-12-23')
    expect(state).toMatchObject({ from: '2020-12-23', due: '2021-01-18', daysRemaining: 15, status: 'due', metOn: null })
    expect(state.basis).toBe('15 working days from the partnership becoming aware of the incident')
    expect(state.source).toMatch(/Working Together/)
  })

  it('is still due with six working days left', () => {
    expect(clock(rapidReview, 'rapid-review', notifiedBeforeChristmas, '2021-01-08')).toMatchObject({ daysRemaining: 6, status: 'due' })
  })

  it('is due soon with five working days left', () => {
    expect(clock(rapidReview, 'rapid-review', notifiedBeforeChristmas, '2021-01-11')).toMatchObject({ daysRemaining: 5, status: 'due-soon' })
  })

  it('is due soon, with no days left, on the due date itself', () => {
    expect(clock(rapidReview, 'rapid-review', notifiedBeforeChristmas, '2021-01-18')).toMatchObject({ daysRemaining: 0, status: 'due-soon' })
  })

  it('is overdue the day after, counting working days late', () => {
    expect(clock(rapidReview, 'rapid-review', notifiedBeforeChristmas, '2021-01-19')).toMatchObject({ daysRemaining: -1, status: 'overdue' })
    expect(clock(rapidReview, 'rapid-review', notifiedBeforeChristmas, '2021-01-23')).toMatchObject({ daysRemaining: -5, status: 'overdue' })
  })

  it('is met once the rapid review was sent to the panel, whatever today is', () => {
    const state = clock(
      rapidReview,
      'rapid-review',
      { ...notifiedBeforeChristmas, rapidReview: { sentToNationalPanelOn: '2021-01-15' } },
      '2021-03-01',
    )
    expect(state).toMatchObject({ status: 'met', metOn: '2021-01-15', due: '2021-01-18', daysRemaining: null })
  })

  it('has not started while the date the partnership became aware is not recorded, whatever the incident and notification dates', () => {
    expect(clock(rapidReview, 'rapid-review', { dates: { incident: '2020-12-21', notification: '2020-12-23' } }, '2021-01-19')).toMatchObject({
      from: null,
      due: null,
      daysRemaining: null,
      status: 'not-started',
    })
  })

  it('can be set to a different number of working days for a pack', () => {
    const pack: MethodologyPack = { ...rapidReview, clocks: [rapidReviewClock(10)] }
    const state = clock(pack, 'rapid-review', notifiedBeforeChristmas, '2020-12-23')
    expect(state.due).toBe('2021-01-11')
    expect(state.basis).toBe('10 working days from the partnership becoming aware of the incident')
  })
})

describe('notifying the national panel', () => {
  it('is due 5 working days after the partnership became aware, not the incident, and met by the notification', () => {
    // Incident on Friday 18 December 2020, found on Monday 21 December.
    const foundLater: SnapshotPatch = { dates: { incident: '2020-12-18', becameAware: '2020-12-21', notification: '2020-12-23' } }
    expect(clock(rapidReview, 'notify-national-panel', foundLater, '2020-12-23')).toMatchObject({
      from: '2020-12-21',
      due: '2020-12-30', // 22, 23, 24, 29 and 30 December: 25 and 28 are bank holidays
      status: 'met',
      metOn: '2020-12-23',
    })
    expect(clock(rapidReview, 'notify-national-panel', foundLater, '2020-12-23').source).toMatch(/within 5 working days of becoming aware/)
  })

  it('is overdue when awareness is recorded but no notification is, after 5 working days', () => {
    expect(clock(rapidReview, 'notify-national-panel', { dates: { incident: '2021-02-20', becameAware: '2021-03-01' } }, '2021-03-10')).toMatchObject({
      due: '2021-03-08',
      daysRemaining: -2,
      status: 'overdue',
    })
  })
})

describe('review report clock', () => {
  const decided: SnapshotPatch = { dates: { decisionToReview: '2021-03-01' } }

  it('is due six calendar months after the decision to review', () => {
    expect(clock(learningTogether, 'review-report', decided, '2021-07-01')).toMatchObject({
      from: '2021-03-01',
      due: '2021-09-01',
      status: 'due',
    })
  })

  it('is due soon within 20 working days, counting the August bank holiday out', () => {
    // 11 August to 1 September 2021 holds 16 weekdays, one of them the summer bank holiday on 30 August.
    expect(clock(learningTogether, 'review-report', decided, '2021-08-10')).toMatchObject({ daysRemaining: 15, status: 'due-soon' })
  })

  it('ends on the last day of a shorter month', () => {
    expect(clock(learningTogether, 'review-report', { dates: { decisionToReview: '2021-08-31' } }, '2021-09-01').due).toBe('2022-02-28')
  })

  it('is met on the London date the report stage was completed', () => {
    const state = clock(
      learningTogether,
      'review-report',
      { ...decided, stages: [{ stageKey: 'report-and-publication', completedAt: '2021-08-31T23:30:00.000Z', override: null }] },
      '2021-10-01',
    )
    expect(state).toMatchObject({ status: 'met', metOn: '2021-09-01' })
  })

  it('can be given a different period by a pack', () => {
    const pack: MethodologyPack = { ...learningTogether, clocks: [reviewReportClock('report-and-publication', 9)] }
    expect(clock(pack, 'review-report', decided, '2021-07-01')).toMatchObject({ due: '2021-12-01', basis: '9 months from the decision to review' })
  })

  it('works out a deadline after the bank holiday data, counting the days left provisionally', () => {
    const snapshot = newReview({ dates: { decisionToReview: '2027-09-01' } })
    const [state] = computeClocks(learningTogether, snapshot, '2027-10-01')
    expect(state).toMatchObject({ due: '2028-03-01', status: 'due', provisional: true })
  })

  it('throws rather than guess when a deadline needs a year before the bank holiday data', () => {
    const snapshot = newReview({ dates: { becameAware: '2017-12-20' } })
    expect(() => computeClocks(rapidReview, snapshot, '2018-01-10')).toThrow(CalendarYearNotCoveredError)
  })
})

describe('final report to the Panel and the Department', () => {
  it('is due 7 working days before the planned publication, counting back over the Easter bank holidays', () => {
    // Publication planned for Friday 9 April 2021: back over 8, 7 and 6 April, Easter Monday (5) and Good Friday (2)
    // skipped, then 1 April and 31, 30 and 29 March.
    const state = clock(learningTogether, 'final-report-to-panel', { dates: { plannedPublication: '2021-04-09' } }, '2021-03-01')
    expect(state).toMatchObject({ from: '2021-04-09', due: '2021-03-29', status: 'due', basis: '7 working days before the planned publication' })
    expect(state.source).toMatch(/at least 7 working days before it is published/)
  })

  it('is met once the report was sent, and overdue when publication is near and it was not', () => {
    expect(clock(learningTogether, 'final-report-to-panel', { dates: { plannedPublication: '2021-04-21', finalReportSent: '2021-04-09' } }, '2021-04-20')).toMatchObject({ status: 'met', metOn: '2021-04-09' })
    expect(clock(learningTogether, 'final-report-to-panel', { dates: { plannedPublication: '2021-04-21' } }, '2021-04-14')).toMatchObject({ status: 'overdue', daysRemaining: -2 })
  })

  it('has not started while no publication date is planned', () => {
    expect(clock(learningTogether, 'final-report-to-panel', {}, '2021-04-14')).toMatchObject({ status: 'not-started', due: null })
  })
})

describe('provisional deadlines', () => {
  it('marks a working-day deadline in 2028 provisional, and one inside the data not', () => {
    const late: SnapshotPatch = { dates: { incident: '2028-08-24', becameAware: '2028-09-01', notification: '2028-09-01' } }
    expect(clock(rapidReview, 'rapid-review', late, '2028-09-01')).toMatchObject({ due: '2028-09-22', daysRemaining: 15, provisional: true })
    expect(clock(rapidReview, 'rapid-review', notifiedBeforeChristmas, '2020-12-23').provisional).toBe(false)
  })

  it('keeps a met deadline inside the data firm even when today is after it', () => {
    const met = { ...notifiedBeforeChristmas, rapidReview: { sentToNationalPanelOn: '2021-01-15' } }
    expect(clock(rapidReview, 'rapid-review', met, '2029-03-01')).toMatchObject({ status: 'met', provisional: false })
  })

  it('marks the working days left provisional when today and the due date straddle the end of the data', () => {
    const decided: SnapshotPatch = { dates: { decisionToReview: '2027-07-01' } }
    expect(clock(learningTogether, 'review-report', decided, '2027-12-01')).toMatchObject({ due: '2028-01-01', provisional: true })
    expect(clock(learningTogether, 'review-report', { dates: { decisionToReview: '2027-03-01' } }, '2027-08-01')).toMatchObject({ provisional: false })
  })
})

describe('computeClocks', () => {
  it('returns one state per clock in the pack, in order', () => {
    expect(computeClocks(rapidReview, newReview(), '2021-01-04').map((c) => c.key)).toEqual(['notify-national-panel', 'rapid-review'])
    expect(computeClocks(learningTogether, newReview(), '2021-01-04').map((c) => c.key)).toEqual(['review-report', 'final-report-to-panel'])
  })

  it('refuses a today that is not a date', () => {
    expect(() => computeClocks(rapidReview, newReview(), '04/01/2021')).toThrow(RangeError)
  })
})
