// Sign in and sign out.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../http-types.js'
import { recordAuditEvent } from '../services/audit.js'
import { signIn } from '../services/accounts.js'
import type { ServiceContext } from '../services/context.js'
import { endSession, startUserSession } from '../services/sessions.js'
import { clearSessionCookie, ensureSession, SESSION_COOKIE, setSessionCookie } from '../plugins/authentication.js'
import { formValues, NO_ERRORS, safeNextPath, type FormErrors } from './form-support.js'

const authRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const loginPage = (next: string | undefined, values: Record<string, string>, errors: FormErrors, expired = false) => ({
    pageTitle: 'Sign in', next: next ? encodeURIComponent(safeNextPath(next)) : '', values, errors, expired,
  })

  app.get<{ Querystring: { next?: string; expired?: string; signedOut?: string } }>('/login', { config: { access: access.public } }, async (request, reply) => {
    if (request.user) return reply.redirect(safeNextPath(request.query.next), 303)
    await ensureSession(ctx, request, reply)
    return reply.page('pages/auth/login', { ...loginPage(request.query.next, {}, NO_ERRORS, request.query.expired === '1'), signedOut: request.query.signedOut === '1' })
  })

  app.post<{ Querystring: { next?: string } }>('/login', {
    config: { access: access.public, rateLimit: { max: 20, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const values = formValues(request)
    const email = (values.email ?? '').trim()
    const password = values.password ?? ''
    const fields: Record<string, string> = {}
    if (!email) fields.email = 'Enter your email address'
    if (!password) fields.password = 'Enter your password'
    if (Object.keys(fields).length) {
      const summary = Object.entries(fields).map(([k, text]) => ({ text, href: `#${k}` }))
      return reply.code(400).page('pages/auth/login', loginPage(request.query.next, { email }, { summary, fields }))
    }
    const result = await signIn(ctx, email, password, request.id, values.account || undefined)
    if (!result.ok && result.reason === 'choose-account') {
      // Shown only the accounts the password opened; the password is typed again with the choice, never kept.
      const errors: FormErrors = { summary: [{ text: result.message, href: '#account' }], fields: { account: result.message } }
      const accounts = result.accounts.map((a) => ({ value: a.id, text: a.partnership }))
      return reply.code(400).page('pages/auth/login', { ...loginPage(request.query.next, { email }, errors), accounts })
    }
    if (!result.ok) {
      const errors: FormErrors = { summary: [{ text: result.message, href: '#email' }], fields: { email: result.message } }
      return reply.code(result.reason === 'locked' ? 429 : 401).page('pages/auth/login', loginPage(request.query.next, { email }, errors))
    }
    const issued = await startUserSession(ctx, result.user.id, request.cookies[SESSION_COOKIE] ?? null)
    setSessionCookie(reply, issued, ctx.config.trustProxy)
    await recordAuditEvent(ctx, { userId: result.user.id, role: result.user.role, name: result.user.name, via: 'session', requestId: request.id }, { action: 'auth.login' })
    return reply.redirect(safeNextPath(request.query.next), 303)
  })

  app.post('/logout', { config: { access: access.signedIn } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE]
    if (token) await endSession(ctx, token)
    await recordAuditEvent(ctx, request.actor(), { action: 'auth.logout' })
    clearSessionCookie(reply)
    return reply.redirect('/login?signedOut=1', 303)
  })
}
export default authRoutes
