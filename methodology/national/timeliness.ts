// The national return's timeliness: the statutory steps of a serious incident as durations in working days
// (England and Wales, with bank holidays: methodology/calendar/working-days.ts), the unit Working Together sets
// the notification and rapid review deadlines in. A duration is null when either date is not recorded, when
// the dates run backwards (a recording error, not a time), or when a year is before the bank holiday data.
import { CalendarYearNotCoveredError } from '../calendar/bank-holidays-england-wales.js'
import { workingDaysBetween } from '../calendar/working-days.js'
import type { IsoDate } from '../calendar/iso-date.js'
import type { ReturnTimeliness } from './return-format.js'

export interface TimelinessDates {
  /** The partnership became aware of the incident (the rapid review's facts). */
  becameAware: string | null
  /** The Panel was notified. */
  notification: string | null
  /** The rapid review was sent to the Panel. */
  rapidReviewSent: string | null
  /** The decision to carry out the review. */
  decision: string | null
  /** The report was published. */
  published: string | null
}

const ISO = /^\d{4}-\d{2}-\d{2}$/

export function workingDaysFromTo(from: string | null, to: string | null): number | null {
  if (!from || !to || !ISO.test(from) || !ISO.test(to)) return null
  try {
    const days = workingDaysBetween(from as IsoDate, to as IsoDate)
    return days < 0 ? null : days
  } catch (error) {
    if (error instanceof CalendarYearNotCoveredError) return null
    throw error
  }
}

export function timelinessOf(dates: TimelinessDates): ReturnTimeliness {
  return {
    awarenessToNotification: workingDaysFromTo(dates.becameAware, dates.notification),
    notificationToRapidReview: workingDaysFromTo(dates.notification, dates.rapidReviewSent),
    decisionToPublication: workingDaysFromTo(dates.decision, dates.published),
  }
}
