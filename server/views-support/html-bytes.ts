// A large fragment of a page rendered once and kept as UTF-8 bytes (the chronology's rows, kept until the
// chronology changes). Pages are sent as bytes, not as one string: a rendered page is a rope of thousands of
// small strings, and flattening and encoding a 90 KB rope cost more per request than everything else the page
// does (V8 flattens it to count its length, then encodes it again to write it). A kept fragment is spliced
// into the page's bytes as it is, so only the small remainder is encoded per request.

export class HtmlBytes {
  constructor(readonly bytes: Buffer) {}
}

/** Keeps `html` (already escaped: it is sent as it is) as bytes to splice into a page. */
export function htmlBytes(html: string): HtmlBytes {
  return new HtmlBytes(Buffer.from(html, 'utf8'))
}

// Stands for a fragment while the page around it renders. Rendered text cannot contain it: text is escaped
// (no "<!--"), and the process's random part is unknown to anyone writing content.
const MARK = `<!--cwl-bytes-${Math.random().toString(36).slice(2)}-`
const MARKS = new RegExp(`${MARK}(\\d+)-->`)

/** The model with each top-level HtmlBytes replaced by a mark, and the fragments in mark order. */
export function markFragments(model: Record<string, unknown>): { model: Record<string, unknown>; fragments: Buffer[] } {
  const fragments: Buffer[] = []
  let marked: Record<string, unknown> | null = null
  for (const [key, value] of Object.entries(model)) {
    if (!(value instanceof HtmlBytes)) continue
    marked ??= { ...model }
    marked[key] = `${MARK}${fragments.length}-->`
    fragments.push(value.bytes)
  }
  return { model: marked ?? model, fragments }
}

/** The rendered page as bytes, each mark replaced by its fragment. */
export function pageBytes(html: string, fragments: readonly Buffer[]): Buffer {
  if (fragments.length === 0) return Buffer.from(html, 'utf8')
  // split with a capturing group alternates text and fragment numbers.
  const parts = html.split(MARKS)
  return Buffer.concat(parts.map((part, i) => (i % 2 === 0 ? Buffer.from(part, 'utf8') : fragments[Number(part)]!)))
}
