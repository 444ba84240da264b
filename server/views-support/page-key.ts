// The cache key of a rendered page (plugins/views.ts keeps pages by it): everything the page shows comes from its
// model, so two requests with the same model get the same page, whoever and whenever they are.

// Parts of models that can never change (kept(): frozen all the way down), with their JSON worked out once: a
// kept view (the chronology's filter options, several KB) is not written out again on every request.
const immutable = new WeakSet<object>()
const jsonOf = new WeakMap<object, string | null>()

/** Freezes the plain data in `value` all the way down and marks it as never changing; returns it. */
export function kept<T>(value: T): T {
  if (value === null || typeof value !== 'object' || immutable.has(value)) return value
  const proto = Object.getPrototypeOf(value) as unknown
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value // not plain data: left alone
  for (const item of Object.values(value)) kept(item)
  Object.freeze(value)
  immutable.add(value)
  return value
}

/** The value's JSON, or null if JSON would not stand for it faithfully. */
function json(value: unknown): string | null {
  if (value !== null && typeof value === 'object' && immutable.has(value)) {
    let known = jsonOf.get(value)
    if (known === undefined) {
      known = faithful(value, 0) ? JSON.stringify(value) : null
      jsonOf.set(value, known)
    }
    return known
  }
  if (!faithful(value, 0)) return null
  return value === undefined ? 'undefined' : JSON.stringify(value)
}

/**
 * What the rendered page depends on: the template, the fragments (by identity) and every value in its model.
 * Null, so the page is rendered afresh, if the model holds something that JSON cannot stand for faithfully
 * (a function the template could call, a Map or Set it could iterate).
 */
export function pageKey(template: string, context: Record<string, unknown>, fragmentIds: readonly number[]): string | null {
  let key = `${template}\u0000${fragmentIds.join(',')}`
  for (const name in context) {
    const part = json(context[name])
    if (part === null) return null
    key += `\u0000${name}\u0001${part}`
  }
  return key
}

/** Whether JSON stands for the value as the template sees it: plain data only (a walk; a JSON replacer costs more). */
export function faithful(value: unknown, depth: number): boolean {
  if (typeof value === 'number') return Number.isFinite(value) // JSON writes NaN and Infinity as null
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint'
  if (depth > 32) return false
  if (Array.isArray(value)) {
    for (const item of value) if (!faithful(item, depth + 1)) return false
    return true
  }
  const proto = Object.getPrototypeOf(value) as unknown
  if (value instanceof Date) return true
  if (proto !== Object.prototype && proto !== null) return false
  for (const key in value) if (!faithful((value as Record<string, unknown>)[key], depth + 1)) return false
  return true
}
