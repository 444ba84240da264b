import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { inTunnel, recordedInterval, tunnelPlace } from '../../../../methodology/chronology/tunnel.js'

const cutOff = '2021-04-10'

describe('the view in the tunnel', () => {
  it('places an event without a recorded date by when it happened', () => {
    expect(tunnelPlace({ dateStart: '2021-04-10', dateEnd: '2021-04-10', recordedAt: null }, cutOff)).toBe('known')
    expect(tunnelPlace({ dateStart: '2021-04-11', dateEnd: '2021-04-11', recordedAt: null }, cutOff)).toBe('later')
    expect(tunnelPlace({ dateStart: '2021-04-01', dateEnd: '2021-04-30', recordedAt: null }, cutOff)).toBe('maybe-later')
  })

  it('places an event that happened before the cut-off but was written down after it as recorded later', () => {
    expect(tunnelPlace({ dateStart: '2021-03-01', dateEnd: '2021-03-01', recordedAt: '2021-04-11' }, cutOff)).toBe('recorded-later')
    expect(tunnelPlace({ dateStart: '2021-03-01', dateEnd: '2021-03-01', recordedAt: '2021-04-11T09:00' }, cutOff)).toBe('recorded-later')
    expect(tunnelPlace({ dateStart: '2021-03-01', dateEnd: '2021-03-01', recordedAt: '2021-05' }, cutOff)).toBe('recorded-later')
    expect(tunnelPlace({ dateStart: '2021-03-01', dateEnd: '2021-03-01', recordedAt: '2021-04-10T23:59' }, cutOff)).toBe('known')
  })

  it('marks a record dated only to a month that runs past the cut-off as possibly later', () => {
    expect(tunnelPlace({ dateStart: '2021-03-01', dateEnd: '2021-03-01', recordedAt: '2021-04' }, cutOff)).toBe('maybe-later')
    expect(tunnelPlace({ dateStart: '2021-03-01', dateEnd: '2021-03-01', recordedAt: '2021' }, cutOff)).toBe('maybe-later')
    expect(tunnelPlace({ dateStart: '2021-03-01', dateEnd: '2021-03-01', recordedAt: '2021-03' }, cutOff)).toBe('known')
  })

  it('reads every stored form of a recorded date as a day interval', () => {
    expect(recordedInterval('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' })
    expect(recordedInterval('2023')).toEqual({ start: '2023-01-01', end: '2023-12-31' })
    expect(recordedInterval('2023-06-05T10:30')).toEqual({ start: '2023-06-05', end: '2023-06-05' })
  })

  it('never shows, without hindsight, a record made after the cut-off or an event after it', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10))
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 40 }), fc.option(day), day, (start, length, recorded, cut) => {
      const end = new Date(Date.parse(`${start}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10)
      const place = tunnelPlace({ dateStart: start, dateEnd: end, recordedAt: recorded }, cut)
      if (inTunnel(place)) {
        expect(start <= cut).toBe(true)
        if (recorded !== null) expect(recorded <= cut).toBe(true)
      } else {
        expect(start > cut || (recorded !== null && recorded > cut)).toBe(true)
      }
    }))
  })
})
