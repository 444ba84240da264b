// The route that remembers the names choice. Pages never apply names themselves: the services they call return
// case text in the viewer's name form; a page showing case text only adds the toggle:
//   reply.page('...', { ..., nameToggle: nameToggleOf(request.inReview(), request.url) })
//   and in the template: {{> name-toggle toggle=nameToggle}}
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { chooseNameDisplay, safeReturnPath } from '../../services/pseudonym-view.js'
import { formValues } from '../form-support.js'

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
