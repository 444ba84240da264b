import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventDate, Precision } from '../../../../methodology/chronology/dates.js'
import {
  canonicalPattern,
  checkDateFormat,
  compileDateFormat,
  dateInterval,
  detectDateFormat,
  formatDate,
  fromExcelSerial,
  parseDate,
  parseTime,
  sortKey,
  toOccurredAt,
  withTime,
} from '../../../../methodology/chronology/dates.js'

const day = (date: string): EventDate => ({ date, time: null, precision: 'day' })
const minute = (date: string, time: string): EventDate => ({ date, time, precision: 'minute' })
const reduced = (date: string, precision: Precision): EventDate => ({ date, time: null, precision })

function expectValue(cell: Parameters<typeof parseDate>[0], pattern: string, value: EventDate) {
  expect(parseDate(cell, pattern)).toEqual({ ok: true, value })
}

function expectRejected(cell: Parameters<typeof parseDate>[0], pattern: string, reason: 'invalid-date' | 'missing-date', because?: RegExp) {
  const result = parseDate(cell, pattern)
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.reason).toBe(reason)
  if (because) expect(result.message).toMatch(because)
}

// Independent oracles, written with JavaScript's Date rather than the module's arithmetic.
const utcDay = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10)
const isRealDay = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(2000, m - 1, d))
  date.setUTCFullYear(y)
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}
const two = (n: number) => String(n).padStart(2, '0')

describe('parsing dates with an explicit format', () => {
  it('reads DD/MM/YYYY day first', () => {
    expectValue('21/05/2019', 'DD/MM/YYYY', day('2019-05-21'))
    expectValue('03/02/2020', 'DD/MM/YYYY', day('2020-02-03'))
    expectValue('3/2/2020', 'DD/MM/YYYY', day('2020-02-03'))
  })

  it('reads DD/MM/YY with 00–49 as 2000s and 50–99 as 1900s', () => {
    expectValue('21/05/19', 'DD/MM/YY', day('2019-05-21'))
    expectValue('01/01/49', 'DD/MM/YY', day('2049-01-01'))
    expectValue('01/01/50', 'DD/MM/YY', day('1950-01-01'))
    expectValue('22/11/96', 'DD/MM/YY', day('1996-11-22'))
  })

  it('reads MM/DD/YYYY month first only when told to', () => {
    expectValue('05/23/2020', 'MM/DD/YYYY', day('2020-05-23'))
    expectValue('02/03/2020', 'MM/DD/YYYY', day('2020-02-03'))
    expectValue('02/03/2020', 'DD/MM/YYYY', day('2020-03-02'))
  })

  it('reads DD-MM-YYYY and YYYY-MM-DD', () => {
    expectValue('05-11-2018', 'DD-MM-YYYY', day('2018-11-05'))
    expectValue('2019-03-12', 'YYYY-MM-DD', day('2019-03-12'))
  })

  it('treats / - and . as the same separator', () => {
    expectValue('14.08.2018', 'DD/MM/YYYY', day('2018-08-14'))
    expectValue('14-08-2018', 'DD/MM/YYYY', day('2018-08-14'))
  })

  it('reads month names short or full, in any case, including Sept', () => {
    expectValue('3 Feb 2020', 'D MMM YYYY', day('2020-02-03'))
    expectValue('17 apr 2019', 'D MMM YYYY', day('2019-04-17'))
    expectValue('23 JUNE 2020', 'D MMM YYYY', day('2020-06-23'))
    expectValue('9 Sept 2019', 'D MMM YYYY', day('2019-09-09'))
    expectValue('9 September 2019', 'D MMM YYYY', day('2019-09-09'))
    expectValue('1st Dec 2019', 'D MMM YYYY', day('2019-12-01'))
  })

  it('reads a trailing time after a date-only format', () => {
    expectValue('12 June 2020 02:15', 'D MMM YYYY', minute('2020-06-12', '02:15'))
    expectValue('26 May 2019 01:40', 'D MMM YYYY', minute('2019-05-26', '01:40'))
    expectValue('14/11/2019 23:40', 'DD/MM/YYYY', minute('2019-11-14', '23:40'))
    expectValue('14/11/2019 2:05 pm', 'DD/MM/YYYY', minute('2019-11-14', '14:05'))
    expectValue('14/11/2019 12:05 am', 'DD/MM/YYYY', minute('2019-11-14', '00:05'))
  })

  it('reads a date-time format, with or without the time', () => {
    expectValue('14/11/2019 23:40', 'DD/MM/YYYY HH:mm', minute('2019-11-14', '23:40'))
    expectValue('14/11/2019 23:40:59', 'DD/MM/YYYY HH:mm', minute('2019-11-14', '23:40'))
    expectValue('14/11/2019', 'DD/MM/YYYY HH:mm', day('2019-11-14'))
    expectValue('2019-11-14T08:05', 'YYYY-MM-DDTHH:mm', minute('2019-11-14', '08:05'))
  })

  it('accepts lower-case spreadsheet patterns such as dd/mm/yyyy hh:mm', () => {
    expect(canonicalPattern('dd/mm/yyyy hh:mm')).toBe('DD/MM/YYYY HH:mm')
    expect(canonicalPattern('d mmm yyyy')).toBe('D MMM YYYY')
    expectValue('14/11/2019 23:40', 'dd/mm/yyyy hh:mm', minute('2019-11-14', '23:40'))
  })

  it('rejects 31 February, month 13, 29 February outside a leap year and hour 25, saying why', () => {
    expectRejected('31/02/2020', 'DD/MM/YYYY', 'invalid-date', /February has no 31st/)
    expectRejected('31-02-2020', 'DD-MM-YYYY', 'invalid-date', /^31-02-2020 is not a real date/)
    expectRejected('12/13/2020', 'DD/MM/YYYY', 'invalid-date', /no month 13/)
    expectRejected('29/02/2019', 'DD/MM/YYYY', 'invalid-date', /2019 is not a leap year/)
    expectRejected('00/02/2019', 'DD/MM/YYYY', 'invalid-date', /no day 0/)
    expectRejected('14/11/2019 25:00', 'DD/MM/YYYY HH:mm', 'invalid-date', /no hour 25/)
    expectRejected('14/11/2019 23:60', 'DD/MM/YYYY', 'invalid-date', /no minute 60/)
    expectRejected('3 Foo 2020', 'D MMM YYYY', 'invalid-date', /'Foo' is not a month/)
    expectValue('29/02/2020', 'DD/MM/YYYY', day('2020-02-29'))
  })

  it('rejects an empty cell as a missing date, never inventing one', () => {
    expectRejected('', 'DD/MM/YYYY', 'missing-date')
    expectRejected('   ', 'DD/MM/YYYY', 'missing-date')
    expectRejected(null, 'excel', 'missing-date')
    expectRejected(undefined, 'ISO', 'missing-date')
  })

  it('rejects text that is not a date and names the expected format', () => {
    expectRejected('TBC', 'DD/MM/YYYY', 'invalid-date', /not a date in the form DD\/MM\/YYYY/)
    expectRejected('43831', 'DD/MM/YYYY', 'invalid-date')
    expectRejected('Spring 2020', 'DD/MM/YYYY', 'invalid-date')
  })
})

describe('ISO 8601', () => {
  it('reads dates and local times as written', () => {
    expectValue('2019-03-12', 'ISO', day('2019-03-12'))
    expectValue('2019-03-12T09:12', 'ISO', minute('2019-03-12', '09:12'))
    expectValue('2019-03-12 09:12:30', 'ISO', minute('2019-03-12', '09:12'))
  })

  it('converts a zone to the time in England, summer and winter', () => {
    expectValue('2020-06-12T01:15:00Z', 'ISO', minute('2020-06-12', '02:15'))
    expectValue('2020-06-12T01:15:00+01:00', 'ISO', minute('2020-06-12', '01:15'))
    expectValue('2020-01-12T01:15:00+01:00', 'ISO', minute('2020-01-12', '00:15'))
    expectValue('2020-01-12T23:15:00-05:00', 'ISO', minute('2020-01-13', '04:15'))
    expectValue('2020-06-30T23:30:00.000Z', 'ISO', minute('2020-07-01', '00:30'))
  })

  it('rejects impossible ISO dates', () => {
    expectRejected('2020-02-30', 'ISO', 'invalid-date', /February has no 30th/)
    expectRejected('2020-13-01T10:00Z', 'ISO', 'invalid-date', /no month 13/)
  })

  it('matches the British Summer Time rule for any instant from 1996 to 2037', () => {
    // Since 1996: BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
    const lastSunday = (y: number, m: number) => {
      const last = new Date(Date.UTC(y, m, 0))
      return Date.UTC(y, m - 1, last.getUTCDate() - last.getUTCDay(), 1)
    }
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2037, 11, 31) }), (ms) => {
        const instant = new Date(Math.floor(ms / 60_000) * 60_000)
        const y = instant.getUTCFullYear()
        const summer = instant.getTime() >= lastSunday(y, 3) && instant.getTime() < lastSunday(y, 10)
        const local = new Date(instant.getTime() + (summer ? 3_600_000 : 0)).toISOString()
        const result = parseDate(instant.toISOString(), 'ISO')
        expect(result).toEqual({ ok: true, value: minute(local.slice(0, 10), local.slice(11, 16)) })
      }),
    )
  })
})

describe('Excel dates', () => {
  it('reads serial numbers, whole and with a time of day', () => {
    expectValue('43831', 'excel', day('2020-01-01'))
    expectValue(43831, 'excel', day('2020-01-01'))
    expectValue(43831.5, 'excel', minute('2020-01-01', '12:00'))
    expectValue(43864.88194444444, 'excel', minute('2020-02-03', '21:10'))
  })

  it('handles the 1900 leap-year bug: serial 60 is rejected, 59 and 61 either side of it are real', () => {
    expectValue(1, 'excel', day('1900-01-01'))
    expectValue(59, 'excel', day('1900-02-28'))
    expectRejected(60, 'excel', 'invalid-date', /29 February 1900/)
    expectValue(61, 'excel', day('1900-03-01'))
    expectRejected(0, 'excel', 'invalid-date')
    expectRejected(-5, 'excel', 'invalid-date')
  })

  it('agrees with the 1899-12-30 epoch for every serial from 1 March 1900', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_465 }), (serial) => {
        const expected = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10)
        expect(fromExcelSerial(serial)).toEqual({ ok: true, value: day(expected) })
      }),
    )
  })

  it('reads real date cells, with the time when there is one, under any format', () => {
    expectValue(new Date('2019-03-20T00:00:00Z'), 'excel', day('2019-03-20'))
    expectValue(new Date('2019-03-20T09:12:00Z'), 'excel', minute('2019-03-20', '09:12'))
    expectValue(new Date('2019-03-20T09:11:59.998Z'), 'DD/MM/YYYY', minute('2019-03-20', '09:12'))
    expectRejected(new Date(Number.NaN), 'excel', 'invalid-date')
  })

  it('reads text typed into an Excel date column day first', () => {
    expectValue('12/03/2020', 'excel', day('2020-03-12'))
    expectValue('3 Feb 2020', 'excel', day('2020-02-03'))
  })

  it('reads a four-digit number as a year rather than a serial from 1905', () => {
    expectValue(2019, 'excel', reduced('2019-01-01', 'year'))
    expectValue('2019', 'excel', reduced('2019-01-01', 'year'))
  })
})

describe('reduced precision, whatever the format', () => {
  const patterns = ['DD/MM/YYYY', 'YYYY-MM-DD', 'D MMM YYYY', 'ISO', 'excel', 'DD/MM/YY']

  it.each(patterns)('keeps months, years and weeks as intervals under %s', (pattern) => {
    expectValue('Sept 2019', pattern, reduced('2019-09-01', 'month'))
    expectValue('September 2019', pattern, reduced('2019-09-01', 'month'))
    expectValue('jan 2020', pattern, reduced('2020-01-01', 'month'))
    expectValue('10/2019', pattern, reduced('2019-10-01', 'month'))
    expectValue('03/2020', pattern, reduced('2020-03-01', 'month'))
    expectValue('2019-10', pattern, reduced('2019-10-01', 'month'))
    expectValue('Sep-19', pattern, reduced('2019-09-01', 'month'))
    expectValue('2019', pattern, reduced('2019-01-01', 'year'))
    expectValue('w/c 07/06/2021', pattern, reduced('2021-06-07', 'week'))
    expectValue('W/C 7 June 2021', pattern, reduced('2021-06-07', 'week'))
    expectValue('week commencing 07/06/2021', pattern, reduced('2021-06-07', 'week'))
  })

  it('reads a w/c date day first, unless the file is month first', () => {
    expectValue('w/c 07/06/2021', 'DD/MM/YYYY', reduced('2021-06-07', 'week'))
    expectValue('w/c 06/07/2021', 'MM/DD/YYYY', reduced('2021-06-07', 'week'))
  })

  it('rejects an impossible month or week', () => {
    expectRejected('13/2019', 'DD/MM/YYYY', 'invalid-date', /no month 13/)
    expectRejected('w/c 31/02/2021', 'DD/MM/YYYY', 'invalid-date', /February has no 31st/)
    expectRejected('w/c soon', 'DD/MM/YYYY', 'invalid-date')
  })

  it('does not read "Sep 19" (a day without a year) as a month', () => {
    expectRejected('Sep 19', 'DD/MM/YYYY', 'invalid-date')
  })
})

describe('a separate time column', () => {
  it('reads HH:mm, HH.mm, HHmm and Excel times; blank is no time', () => {
    expect(parseTime('09:12')).toEqual({ ok: true, value: '09:12' })
    expect(parseTime('9.12')).toEqual({ ok: true, value: '09:12' })
    expect(parseTime('0912')).toEqual({ ok: true, value: '09:12' })
    expect(parseTime('21:10:45')).toEqual({ ok: true, value: '21:10' })
    expect(parseTime('2:15 pm')).toEqual({ ok: true, value: '14:15' })
    expect(parseTime(0.5)).toEqual({ ok: true, value: '12:00' })
    expect(parseTime(new Date('1899-12-30T09:12:00Z'))).toEqual({ ok: true, value: '09:12' })
    expect(parseTime('')).toEqual({ ok: true, value: null })
    expect(parseTime(null)).toEqual({ ok: true, value: null })
  })

  it('rejects impossible and unreadable times', () => {
    expect(parseTime('25:00')).toMatchObject({ ok: false, message: expect.stringMatching(/no hour 25/) })
    expect(parseTime('10:61')).toMatchObject({ ok: false, message: expect.stringMatching(/no minute 61/) })
    expect(parseTime('morning')).toMatchObject({ ok: false })
  })

  it('adds the time to a day but never to a month, week or year', () => {
    expect(withTime(day('2019-05-21'), '09:12')).toEqual(minute('2019-05-21', '09:12'))
    expect(withTime(day('2019-05-21'), null)).toEqual(day('2019-05-21'))
    expect(withTime(reduced('2019-09-01', 'month'), '09:12')).toEqual(reduced('2019-09-01', 'month'))
  })
})

describe('date formats', () => {
  it('refuses patterns that cannot give a date', () => {
    expect(checkDateFormat('DD/MM')).toMatch(/no year/)
    expect(checkDateFormat('DD/YYYY')).toMatch(/day but no month/)
    expect(checkDateFormat('DD/MM/YYYY HH')).toMatch(/no minutes/)
    expect(checkDateFormat('DD/MM/YYYY/YYYY')).toMatch(/twice/)
    expect(checkDateFormat('')).toMatch(/Enter a date format/)
    expect(checkDateFormat('DD/MM/YYYY')).toBeNull()
    expect(checkDateFormat('ISO')).toBeNull()
    expect(checkDateFormat('excel')).toBeNull()
    expect(() => compileDateFormat('DD/MM')).toThrow(RangeError)
  })
})

describe('detecting the date format', () => {
  it('prefers day first when both readings fit', () => {
    expect(detectDateFormat(['01/02/2020', '03/04/2020', '05/06/2020'])).toBe('DD/MM/YYYY')
  })

  it('chooses month first only when no day-first reading fits', () => {
    expect(detectDateFormat(['12/25/2019', '01/02/2020', '05/23/2020'])).toBe('MM/DD/YYYY')
    expect(detectDateFormat(['25/12/2019', '01/02/2020', '31/02/2020'])).toBe('DD/MM/YYYY')
  })

  it('names the separator and the digits the file uses', () => {
    expect(detectDateFormat(['05-11-2018', '14-03-2019'])).toBe('DD-MM-YYYY')
    expect(detectDateFormat(['2019-03-12', '2019-04-09'])).toBe('YYYY-MM-DD')
    expect(detectDateFormat(['21/05/19', '22/05/19'])).toBe('DD/MM/YY')
    expect(detectDateFormat(['3 Feb 2020', '17 Apr 2019', '12 June 2020 02:15'])).toBe('D MMM YYYY')
  })

  it('adds HH:mm when every date has a time', () => {
    expect(detectDateFormat(['14/04/2019 19:20', '18/05/2019 16:05'])).toBe('DD/MM/YYYY HH:mm')
    expect(detectDateFormat(['14/04/2019 19:20', '18/05/2019'])).toBe('DD/MM/YYYY')
  })

  it('recognises ISO timestamps and Excel cells', () => {
    expect(detectDateFormat(['2020-06-12T01:15:00Z', '2020-06-13T01:15:00+01:00'])).toBe('ISO')
    expect(detectDateFormat([new Date('2019-03-20T00:00:00Z'), null, new Date('2019-04-17T00:00:00Z')])).toBe('excel')
    expect(detectDateFormat(['43831', '43832'])).toBe('excel')
  })

  it('leaves reduced-precision cells out and falls back to DD/MM/YYYY', () => {
    expect(detectDateFormat(['Sept 2019', '10/2019', '2019', '09/09/2019'])).toBe('DD/MM/YYYY')
    expect(detectDateFormat(['Sept 2019', 'TBC', ''])).toBe('DD/MM/YYYY')
    expect(detectDateFormat([])).toBe('DD/MM/YYYY')
  })
})

describe('intervals, occurredAt and sort order', () => {
  it('gives the inclusive interval of each precision', () => {
    expect(dateInterval(minute('2020-02-03', '21:10'))).toEqual({ start: '2020-02-03', end: '2020-02-03' })
    expect(dateInterval(reduced('2021-06-07', 'week'))).toEqual({ start: '2021-06-07', end: '2021-06-13' })
    expect(dateInterval(reduced('2020-02-01', 'month'))).toEqual({ start: '2020-02-01', end: '2020-02-29' })
    expect(dateInterval(reduced('2019-02-01', 'month'))).toEqual({ start: '2019-02-01', end: '2019-02-28' })
    expect(dateInterval(reduced('2019-01-01', 'year'))).toEqual({ start: '2019-01-01', end: '2019-12-31' })
    expect(dateInterval(reduced('2019-12-30', 'week'))).toEqual({ start: '2019-12-30', end: '2020-01-05' })
  })

  it('writes occurredAt at the precision of the source', () => {
    expect(toOccurredAt(minute('2020-02-03', '21:10'))).toBe('2020-02-03T21:10')
    expect(toOccurredAt(day('2020-02-03'))).toBe('2020-02-03')
    expect(toOccurredAt(reduced('2021-06-07', 'week'))).toBe('2021-06-07')
    expect(toOccurredAt(reduced('2019-09-01', 'month'))).toBe('2019-09')
    expect(toOccurredAt(reduced('2019-01-01', 'year'))).toBe('2019')
  })

  it('sorts a reduced-precision event at the start of its interval, before the exact events of that day', () => {
    const keys = [
      minute('2019-09-01', '09:00'),
      day('2019-09-01'),
      reduced('2019-09-01', 'month'),
      reduced('2019-01-01', 'year'),
      day('2019-08-31'),
      minute('2019-09-02', '00:00'),
    ].map(sortKey)
    const order = [...keys].sort()
    expect(order).toEqual([keys[3], keys[4], keys[2], keys[1], keys[0], keys[5]])
  })

  it('sorts by the start of the interval for any two events', () => {
    const anyValue = fc
      .record({
        dayNumber: fc.integer({ min: 0, max: 40_000 }),
        precision: fc.constantFrom<Precision>('minute', 'day', 'week', 'month', 'year'),
        minutes: fc.integer({ min: 0, max: 1439 }),
      })
      .map(({ dayNumber, precision, minutes }) => {
        const iso = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10)
        const date = precision === 'month' ? `${iso.slice(0, 8)}01` : precision === 'year' ? `${iso.slice(0, 4)}-01-01` : iso
        return { date, time: precision === 'minute' ? `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}` : null, precision }
      })
    fc.assert(
      fc.property(anyValue, anyValue, (a, b) => {
        if (a.date < b.date) expect(sortKey(a) < sortKey(b)).toBe(true)
        if (a.date === b.date && a.time !== null && b.time !== null && a.time < b.time) expect(sortKey(a) < sortKey(b)).toBe(true)
      }),
    )
  })
})

describe('properties', () => {
  const dayArb = (minYear: number, maxYear: number) =>
    fc
      .record({ y: fc.integer({ min: minYear, max: maxYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
      .filter(({ y, m, d }) => isRealDay(y, m, d))
  const timeArb = fc.option(
    fc.record({ h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }) }).map(({ h, mi }) => `${two(h)}:${two(mi)}`),
    { nil: null },
  )
  const value = (minYear: number, maxYear: number) =>
    fc.record({ day: dayArb(minYear, maxYear), time: timeArb }).map(({ day: { y, m, d }, time }): EventDate => ({
      date: utcDay(y, m, d),
      time,
      precision: time === null ? 'day' : 'minute',
    }))

  const fourDigitYearPatterns = ['DD/MM/YYYY', 'MM/DD/YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD', 'D MMM YYYY', 'D MMMM YYYY', 'DD/MM/YYYY HH:mm', 'ISO']

  it.each(fourDigitYearPatterns)('round-trips random dates and times through %s', (pattern) => {
    fc.assert(fc.property(value(1000, 9999), (v) => {
      expect(parseDate(formatDate(v, pattern), pattern)).toEqual({ ok: true, value: v })
    }))
  })

  it('round-trips two-digit years inside the 1950–2049 window', () => {
    fc.assert(fc.property(value(1950, 2049), (v) => {
      expect(parseDate(formatDate(v, "DD/MM/YY"), "DD/MM/YY")).toEqual({ ok: true, value: v })
    }))
  })

  it('round-trips Excel serials (from 1928, as four-digit numbers are years; midnight reads as no time)', () => {
    fc.assert(
      fc.property(value(1928, 9999).filter((v) => v.time !== '00:00'), (v) => {
        expect(parseDate(formatDate(v, "excel"), "excel")).toEqual({ ok: true, value: v })
      }),
    )
  })

  it('round-trips reduced precision through every format', () => {
    const reducedValue = fc.record({ day: dayArb(1000, 9999), precision: fc.constantFrom<Precision>('week', 'month', 'year') }).map(({ day: { y, m, d }, precision }) => {
      const iso = utcDay(y, m, d)
      return reduced(precision === 'month' ? `${iso.slice(0, 8)}01` : precision === 'year' ? `${iso.slice(0, 4)}-01-01` : iso, precision)
    })
    fc.assert(
      fc.property(reducedValue, fc.constantFrom(...fourDigitYearPatterns, 'excel'), (v, pattern) => {
        expect(parseDate(formatDate(v, pattern), pattern)).toEqual({ ok: true, value: v })
      }),
    )
  })

  it('agrees with JavaScript Date on which day a DD/MM/YYYY string names', () => {
    fc.assert(
      fc.property(dayArb(1000, 9999), ({ y, m, d }) => {
        expect(parseDate(`${two(d)}/${two(m)}/${y}`, 'DD/MM/YYYY')).toEqual({ ok: true, value: day(utcDay(y, m, d)) })
      }),
    )
  })

  it('always rejects impossible day and month combinations, in every numeric format', () => {
    const impossible = fc
      .record({ y: fc.integer({ min: 1000, max: 9999 }), m: fc.integer({ min: 0, max: 99 }), d: fc.integer({ min: 0, max: 99 }) })
      .filter(({ y, m, d }) => m < 1 || m > 12 || d < 1 || !isRealDay(y, m, d))
    fc.assert(
      fc.property(impossible, ({ y, m, d }) => {
        for (const [text, pattern] of [
          [`${two(d)}/${two(m)}/${y}`, 'DD/MM/YYYY'],
          [`${two(m)}/${two(d)}/${y}`, 'MM/DD/YYYY'],
          [`${y}-${two(m)}-${two(d)}`, 'YYYY-MM-DD'],
          [`${y}-${two(m)}-${two(d)}`, 'ISO'],
          [`${two(d)}-${two(m)}-${y}`, 'DD-MM-YYYY'],
        ] as const) {
          const result = parseDate(text, pattern)
          expect(result.ok, `${text} read as ${pattern}`).toBe(false)
          if (!result.ok) expect(result.reason).toBe('invalid-date')
        }
      }),
    )
  })

  it('always rejects impossible times', () => {
    const badTime = fc.oneof(
      fc.record({ h: fc.integer({ min: 24, max: 99 }), mi: fc.integer({ min: 0, max: 59 }) }),
      fc.record({ h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 60, max: 99 }) }),
    )
    fc.assert(
      fc.property(dayArb(1900, 2100), badTime, ({ y, m, d }, { h, mi }) => {
        const text = `${two(d)}/${two(m)}/${y} ${two(h)}:${two(mi)}`
        expect(parseDate(text, 'DD/MM/YYYY HH:mm')).toMatchObject({ ok: false, reason: 'invalid-date' })
        expect(parseTime(`${two(h)}:${two(mi)}`).ok).toBe(false)
      }),
    )
  })

  it('never gives a finer precision than the input', () => {
    const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']
    const written = fc.record({ day: dayArb(1950, 2049), form: fc.integer({ min: 0, max: 7 }), anyPattern: fc.constantFrom('DD/MM/YYYY', 'D MMM YYYY', 'ISO', 'excel') }).map(({ day: { y, m, d }, form, anyPattern }) => {
      const forms: [string, Precision][] = [
        [String(y), 'year'],
        [`${monthNames[m - 1]} ${y}`, 'month'],
        [`${two(m)}/${y}`, 'month'],
        [`${m}/${y}`, 'month'],
        [`w/c ${two(d)}/${two(m)}/${y}`, 'week'],
        [`${two(d)}/${two(m)}/${y}`, 'day'],
        [`${d} ${monthNames[m - 1]} ${y}`, 'day'],
        [`${two(d)}/${two(m)}/${y} 10:30`, 'minute'],
      ]
      const [text, precision] = forms[form] as [string, Precision]
      // Reduced forms read under any format; a full date needs a format that fits it.
      const pattern = form <= 4 ? anyPattern : form === 6 ? 'D MMM YYYY' : 'DD/MM/YYYY'
      return { text, precision, pattern }
    })
    fc.assert(
      fc.property(written, ({ text, precision, pattern }) => {
        const result = parseDate(text, pattern)
        expect(result.ok).toBe(true)
        if (result.ok) expect(result.value.precision).toBe(precision)
      }),
    )
  })
})
