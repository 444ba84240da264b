// Words for review facts and stage statuses, shared by pages and reports.
import type { StageProgress } from '../../methodology/packs/stage-status.js'
import type { ClockStatus } from '../../methodology/calendar/statutory-clocks.js'
import { BANK_HOLIDAY_SOURCE, LAST_YEAR_COVERED, STANDING_RULES } from '../../methodology/calendar/bank-holidays-england-wales.js'
import { AGE_BANDS, HARM_CATEGORIES, REGIONS } from '../../methodology/review-facts.js'
import { listPacks } from '../../methodology/packs/index.js'
import { REVIEW_ROLE_HINTS, REVIEW_ROLE_LABELS, REVIEW_ROLES } from '../../methodology/permissions.js'

export const STAGE_STATUS: Record<StageProgress, { text: string; colour: string | null }> = {
  'not-started': { text: 'Not started', colour: 'grey' },
  'in-progress': { text: 'In progress', colour: 'light-blue' },
  ready: { text: 'Ready', colour: 'yellow' },
  complete: { text: 'Complete', colour: null },
}

export const CLOCK_STATUS: Record<ClockStatus, { text: string; colour: string }> = {
  due: { text: 'Due', colour: 'blue' },
  'due-soon': { text: 'Due soon', colour: 'orange' },
  overdue: { text: 'Overdue', colour: 'red' },
  met: { text: 'Met', colour: 'green' },
  'not-started': { text: 'Not started', colour: 'grey' },
}

export function clockDaysText(daysRemaining: number | null): string {
  if (daysRemaining === null) return ''
  if (daysRemaining === 0) return 'due today'
  if (daysRemaining > 0) return `${daysRemaining} working day${daysRemaining === 1 ? '' : 's'} left`
  return `${-daysRemaining} working day${daysRemaining === -1 ? '' : 's'} overdue`
}

/** Why a deadline is marked provisional, shown beside it. */
export const PROVISIONAL_CLOCK_NOTE =
  `${BANK_HOLIDAY_SOURCE.publisher} has published bank holidays up to ${LAST_YEAR_COVERED} only, so this deadline counts the ` +
  `usual holidays of later years from the standing rules (${STANDING_RULES}) It may move if a holiday is added or moved.`

export const methodologyOptions = () => listPacks().map((p) => ({ value: p.key, text: p.title, hint: p.summary }))
export const regionOptions = () => REGIONS.map((r) => ({ value: r, text: r }))
export const ageBandOptions = () => AGE_BANDS.map((b) => ({ value: b.key, text: b.label }))
export const harmOptions = () => HARM_CATEGORIES.map((h) => ({ value: h.key, text: h.label }))
export const reviewRoleOptions = () => REVIEW_ROLES.map((r) => ({ value: r, text: REVIEW_ROLE_LABELS[r], hint: REVIEW_ROLE_HINTS[r] }))

export function methodologyTitle(key: string): string {
  return listPacks().find((p) => p.key === key)?.title ?? key
}
export function ageBandLabel(key: string | null): string | null {
  return AGE_BANDS.find((b) => b.key === key)?.label ?? null
}
export function harmLabel(key: string | null): string | null {
  return HARM_CATEGORIES.find((h) => h.key === key)?.label ?? null
}
