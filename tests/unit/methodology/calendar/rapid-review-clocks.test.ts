// Properties of the rapid review clocks: they count from when the partnership became aware, never from the
// incident, and land on working days with England and Wales bank holidays skipped.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { computeClocks } from '../../../../methodology/calendar/statutory-clocks.js'
import { isBankHoliday } from '../../../../methodology/calendar/bank-holidays-england-wales.js'
import { addDays, dayOfWeek, fromDayNumber, toDayNumber } from '../../../../methodology/calendar/iso-date.js'
import { isWorkingDay, workingDaysBetween } from '../../../../methodology/calendar/working-days.js'
import { rapidReview } from '../../../../methodology/packs/rapid-review.js'
import { newReview } from '../snapshot-builder.js'

// Dates inside GOV.UK's published bank holidays, so no deadline is provisional or refused.
const FIRST = toDayNumber('2019-01-01')
const LAST = toDayNumber('2027-11-30')
const date = fc.integer({ min: FIRST, max: LAST }).map(fromDayNumber)
const lag = fc.integer({ min: 0, max: 60 })

function clocksFor(incident: string, becameAware: string | null, today: string) {
  const snapshot = newReview({ methodology: 'rapid-review', dates: { incident, becameAware, notification: null } })
  return Object.fromEntries(computeClocks(rapidReview, snapshot, today).map((c) => [c.key, c]))
}

describe('rapid review clocks (properties)', () => {
  it('count 5 and 15 working days from awareness, whatever the incident date', () => {
    fc.assert(fc.property(date, lag, lag, (aware, before, otherBefore) => {
      const incident = addDays(aware, -before)
      const clocks = clocksFor(incident, aware, aware)
      expect(clocks['notify-national-panel']!.from).toBe(aware)
      expect(workingDaysBetween(aware, clocks['notify-national-panel']!.due!)).toBe(5)
      expect(workingDaysBetween(aware, clocks['rapid-review']!.due!)).toBe(15)
      // Moving the incident date moves nothing.
      const moved = clocksFor(addDays(aware, -otherBefore), aware, aware)
      expect(moved['notify-national-panel']!.due).toBe(clocks['notify-national-panel']!.due)
      expect(moved['rapid-review']!.due).toBe(clocks['rapid-review']!.due)
    }), { numRuns: 300 })
  })

  it('fall due on a working day: never a weekend or a bank holiday, and at least a week after awareness', () => {
    fc.assert(fc.property(date, (aware) => {
      for (const clock of Object.values(clocksFor(aware, aware, aware))) {
        const due = clock.due!
        expect(isWorkingDay(due)).toBe(true)
        expect(isBankHoliday(due)).toBe(false)
        expect([0, 6]).not.toContain(dayOfWeek(due))
        expect(due > aware).toBe(true)
        expect(toDayNumber(due) - toDayNumber(aware)).toBeGreaterThanOrEqual(clock.key === 'rapid-review' ? 19 : 5)
      }
    }), { numRuns: 300 })
  })

  it('count one more calendar day for every bank holiday inside the period than the weekday count alone', () => {
    fc.assert(fc.property(date, (aware) => {
      const due = clocksFor(aware, aware, aware)['rapid-review']!.due!
      let weekdays = 0
      let holidays = 0
      for (let n = toDayNumber(aware) + 1; n <= toDayNumber(due); n++) {
        const d = fromDayNumber(n)
        if (![0, 6].includes(dayOfWeek(d))) {
          weekdays++
          if (isBankHoliday(d)) holidays++
        }
      }
      expect(weekdays - holidays).toBe(15)
    }), { numRuns: 300 })
  })

  it('do not start without the awareness date, even with the incident recorded', () => {
    fc.assert(fc.property(date, (incident) => {
      for (const clock of Object.values(clocksFor(incident, null, incident))) expect(clock).toMatchObject({ status: 'not-started', due: null })
    }), { numRuns: 50 })
  })
})
