// The view in the tunnel: what could be known at the end of a key practice episode. A record counts from when it
// was made when the agency's file says (a "date recorded" column), otherwise from when the event happened.
import { daysInMonth, formatYmd } from '../calendar/iso-date.js'

export interface TunnelInput {
  /** YYYY-MM-DD: the first and last day the event may have happened on. */
  dateStart: string
  dateEnd: string
  /** When the record was made, as stored: YYYY-MM-DDTHH:mm, YYYY-MM-DD, YYYY-MM or YYYY; null when the file does not say. */
  recordedAt: string | null
}

/**
 * `known`: on file by the cut-off. `maybe-later`: the event or its record is dated only to a week, month or year
 * that runs past the cut-off. `recorded-later`: it happened by the cut-off, but nobody had written it down yet.
 * `later`: it happened after the cut-off.
 */
export type TunnelPlace = 'known' | 'maybe-later' | 'recorded-later' | 'later'

/** The first and last day a stored "recorded" value may mean. */
export function recordedInterval(recordedAt: string): { start: string; end: string } {
  const year = Number(recordedAt.slice(0, 4))
  if (recordedAt.length === 4) return { start: `${recordedAt}-01-01`, end: `${recordedAt}-12-31` }
  if (recordedAt.length === 7) {
    const month = Number(recordedAt.slice(5, 7))
    return { start: `${recordedAt}-01`, end: formatYmd(year, month, daysInMonth(year, month)) }
  }
  const day = recordedAt.slice(0, 10)
  return { start: day, end: day }
}

export function tunnelPlace(event: TunnelInput, cutOff: string): TunnelPlace {
  if (event.dateStart > cutOff) return 'later'
  const recorded = event.recordedAt ? recordedInterval(event.recordedAt) : null
  if (recorded && recorded.start > cutOff) return 'recorded-later'
  if (event.dateEnd > cutOff || (recorded !== null && recorded.end > cutOff)) return 'maybe-later'
  return 'known'
}

/** Shown in the tunnel without hindsight: on file, or possibly on file, by the cut-off. */
export function inTunnel(place: TunnelPlace): boolean {
  return place === 'known' || place === 'maybe-later'
}
