// Administrators manage accounts and the accreditation register.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { addAccount, GLOBAL_ROLE_LABELS, GLOBAL_ROLES, resetPassword, setUserDisabled, userFor, usersFor } from '../../services/accounts.js'
import { accreditationsOf, accreditationStatuses, recordAccreditation } from '../../services/accreditation.js'
import type { ServiceContext } from '../../services/context.js'
import { dateInputValues, dateValue } from '../../services/form-dates.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'

const adminOnly = { access: access.roles('admin') }
const ROLE_HINTS = {
  admin: 'Manages accounts and the accreditation register; sees reviews’ details and members only',
  reviewer: 'Can set up reviews and be added to them as lead reviewer, review team or case group',
  board: 'Safeguarding partnership member: can be added to reviews as board chair',
  national: 'Sees only the anonymised national returns and themes',
} as const

const adminUserRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const roleOptions = GLOBAL_ROLES.map((r) => ({ value: r, text: GLOBAL_ROLE_LABELS[r], hint: ROLE_HINTS[r] }))

  app.get('/admin', { config: adminOnly }, async (request, reply) => {
    const [users, statuses] = await Promise.all([usersFor(ctx, request.viewer!), accreditationStatuses(ctx)])
    return reply.page('pages/admin/users', {
      pageTitle: 'Administration',
      instanceAdmin: request.viewer!.instanceAdmin,
      users: users.map((u) => ({ ...u, roleLabel: GLOBAL_ROLE_LABELS[u.role], accreditation: statuses.get(u.id) ?? { state: 'none' } })),
    })
  })

  const newUserPage = (reply: FastifyReply, values: Record<string, string>, errors: FormErrors) =>
    reply.page('pages/admin/user-new', { pageTitle: 'Add a user', roleOptions, values, errors, backLink: '/admin' })

  app.get('/admin/users/new', { config: adminOnly }, async (_request, reply) => newUserPage(reply, { role: 'reviewer' }, NO_ERRORS))

  app.post('/admin/users', { config: adminOnly }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addAccount(ctx, request.viewer!, { email: v.email ?? '', name: v.name ?? '', role: v.role ?? '', password: v.password ?? '', mustChangePassword: true }),
      rerender: (errors) => newUserPage(reply, { ...v, password: '' }, errors),
      redirectTo: (user) => `/admin/users/${user.id}`,
      flash: (user) => ({ kind: 'success', heading: `${user.name} has been added`, text: 'They must change the temporary password when they first sign in.' }),
    })
  })

  const userPage = async (request: FastifyRequest, reply: FastifyReply, userId: string, extra: { values?: Record<string, string>; errors?: FormErrors; open?: 'accreditation' | 'reset' } = {}) => {
    const subject = await userFor(ctx, request.viewer!, userId)
    return reply.page('pages/admin/user', {
      pageTitle: subject.name,
      subject,
      details: [
        { key: 'Email address', value: subject.email },
        { key: 'Role', value: GLOBAL_ROLE_LABELS[subject.role] },
        { key: 'Added', value: new Date(subject.created_at).toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }) },
        { key: 'Status', value: subject.disabled_at ? 'Disabled' : subject.must_change_password ? 'Active (temporary password)' : 'Active' },
      ],
      accreditations: await accreditationsOf(ctx, userId),
      values: extra.values ?? {},
      validFromParts: dateInputValues(extra.values, 'validFrom'),
      validUntilParts: dateInputValues(extra.values, 'validUntil'),
      errors: extra.errors ?? NO_ERRORS,
      openAccreditation: extra.open === 'accreditation',
      openReset: extra.open === 'reset',
      breadcrumbs: [{ text: 'Administration', href: '/admin' }, { text: subject.name }],
    })
  }

  app.get<{ Params: { userId: string } }>('/admin/users/:userId', { config: adminOnly }, async (request, reply) => userPage(request, reply, request.params.userId))

  app.post<{ Params: { userId: string } }>('/admin/users/:userId/accreditations', { config: adminOnly }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => recordAccreditation(ctx, request.viewer!, request.params.userId, {
        body: v.body ?? '', reference: v.reference ?? '', validFrom: dateValue(v, 'validFrom'), validUntil: dateValue(v, 'validUntil'),
      }),
      rerender: (errors) => userPage(request, reply, request.params.userId, { values: v, errors, open: 'accreditation' }),
      redirectTo: `/admin/users/${request.params.userId}`,
      flash: { kind: 'success', heading: 'Accreditation recorded' },
    })
  })

  app.post<{ Params: { userId: string } }>('/admin/users/:userId/password', { config: adminOnly }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => resetPassword(ctx, request.viewer!, request.params.userId, v.password ?? ''),
      rerender: (errors) => userPage(request, reply, request.params.userId, { errors, open: 'reset' }),
      redirectTo: `/admin/users/${request.params.userId}`,
      flash: { kind: 'success', heading: 'Password reset', text: 'They have been signed out, their API tokens no longer work, and they must choose a new password when they next sign in.' },
    })
  })

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post<{ Params: { userId: string } }>(`/admin/users/:userId/${verb}`, { config: adminOnly }, async (request, reply) =>
      handleFormPost(ctx, request, reply, {
        run: () => setUserDisabled(ctx, request.viewer!, request.params.userId, disabled),
        rerender: (errors) => userPage(request, reply, request.params.userId, { errors }),
        redirectTo: `/admin/users/${request.params.userId}`,
        flash: { kind: 'success', heading: disabled ? 'Account disabled' : 'Account enabled' },
      }))
  }
}
export default adminUserRoutes
