// /api/v1/reviews/:reviewId/episodes/:episodeId/tunnel: a key practice episode "from the tunnel", as its page shows it
// and through the same service (analysisReads().episodeTunnel): the records on file by the episode's end, later
// records and those written up after it left out (the API never reveals hindsight), and with ?agency= one agency's own
// records beside the merged picture. Names follow the caller's name rule; the episode and records read are audited.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { analysisReads } from '../../services/analysis-reads.js'
import type { TunnelEvent } from '../../services/key-practice-episodes.js'
import { eventJson, eventSchema } from './chronology.js'
import { isoDate, reviewErrors } from './schemas.js'

const text = { type: 'string' } as const

const tunnelEventSchema = {
  type: 'object',
  properties: {
    ...eventSchema.properties,
    linked: { type: 'boolean', description: 'Linked to this episode' },
    mayBeLater: { type: 'boolean', description: 'Dated only to a week, month or year that runs past the episode: it may be later' },
  },
} as const

const agencySchema = {
  type: 'object',
  properties: {
    agencyKey: text,
    agency: text,
    inEpisode: { type: 'boolean', description: 'Named among the episode’s agencies' },
    onFile: { type: 'integer', description: 'Its records on file (or possibly on file) by the episode’s end' },
    recordedLater: { type: 'integer', description: 'Its records of things that happened by then but were written after (hidden)' },
    later: { type: 'integer', description: 'Its records of later events (hidden)' },
  },
} as const

const tunnelSchema = {
  type: 'object',
  properties: {
    episode: { type: 'object', properties: { id: text, title: text, dateStart: isoDate, dateEnd: isoDate, agencies: { type: 'array', items: text } } },
    cutOff: { ...isoDate, description: 'The last day the tunnel shows: the episode’s end' },
    events: { type: 'array', items: tunnelEventSchema, description: 'The merged picture: every agency’s records the caller may see, as on file by the cut-off' },
    hiddenLater: { type: 'integer', description: 'Records not on file by the cut-off (later events, and earlier ones written down later), left out' },
    agencies: { type: 'array', items: agencySchema },
    agency: { anyOf: [agencySchema, { type: 'null' }], description: 'The agency asked for with ?agency=, or null' },
    agencyEvents: { type: 'array', items: tunnelEventSchema, description: 'That agency’s own records, as on file by the cut-off' },
  },
} as const

type Route = { Params: { reviewId: string; episodeId: string }; Querystring: { agency?: string } }

const tunnelEventJson = (t: TunnelEvent) => ({ ...eventJson(t.event), linked: t.linked, mayBeLater: t.mayBeLater })

const apiEpisodeRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<Route>('/api/v1/reviews/:reviewId/episodes/:episodeId/tunnel', {
    config: { access: access.review('analysis.view') },
    schema: {
      summary: 'A key practice episode from the tunnel: the records on file by its end (hindsight left out), and with ?agency= (a name or key from `agencies`) one agency’s own records beside the merged picture. A record counts from its "date recorded" when the import mapped one. Audited.',
      tags: ['analysis'],
      params: { type: 'object', properties: { reviewId: text, episodeId: text }, required: ['reviewId', 'episodeId'] },
      querystring: { type: 'object', properties: { agency: { ...text, description: 'An agency key or name' } } },
      response: { 200: tunnelSchema, ...reviewErrors },
    },
  }, async (request, reply) => {
    const agencyKey = request.query.agency?.trim() ? request.query.agency.trim() : null
    const { detail, tunnel } = await analysisReads(ctx, request.inReview()).episodeTunnel(request.params.episodeId, { reveal: false, agencyKey })
    const e = detail.episode
    reply.header('cache-control', 'no-store')
    return {
      episode: { id: e.id, title: e.title, dateStart: e.date_start, dateEnd: e.date_end, agencies: detail.agencies },
      cutOff: tunnel.cutOff,
      events: tunnel.events.map(tunnelEventJson),
      hiddenLater: tunnel.laterCount,
      agencies: tunnel.agencies,
      agency: tunnel.chosen,
      agencyEvents: tunnel.chosenEvents.map(tunnelEventJson),
    }
  })
}
export default apiEpisodeRoutes
