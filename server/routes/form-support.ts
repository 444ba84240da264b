// Shared handling for HTML form posts: bad input re-renders the form with the GOV.UK error summary,
// the user's input kept and status 400; success redirects (post/redirect/get) with an optional flash.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { BadInput, RuleBroken } from '../errors.js'
import { setFlash, type Flash } from '../services/sessions.js'
import type { ServiceContext } from '../services/context.js'

export interface FormErrors {
  title?: string
  summary: { text: string; href: string | null }[]
  fields: Record<string, string>
}

export const NO_ERRORS: FormErrors = { summary: [], fields: {} }

export function toFormErrors(error: BadInput | RuleBroken): FormErrors {
  const fields: Record<string, string> = {}
  const summary = error.details.length
    ? error.details.map((d) => {
        fields[d.path] ??= d.message
        return { text: d.message, href: /^[A-Za-z][\w-]*$/.test(d.path) ? `#${d.path}` : null }
      })
    : [{ text: error.message, href: null }]
  return { summary, fields }
}

/** The posted form as strings; the CSRF field is dropped. Repeated fields (checkboxes) become arrays. */
export function formValues(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue
    if (typeof value === 'string') out[key] = value
  }
  return out
}

export function formList(request: FastifyRequest, name: string): string[] {
  const value = (request.body as Record<string, unknown> | undefined)?.[name]
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' && value !== '' ? [value] : []
}

export interface FormPost<T> {
  run: () => Promise<T>
  /** Re-render the form; called with the errors when the input is bad. */
  rerender: (errors: FormErrors) => Promise<FastifyReply> | FastifyReply
  redirectTo: string | ((result: T) => string)
  flash?: Flash | ((result: T) => Flash)
}

export async function handleFormPost<T>(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply, post: FormPost<T>): Promise<FastifyReply> {
  let result: T
  try {
    result = await post.run()
  } catch (error) {
    if (error instanceof BadInput || error instanceof RuleBroken) {
      reply.code(error.status)
      return post.rerender(toFormErrors(error))
    }
    throw error
  }
  if (post.flash && request.session) await setFlash(ctx, request.session, typeof post.flash === 'function' ? post.flash(result) : post.flash)
  return reply.redirect(typeof post.redirectTo === 'function' ? post.redirectTo(result) : post.redirectTo, 303)
}

const MAX_NEXT_LENGTH = 2000
// Control characters, line separators and backslashes: browsers drop tabs and newlines from URLs and read "\\" as "/",
// so "/\t/evil.example" or "/\\evil.example" would become the protocol-relative "//evil.example".
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f-\u009f\\\u2028\u2029]/

function isPlainPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !UNSAFE_IN_PATH.test(path)
}

/**
 * Only a path on this site is followed after sign-in: anything else (another origin, a protocol-relative "//host",
 * backslashes, control characters, or any of these percent-encoded, even twice) sends the user to the dashboard.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > MAX_NEXT_LENGTH) return '/'
  let path = next
  // Check every decoding a browser or proxy might apply, until decoding changes nothing.
  for (let round = 0; round < 4; round++) {
    if (!isPlainPath(path)) return '/'
    let decoded: string
    try {
      decoded = decodeURIComponent(path)
    } catch {
      return '/'
    }
    if (decoded === path) break
    if (round === 3) return '/'
    path = decoded
  }
  // The resolved URL must stay on this origin (belt and braces over the checks above); it is returned as the URL
  // parser writes it, so spaces and non-ASCII letters are percent-encoded and the Location header is always valid.
  const base = 'https://casework-lens.invalid'
  const url = new URL(next, base)
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/'
}

/** A JSON body's or query's field as text: a string as sent, anything else (missing, number, object) as ''. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
