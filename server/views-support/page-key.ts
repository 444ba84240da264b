// The cache key of a rendered page (plugins/views.ts keeps pages by it): everything the page shows comes from its
// model, so two requests with the same model get the same page, whoever and whenever they are.

/**
 * What the rendered page depends on: the template, the fragments (by identity) and every value in its model.
 * Null, so the page is rendered afresh, if the model holds something that JSON cannot stand for faithfully
 * (a function the template could call, a Map or Set it could iterate).
 */
export function pageKey(template: string, context: Record<string, unknown>, fragmentIds: readonly number[]): string | null {
  return faithful(context, 0) ? `${template}\u0000${fragmentIds.join(',')}\u0000${JSON.stringify(context)}` : null
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
