// A large fragment of a page rendered once and kept as UTF-8 bytes (the chronology's rows, kept until the
// chronology changes). Pages are sent as bytes, not as one string: a rendered page is a rope of thousands of
// small strings, and flattening and encoding a 90 KB rope cost more per request than everything else the page
// does (V8 flattens it to count its length, then encodes it again to write it). A kept fragment is spliced
// into the page's bytes as it is, so only the small remainder is encoded per request.
//
// A rendered page is kept as a plan: its bytes with holes for the fragments and for the two values that differ
// on every request (the CSRF token and the CSP nonce), so the same page asked for again is not rendered again.
import { randomBytes } from 'node:crypto'

let serial = 0

export class HtmlBytes {
  /** Tells kept fragments apart in a page's cache key (two fragments are never the same object). */
  readonly id = ++serial
  constructor(readonly bytes: Buffer) {}
}

/** Keeps `html` (already escaped: it is sent as it is) as bytes to splice into a page. */
export function htmlBytes(html: string): HtmlBytes {
  return new HtmlBytes(Buffer.from(html, 'utf8'))
}

// Stand for a fragment or a per-request value while the page around it renders. Rendered text cannot contain
// them by chance: the process's random part is unknown to anyone writing content, text is escaped (no "<!--"),
// and the per-request marks are letters and digits only, which no escaping changes (so they survive attributes).
const RANDOM = randomBytes(9).toString('hex')
const MARK = `<!--cwl-bytes-${RANDOM}-`

/** What each request fills in itself. The page's model carries these marks in their place while it renders. */
export const PER_REQUEST_MARKS = { csrfToken: `cwlcsrf${RANDOM}`, nonce: `cwlnonce${RANDOM}` } as const
export type PerRequest = Record<keyof typeof PER_REQUEST_MARKS, string>

const HOLES = new RegExp(`${MARK}(\\d+)-->|${PER_REQUEST_MARKS.csrfToken}|${PER_REQUEST_MARKS.nonce}`, 'g')

/** The model with each top-level HtmlBytes replaced by a mark, the fragments in mark order, and their ids. */
export function markFragments(model: Record<string, unknown>): { model: Record<string, unknown>; fragments: Buffer[]; ids: number[] } {
  const fragments: Buffer[] = []
  const ids: number[] = []
  let marked: Record<string, unknown> | null = null
  for (const [key, value] of Object.entries(model)) {
    if (!(value instanceof HtmlBytes)) continue
    marked ??= { ...model }
    marked[key] = `${MARK}${fragments.length}-->`
    fragments.push(value.bytes)
    ids.push(value.id)
  }
  return { model: marked ?? model, fragments, ids }
}

/** A rendered page: bytes, and the names of the per-request values to put between them. */
export type PagePlan = ReadonlyArray<Buffer | keyof PerRequest>

/** The rendered page as a plan: the text between holes encoded once, each fragment mark replaced by its fragment. */
export function pagePlan(html: string, fragments: readonly Buffer[]): PagePlan {
  const plan: Array<Buffer | keyof PerRequest> = []
  let from = 0
  for (const hole of html.matchAll(HOLES)) {
    plan.push(Buffer.from(html.slice(from, hole.index), 'utf8'))
    if (hole[1] !== undefined) plan.push(fragments[Number(hole[1])]!)
    else plan.push(hole[0] === PER_REQUEST_MARKS.csrfToken ? 'csrfToken' : 'nonce')
    from = hole.index + hole[0].length
  }
  plan.push(Buffer.from(html.slice(from), 'utf8'))
  return plan
}

/** The page's bytes for one request. */
export function planBytes(plan: PagePlan, values: PerRequest): Buffer {
  if (plan.length === 1 && typeof plan[0] !== 'string') return plan[0]!
  return Buffer.concat(plan.map((part) => (typeof part === 'string' ? Buffer.from(values[part], 'utf8') : part)))
}

/** The rendered page as bytes, each mark replaced by its fragment. */
export function pageBytes(html: string, fragments: readonly Buffer[], values: PerRequest = { csrfToken: '', nonce: '' }): Buffer {
  return planBytes(pagePlan(html, fragments), values)
}
