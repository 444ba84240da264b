// Our Handlebars instance and its few helpers. Templates escape by default; no helper returns raw HTML
// built from user text.
import Handlebars from 'handlebars'

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
})
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "2020-06-12" → "12 June 2020"; also "2020-06" → "June 2020" and "2020" → "2020". Local dates: no time zone maths. */
export function formatLocalDate(value: unknown): string {
  if (typeof value !== 'string' || !value) return ''
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value)
  if (!m) return value
  const [, y, mo, d] = m
  if (!mo) return y!
  const month = MONTHS[Number(mo) - 1] ?? mo
  const time = /T(\d{2}:\d{2})/.exec(value)?.[1]
  const date = d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`
  return time && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? `${date}, ${time}` : date
}

/** An instant (ISO with zone) shown in Europe/London. */
export function formatInstant(value: unknown): string {
  if (typeof value !== 'string' || !value) return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : londonDateTime.format(date).replace(' at ', ', ')
}

/**
 * A file name in pieces a line may break between (after _ . - or /, and where a lower-case letter meets a
 * capital), so a narrow column wraps "health_visiting_records.csv" between words, never inside one. Templates
 * join the pieces with <wbr>.
 */
export function fileNameParts(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return []
  return value.split(/(?<=[_.\-/])|(?<=\p{Ll})(?=\p{Lu})/u).filter((p) => p !== '')
}

export function createHandlebars(): typeof Handlebars {
  const hb = Handlebars.create()
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b)
  hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b)
  hb.registerHelper('gt', (a: number, b: number) => a > b)
  hb.registerHelper('lt', (a: number, b: number) => a < b)
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean))
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean))
  hb.registerHelper('not', (a: unknown) => !a)
  hb.registerHelper('default', (a: unknown, b: unknown) => (a === undefined || a === null || a === '' ? b : a))
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join(''))
  hb.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item))
  hb.registerHelper('length', (list: unknown) => (Array.isArray(list) ? list.length : 0))
  hb.registerHelper('plural', (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`)
  hb.registerHelper('date', formatLocalDate)
  hb.registerHelper('dateTime', formatInstant)
  hb.registerHelper('fileNameParts', fileNameParts)
  hb.registerHelper('lookupField', (obj: Record<string, unknown> | undefined, key: string) => obj?.[key])
  // aria-describedby for a field: its hint and error ids, when present.
  hb.registerHelper('describedBy', (id: string, hint: unknown, error: unknown) => {
    const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean)
    return ids.join(' ')
  })
  // Exactly one argument: called bare ({{json}}), Handlebars would pass its options, and with them the whole
  // page context (the signed-in user included). Refuse that rather than serialise it.
  hb.registerHelper('json', (...args: unknown[]) => {
    if (args.length !== 2) throw new Error('The json helper takes exactly one value')
    return JSON.stringify(args[0] ?? null)
  })
  return hb
}
