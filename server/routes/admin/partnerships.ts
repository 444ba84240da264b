// The instance administrator's pages: the partnerships a hosted instance serves, and each one's administrators.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { addPartnershipAdmin, createPartnership, partnershipFor, partnershipsFor } from '../../services/partnerships.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'

const adminOnly = { access: access.roles('admin') }

const adminPartnershipRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const listPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: FormErrors) =>
    reply.page('pages/admin/partnerships', {
      pageTitle: 'Partnerships',
      partnerships: await partnershipsFor(ctx, request.viewer!),
      values, errors,
      breadcrumbs: [{ text: 'Administration', href: '/admin' }, { text: 'Partnerships' }],
    })

  app.get('/admin/partnerships', { config: adminOnly }, async (request, reply) => listPage(request, reply, {}, NO_ERRORS))

  app.post('/admin/partnerships', { config: adminOnly }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => createPartnership(ctx, request.viewer!, { name: v.name ?? '' }),
      rerender: (errors) => listPage(request, reply, v, errors),
      redirectTo: (p) => `/admin/partnerships/${p.id}`,
      flash: (p) => ({ kind: 'success', heading: `${p.name} has been added`, text: 'Add its first administrator below.' }),
    })
  })

  const partnershipPage = async (request: FastifyRequest<{ Params: { partnershipId: string } }>, reply: FastifyReply, values: Record<string, string>, errors: FormErrors) => {
    const { partnership, admins } = await partnershipFor(ctx, request.viewer!, request.params.partnershipId)
    return reply.page('pages/admin/partnership', {
      pageTitle: partnership.name, partnership, admins, values, errors,
      breadcrumbs: [{ text: 'Administration', href: '/admin' }, { text: 'Partnerships', href: '/admin/partnerships' }, { text: partnership.name }],
    })
  }

  app.get<{ Params: { partnershipId: string } }>('/admin/partnerships/:partnershipId', { config: adminOnly }, async (request, reply) =>
    partnershipPage(request, reply, {}, NO_ERRORS))

  app.post<{ Params: { partnershipId: string } }>('/admin/partnerships/:partnershipId/admins', { config: adminOnly }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addPartnershipAdmin(ctx, request.viewer!, request.params.partnershipId, { email: v.email ?? '', name: v.name ?? '', password: v.password ?? '' }),
      rerender: (errors) => partnershipPage(request, reply, { ...v, password: '' }, errors),
      redirectTo: `/admin/partnerships/${request.params.partnershipId}`,
      flash: (user) => ({ kind: 'success', heading: `${user.name} is now an administrator of this partnership`, text: 'They must change the temporary password when they first sign in.' }),
    })
  })
}
export default adminPartnershipRoutes
