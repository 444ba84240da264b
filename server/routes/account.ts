// A user's own account: details, password change and API tokens.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { access } from '../http-types.js'
import { changeOwnPassword, GLOBAL_ROLE_LABELS } from '../services/accounts.js'
import { createApiToken, listApiTokens, revokeApiToken } from '../services/api-tokens.js'
import type { ServiceContext } from '../services/context.js'
import { hashToken } from '../services/sessions.js'
import { SESSION_COOKIE } from '../plugins/authentication.js'
import { BadInput } from '../errors.js'
import { formValues, handleFormPost, NO_ERRORS, toFormErrors, type FormErrors } from './form-support.js'

const accountRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const accountModel = async (request: FastifyRequest, extra: { newToken?: string; newTokenExpires?: string | null; values?: Record<string, string>; errors?: FormErrors } = {}) => {
    const user = request.user!
    return {
      pageTitle: 'Your account',
      details: [
        { key: 'Name', value: user.name },
        { key: 'Email address', value: user.email },
        { key: 'Role', value: GLOBAL_ROLE_LABELS[user.role] },
      ],
      tokens: await listApiTokens(ctx, user.id),
      values: extra.values ?? {},
      errors: extra.errors ?? NO_ERRORS,
      newToken: extra.newToken,
      newTokenExpires: extra.newTokenExpires,
      tokenDays: ctx.config.apiTokenDays,
    }
  }

  app.get('/account', { config: { access: access.signedIn } }, async (request, reply) => reply.page('pages/account/index', await accountModel(request)))

  app.post('/account/tokens', { config: { access: access.signedIn } }, async (request, reply) => {
    const values = formValues(request)
    const label = (values.label ?? '').trim()
    try {
      if (!label) throw new BadInput('Enter a label', [{ path: 'label', message: 'Enter a label so you know what uses this token' }])
      const { token, record } = await createApiToken(ctx, request.actor(), request.user!.email, label)
      // Shown once, on this response only; never stored in the clear or redirected through a URL.
      return reply.code(201).page('pages/account/index', await accountModel(request, { newToken: token, newTokenExpires: record.expires_at }))
    } catch (error) {
      if (error instanceof BadInput) return reply.code(400).page('pages/account/index', await accountModel(request, { values, errors: toFormErrors(error) }))
      throw error
    }
  })

  app.post<{ Params: { tokenId: string } }>('/account/tokens/:tokenId/revoke', { config: { access: access.signedIn } }, async (request, reply) =>
    handleFormPost(ctx, request, reply, {
      run: () => revokeApiToken(ctx, request.actor(), request.params.tokenId),
      rerender: async (errors) => reply.page('pages/account/index', await accountModel(request, { errors })),
      redirectTo: '/account#tokens',
      flash: { kind: 'success', heading: 'Token revoked' },
    }))

  app.get('/account/password', { config: { access: access.signedIn } }, async (request, reply) =>
    reply.page('pages/account/password', { pageTitle: 'Change your password', mustChange: request.user!.must_change_password === 1, errors: NO_ERRORS }))

  app.post('/account/password', { config: { access: access.signedIn } }, async (request, reply) => {
    const v = formValues(request)
    const sessionToken = request.cookies[SESSION_COOKIE]
    return handleFormPost(ctx, request, reply, {
      run: () => changeOwnPassword(ctx, request.actor(), v.currentPassword ?? '', v.newPassword ?? '', v.confirmPassword ?? '', sessionToken ? hashToken(sessionToken) : null),
      rerender: (errors) => reply.page('pages/account/password', { pageTitle: 'Change your password', mustChange: request.user!.must_change_password === 1, errors }),
      redirectTo: '/account',
      flash: { kind: 'success', heading: 'Your password has been changed' },
    })
  })
}
export default accountRoutes
