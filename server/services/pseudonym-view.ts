// Real names or pseudonyms on screen. Pages that show case text (chronology, conversations, quotes,
// documents) pass it through a NameView: the lead reviewer and review team choose real names or
// pseudonyms (remembered per review); everyone else always sees pseudonyms.
import { pseudonymise } from '../../methodology/redaction/pseudonymise.js'
import type { RegisterPerson } from '../../methodology/redaction/person-register.js'
import { cleanFileName } from '../export/file-names.js'
import { BadInput } from '../errors.js'
import { listPersons } from '../data/persons.js'
import { findNameDisplay, saveNameDisplay, type NameDisplay } from '../data/name-display.js'
import type { Executor } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { toRegisterPerson } from './persons.js'
import { bumpContentVersion } from '../data/review-standing.js'
import { cachedView } from './view-cache.js'
import type { ReviewViewer } from './viewer.js'

export type { NameDisplay }

/** Who is looking: `canSeeRealNames` is the persons.view capability (lead reviewer and review team). */
export interface NameViewer {
  reviewId: string
  userId: string
  canSeeRealNames: boolean
  /** A one-off choice from the page's address (`?names=pseudonyms` or `?names=real`), not remembered. */
  requested?: string | undefined
}

/** What the name-toggle partial renders. */
export interface NameToggle {
  canChoose: boolean
  display: NameDisplay
  action: string
  returnTo: string
  switchTo: NameDisplay
  statusText: string
  buttonText: string
}

export interface NameView {
  display: NameDisplay
  /** The text as this viewer may see it: unchanged for real names, otherwise pseudonymised. */
  show(text: string | null | undefined): string
  /** Many texts at once (a whole chronology page): the same as show() on each, faster. */
  showMany(texts: readonly (string | null | undefined)[]): string[]
  toggle: NameToggle
}

export async function loadRegister(db: Executor, reviewId: string): Promise<RegisterPerson[]> {
  return (await listPersons(db, reviewId)).map(toRegisterPerson)
}

/** Pseudonymises the texts of one review, one at a time or many at once. */
export interface Pseudonymiser {
  (text: string): string
  /** Faster than one call per text for a whole page (the register is prepared once for them all). */
  many(texts: readonly string[]): string[]
}

// Stands between texts pseudonymised together: no name, address or identifier can run across it.
const SEPARATOR = '\n\u241E\u241E\u241E\n'

/** A function that pseudonymises text for one review: real names become pseudonyms, identifiers are removed. */
export async function pseudonymiserFor(db: Executor, reviewId: string): Promise<Pseudonymiser> {
  const register = await loadRegister(db, reviewId)
  const cache = new Map<string, string>()
  const remember = (text: string, out: string) => {
    if (cache.size < 5000) cache.set(text, out)
  }
  const one = (text: string): string => {
    if (text === '') return text
    let out = cache.get(text)
    if (out === undefined) {
      out = pseudonymise(text, register)
      remember(text, out)
    }
    return out
  }
  const many = (texts: readonly string[]): string[] => {
    const todo = [...new Set(texts.filter((t) => t !== '' && !cache.has(t) && !t.includes('\u241E')))]
    if (todo.length > 1) {
      const out = pseudonymise(todo.join(SEPARATOR), register).split(SEPARATOR)
      // Should anything have been removed across a separator, fall back to one text at a time.
      if (out.length === todo.length) todo.forEach((t, i) => remember(t, out[i] ?? ''))
    }
    return texts.map((t) => cache.get(t) ?? one(t))
  }
  return Object.assign(one, { many })
}

/** One text, pseudonymised for a review (for many texts, use pseudonymiserFor once). */
export async function pseudonymiseForReview(db: Executor, reviewId: string, text: string): Promise<string> {
  return (await pseudonymiserFor(db, reviewId))(text)
}

/** The viewer's current choice: reviewers default to real names; everyone else always gets pseudonyms. */
export async function nameDisplayFor(db: Executor, viewer: NameViewer): Promise<NameDisplay> {
  if (!viewer.canSeeRealNames) return 'pseudonyms'
  if (viewer.requested === 'pseudonyms' || viewer.requested === 'real') return viewer.requested
  return (await findNameDisplay(db, viewer.userId, viewer.reviewId)) ?? 'real'
}

/**
 * The name view for a page. `returnTo` is the page's own path and query (request.url), so the toggle
 * brings the viewer back to where they were.
 */
export async function nameViewFor(db: Executor, viewer: NameViewer, returnTo: string): Promise<NameView> {
  const display = await nameDisplayFor(db, viewer)
  const pseudonymiseText = display === 'pseudonyms' ? await pseudonymiserFor(db, viewer.reviewId) : null
  const switchTo: NameDisplay = display === 'real' ? 'pseudonyms' : 'real'
  return {
    display,
    show: (text) => (pseudonymiseText ? pseudonymiseText(text ?? '') : (text ?? '')),
    showMany: (texts) => (pseudonymiseText ? pseudonymiseText.many(texts.map((t) => t ?? '')) : texts.map((t) => t ?? '')),
    toggle: {
      canChoose: viewer.canSeeRealNames,
      display,
      action: `/reviews/${viewer.reviewId}/names`,
      returnTo: safeReturnPath(returnTo, viewer.reviewId),
      switchTo,
      statusText: display === 'real'
        ? 'Showing real names.'
        : viewer.canSeeRealNames
          ? 'Showing pseudonyms: real names are replaced and identifiers such as dates of birth and addresses are removed.'
          : 'Names are shown as pseudonyms, and identifiers such as dates of birth and addresses are removed.',
      buttonText: switchTo === 'pseudonyms' ? 'Show pseudonyms' : 'Show real names',
    },
  }
}

/** Only a page of the same review is a place to go back to; a one-off `names=` choice is dropped. */
export function safeReturnPath(path: string, reviewId: string): string {
  const base = `/reviews/${reviewId}`
  const ok = (path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`)) && !path.includes('//') && !path.includes('\\')
  if (!ok) return base
  const [pathname = base, query = ''] = path.split('?', 2)
  const params = new URLSearchParams(query)
  params.delete('names')
  const rest = params.toString()
  return rest ? `${pathname}?${rest}` : pathname
}

/** Text as one viewer may see it: their name rule applied (see ReviewViewer.names). */
export interface ShownNames {
  display: NameDisplay
  show(text: string | null | undefined): string
  showMany(texts: readonly (string | null | undefined)[]): string[]
}

const REAL_NAMES: ShownNames = {
  display: 'real',
  show: (text) => text ?? '',
  showMany: (texts) => texts.map((t) => t ?? ''),
}

/** The viewer's name rule as functions; the review's pseudonymiser is built once per content version. */
export async function namesFor(ctx: Pick<ServiceContext, 'db'>, viewer: ReviewViewer): Promise<ShownNames> {
  if (viewer.names === 'real') return REAL_NAMES
  const pseudonymiseText = await cachedView(ctx.db, viewer, 'pseudonymiser', () => pseudonymiserFor(ctx.db, viewer.reviewId))
  return {
    display: 'pseudonyms',
    show: (text) => pseudonymiseText(text ?? ''),
    showMany: (texts) => pseudonymiseText.many(texts.map((t) => t ?? '')),
  }
}

/** The names toggle a page shows, from the viewer's name rule. `returnTo` is the page's own path and query. */
export function nameToggleOf(viewer: ReviewViewer, returnTo: string): NameToggle {
  const display = viewer.names
  const switchTo: NameDisplay = display === 'real' ? 'pseudonyms' : 'real'
  return {
    canChoose: viewer.canSeeRealNames,
    display,
    action: `/reviews/${viewer.reviewId}/names`,
    returnTo: safeReturnPath(returnTo, viewer.reviewId),
    switchTo,
    statusText: display === 'real'
      ? 'Showing real names.'
      : viewer.canSeeRealNames
        ? 'Showing pseudonyms: real names are replaced and identifiers such as dates of birth and addresses are removed.'
        : 'Names are shown as pseudonyms, and identifiers such as dates of birth and addresses are removed.',
    buttonText: switchTo === 'pseudonyms' ? 'Show pseudonyms' : 'Show real names',
  }
}

/** An uploaded file's name can carry a name: those who see pseudonyms get a neutral label instead. */
export function shownFileName(viewer: Pick<ReviewViewer, 'names'>, fileName: string, agency: string): string {
  return viewer.names === 'real' ? cleanFileName(fileName, 'unnamed file') : `${agency} chronology file`
}

export async function chooseNameDisplay(ctx: ServiceContext, actor: Actor, reviewId: string, value: string): Promise<void> {
  if (value !== 'real' && value !== 'pseudonyms') throw new BadInput('Choose real names or pseudonyms', [{ path: 'display', message: 'Choose real names or pseudonyms' }])
  if (!actor.userId) throw new BadInput('Only a signed-in reviewer can choose how names are shown')
  await ctx.db.transaction().execute(async (trx) => {
    await saveNameDisplay(trx, actor.userId!, reviewId, value, nowIso(ctx))
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'persons.names.display', reviewId, objectType: 'review', objectId: reviewId, details: { display: value } })
  })
}
