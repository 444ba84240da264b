// Text no database column keeps as sent: a NUL character (PostgreSQL's text refuses it, and jsonb its \u0000
// escape) or half of a surrogate pair (jsonb refuses its escape; PostgreSQL's text would silently replace it; only
// JSON escapes can carry one in, as UTF-8 cannot). Refused where JSON comes in, so both engines answer alike.
import type { ErrorDetail } from './errors.js'

// Without the u flag a regular expression sees UTF-16 code units, so an unpaired surrogate is matchable.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/ // eslint-disable-line no-control-regex -- finding NUL is the point

function problem(text: string, path: string): ErrorDetail | null {
  const found = UNSTORABLE.exec(text)
  if (!found) return null
  const what = found[0] === '\u0000' ? 'a NUL character' : 'half of a surrogate pair (a broken character)'
  return { path: path || 'body', message: `The text holds ${what}, which cannot be stored. Remove it and send the text again.` }
}

/** The first string (or object key) in a parsed JSON value that cannot be stored, named by its path; null if none. */
export function findUnstorableText(value: unknown, path = ''): ErrorDetail | null {
  if (typeof value === 'string') return problem(value, path)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`)
      if (found) return found
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key
      const found = problem(key, at) ?? findUnstorableText(inner, at)
      if (found) return found
    }
  }
  return null
}
