// Statutory and expected deadlines ("clocks") for a review, counted from its recorded dates.
//
// Each pack lists its clocks as data, built with the functions below, so a pack can change a period
// (say, a board that sets itself a shorter report deadline) without touching the calculation.
// Working-day periods skip weekends and England and Wales bank holidays. Calendar-month periods end on
// the same day of the month (or the month's last day), as the guidance states them in months.
//
// Sources, as we read them (check against the edition of Working Together in force when changing these):
// - Children Act 2004, section 16C, and Working Together to Safeguard Children (2018, chapter 4; 2023,
//   chapter 5): the local authority notifies the Child Safeguarding Practice Review Panel of a serious
//   incident within 5 working days of becoming aware of it. Both rapid review clocks count from the date the
//   partnership became aware (a rapid review's facts), never from the incident date.
// - Working Together (same chapters): safeguarding partners complete a rapid review within 15 working days
//   of becoming aware of the incident, and send it to the panel.
// - Working Together to Safeguard Children 2023, chapter 5 (as 2018, chapter 4, before it): a local child
//   safeguarding practice review should be completed and its report published within six months of the
//   decision to start it (the same six months the earlier serious case review guidance used).

import type { MethodologyPack } from '../packs/pack.js'
import type { ReviewSnapshot } from '../review-snapshot.js'
import { spansProvisionalYears } from './bank-holidays-england-wales.js'
import { addCalendarMonths, londonDateOf, toDayNumber, type IsoDate } from './iso-date.js'
import { addWorkingDays, workingDaysBetween } from './working-days.js'

export type ClockStatus = 'due' | 'due-soon' | 'overdue' | 'met' | 'not-started'

export type ClockPeriod =
  | { unit: 'working-days'; amount: number }
  | { unit: 'calendar-months'; amount: number }

/** Which of the review's recorded dates starts a clock. */
export type ClockStart = keyof ReviewSnapshot['dates']

export interface ClockDefinition {
  key: string
  /** What must be done, e.g. "Send the rapid review to the national panel". */
  label: string
  startsFrom: ClockStart
  period: ClockPeriod
  /** A clock with this many working days or fewer left shows as due soon. */
  dueSoonWithin: number
  /** The date the requirement was met, or `null` while it is still to do. */
  metOn(snapshot: ReviewSnapshot): IsoDate | null
  /** Where the deadline comes from, shown to users who ask why. */
  source: string
}

export interface ClockState {
  key: string
  label: string
  /** The period in words: "15 working days from notification". */
  basis: string
  /** The date the clock started; `null` when that date is not recorded yet. */
  from: IsoDate | null
  due: IsoDate | null
  /**
   * Working days from today to the due date: 0 on the day it is due, negative once overdue.
   * `null` when the clock has not started or has been met.
   */
  daysRemaining: number | null
  status: ClockStatus
  metOn: IsoDate | null
  source: string
  /**
   * True when the due date or the working days remaining were counted with bank holidays worked out from the
   * standing rules, because GOV.UK's data does not reach that year yet: show it as provisional.
   */
  provisional: boolean
}

const START_WORDS: Record<ClockStart, string> = {
  incident: 'the incident',
  notification: 'notification',
  becameAware: 'the partnership becoming aware of the incident',
  decisionToReview: 'the decision to review',
  plannedPublication: 'the planned publication',
  finalReportSent: 'the final report being sent',
}

/**
 * The clocks of a pack, as they stand on `today` (YYYY-MM-DD in England). A deadline after the bank holiday
 * data is worked out from the standing rules and marked provisional; one that needs a year before the data
 * throws CalendarYearNotCoveredError, since those holidays are history and are not guessed.
 */
export function computeClocks(pack: MethodologyPack, snapshot: ReviewSnapshot, today: IsoDate): ClockState[] {
  toDayNumber(today)
  return pack.clocks.map((clock) => computeClock(clock, snapshot, today))
}

export function computeClock(clock: ClockDefinition, snapshot: ReviewSnapshot, today: IsoDate): ClockState {
  const from = snapshot.dates[clock.startsFrom]
  const metOn = clock.metOn(snapshot)
  const base = { key: clock.key, label: clock.label, basis: describeBasis(clock), from, metOn, source: clock.source }
  if (from === null) {
    return { ...base, due: null, daysRemaining: null, status: metOn === null ? 'not-started' : 'met', provisional: false }
  }
  const due = dueDate(from, clock.period)
  const dueIsProvisional = clock.period.unit === 'working-days' && spansProvisionalYears(from, due)
  if (metOn !== null) return { ...base, due, daysRemaining: null, status: 'met', provisional: dueIsProvisional }
  const daysRemaining = workingDaysBetween(today, due)
  const status: ClockStatus = today > due ? 'overdue' : daysRemaining <= clock.dueSoonWithin ? 'due-soon' : 'due'
  return { ...base, due, daysRemaining, status, provisional: dueIsProvisional || spansProvisionalYears(today, due) }
}

export function dueDate(from: IsoDate, period: ClockPeriod): IsoDate {
  return period.unit === 'working-days' ? addWorkingDays(from, period.amount) : addCalendarMonths(from, period.amount)
}

function describeBasis(clock: ClockDefinition): string {
  const { unit } = clock.period
  // A negative period counts back: "7 working days before the planned publication".
  const amount = Math.abs(clock.period.amount)
  const length =
    unit === 'working-days'
      ? `${amount} working ${amount === 1 ? 'day' : 'days'}`
      : `${amount} ${amount === 1 ? 'month' : 'months'}`
  return `${length} ${clock.period.amount < 0 ? 'before' : 'from'} ${START_WORDS[clock.startsFrom]}`
}

/**
 * Notify the national panel within 5 working days of the partnership becoming aware of the incident. The law
 * counts from becoming aware, not from the incident: a death found days later starts the clock when it is found.
 */
export function notifyNationalPanelClock(workingDays = 5): ClockDefinition {
  return {
    key: 'notify-national-panel',
    label: 'Notify the national panel of the incident',
    startsFrom: 'becameAware',
    period: { unit: 'working-days', amount: workingDays },
    dueSoonWithin: 2,
    metOn: (s) => s.dates.notification,
    source:
      'Children Act 2004, section 16C, and Working Together to Safeguard Children 2023, chapter 5: the local authority ' +
      `tells the Child Safeguarding Practice Review Panel of a serious incident within ${workingDays} working days of becoming aware of it. ` +
      'Counted from the date the partnership became aware, not the date of the incident.',
  }
}

/** Complete the rapid review and send it to the national panel within 15 working days of becoming aware. */
export function rapidReviewClock(workingDays = 15): ClockDefinition {
  return {
    key: 'rapid-review',
    label: 'Complete the rapid review and send it to the national panel',
    startsFrom: 'becameAware',
    period: { unit: 'working-days', amount: workingDays },
    dueSoonWithin: 5,
    metOn: (s) => s.rapidReview.sentToNationalPanelOn,
    source:
      'Working Together to Safeguard Children 2023, chapter 5: the safeguarding partners carry out a rapid review as ' +
      `soon as possible and within ${workingDays} working days of becoming aware of the incident, and send it to the Panel. ` +
      'Counted from the date the partnership became aware.',
  }
}

/**
 * Send the final report to the Panel and the Department for Education at least `workingDays` before it is
 * published: a clock counted back from the planned publication date, met when the date sent is recorded.
 */
export function finalReportClock(workingDays = 7): ClockDefinition {
  return {
    key: 'final-report-to-panel',
    label: 'Send the final report to the national panel and the Department for Education',
    startsFrom: 'plannedPublication',
    period: { unit: 'working-days', amount: -workingDays },
    dueSoonWithin: 5,
    metOn: (s) => s.dates.finalReportSent,
    source:
      'Working Together to Safeguard Children 2023, chapter 5: the safeguarding partners send the final report to the ' +
      `Child Safeguarding Practice Review Panel and to the Department for Education at least ${workingDays} working days before it is published. ` +
      'Counted back from the planned publication date.',
  }
}

/**
 * Complete the review and publish its report within `months` of the decision to review. Met when the
 * pack's report stage is marked complete.
 */
export function reviewReportClock(reportStageKey: string, months = 6): ClockDefinition {
  return {
    key: 'review-report',
    label: 'Complete the review and publish the report',
    startsFrom: 'decisionToReview',
    period: { unit: 'calendar-months', amount: months },
    dueSoonWithin: 20,
    metOn: (s) => {
      const completedAt = s.stages.find((r) => r.stageKey === reportStageKey)?.completedAt ?? null
      return completedAt === null ? null : londonDateOf(completedAt)
    },
    source:
      'Working Together to Safeguard Children 2023, chapter 5 (chapter 4 of the 2018 edition): complete a local child ' +
      'safeguarding practice review and publish its report within six months of the decision to start it. A board may set its own period.',
  }
}
