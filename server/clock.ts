// Time and ids are injected so tests are deterministic.
import { randomUUID } from 'node:crypto'
import { londonDateOf } from '../methodology/calendar/iso-date.js'

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests can set and move. */
export class FixedClock implements Clock {
  private current: Date
  constructor(start: string | Date) {
    this.current = new Date(start)
  }
  now(): Date {
    return new Date(this.current)
  }
  set(at: string | Date): void {
    this.current = new Date(at)
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000)
  }
}

export type IdGenerator = () => string

export const randomIds: IdGenerator = () => randomUUID()

/** Today's date in England, as YYYY-MM-DD: deadlines and "lapsed" are judged in local time. */
export function londonDate(at: Date): string {
  return londonDateOf(at.toISOString())
}
