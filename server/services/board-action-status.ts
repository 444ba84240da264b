// Where an agreed action stands on a given day. Overdue is worked out from the due date and today's date
// (from the injected clock), never stored, so it is always current.
import type { ActionStatus } from '../data/tables/findings.js'

export type ActionState = ActionStatus | 'overdue'

export const ACTION_STATUS_OPTIONS: ReadonlyArray<{ value: ActionStatus; text: string }> = [
  { value: 'not-started', text: 'Not started' },
  { value: 'in-progress', text: 'In progress' },
  { value: 'done', text: 'Done' },
]

export const ACTION_STATE_TAGS: Readonly<Record<ActionState, { text: string; colour: string }>> = {
  'not-started': { text: 'Not started', colour: 'grey' },
  'in-progress': { text: 'In progress', colour: 'blue' },
  done: { text: 'Done', colour: 'green' },
  overdue: { text: 'Overdue', colour: 'red' },
}

/** Days before the due date when an action counts as due soon. */
export const DUE_SOON_DAYS = 14

/** Overdue means not done and the due date has passed: an action due today is not yet overdue. */
export function isOverdue(action: { status: ActionStatus; due_date: string }, today: string): boolean {
  return action.status !== 'done' && action.due_date < today
}

export function actionState(action: { status: ActionStatus; due_date: string }, today: string): ActionState {
  return isOverdue(action, today) ? 'overdue' : action.status
}

/** YYYY-MM-DD plus n days, in calendar terms (no time zones involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export function isDueSoon(action: { status: ActionStatus; due_date: string }, today: string): boolean {
  return action.status !== 'done' && action.due_date >= today && action.due_date <= addDays(today, DUE_SOON_DAYS)
}
