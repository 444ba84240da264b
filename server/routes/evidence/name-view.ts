// The pseudonym toggle for pages: how a page gets its NameView, and the route that remembers the choice.
// Any page showing case text does:
//   const names = await nameViewForRequest(ctx, request)
//   ... names.show(event.summary) ...
//   reply.page('...', { ..., nameToggle: names.toggle })      and in the template: {{> name-toggle toggle=nameToggle}}
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { chooseNameDisplay, namesFor, nameToggleOf, safeReturnPath, type NameView } from '../../services/pseudonym-view.js'
import { formValues } from '../form-support.js'

/** The viewer's NameView on a review-scoped page (`?names=pseudonyms` in the address applies once). */
export async function nameViewForRequest(ctx: ServiceContext, request: FastifyRequest): Promise<NameView> {
  const viewer = request.inReview()
  return { ...(await namesFor(ctx, viewer)), toggle: nameToggleOf(viewer, request.url) }
}

type Params = { Params: { reviewId: string } }

const nameDisplayRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  // Only people who may see real names can choose; everyone else always sees pseudonyms.
  app.post<Params>('/reviews/:reviewId/names', { config: { access: access.review('persons.view') } }, async (request, reply) => {
    const v = formValues(request)
    const reviewId = request.params.reviewId
    await chooseNameDisplay(ctx, request.actor(), reviewId, v.display ?? '')
    return reply.redirect(safeReturnPath(v.returnTo ?? '', reviewId), 303)
  })
}
export default nameDisplayRoutes
