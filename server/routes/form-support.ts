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

/** Only same-site relative paths are followed after sign-in. */
export function safeNextPath(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/'
}
