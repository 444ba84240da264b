// Saving a whole map means a larger JSON body than other routes take. These options raise the route's body
// limit well past the largest map we accept, so that an oversized map gets a 400 that says how big it was
// (checkMapPayloadSize) instead of a bare "too large".
import type { FastifyRequest, RouteShorthandOptions } from 'fastify'
import { MAX_MAP_BYTES, checkMapPayloadSize, parseIfMatch } from '../../services/causal-map.js'
import { BadInput } from '../../errors.js'

/** Bodies past this are cut off by Fastify itself (413); below it, we measure and explain. */
export const MAP_ROUTE_BODY_LIMIT = 4 * MAX_MAP_BYTES

export const mapBodyOptions: Pick<RouteShorthandOptions, 'bodyLimit' | 'preParsing'> = {
  bodyLimit: MAP_ROUTE_BODY_LIMIT,
  // Refuse before reading the body when the client says how long it is.
  preParsing: async (request, _reply, payload) => {
    const length = Number(request.headers['content-length'])
    if (Number.isFinite(length)) checkMapPayloadSize(length)
    return payload
  },
}

/** For bodies sent without a length (chunked): measure what was parsed. */
export function checkParsedMapSize(request: FastifyRequest): void {
  if (request.headers['content-length'] !== undefined) return
  checkMapPayloadSize(Buffer.byteLength(JSON.stringify(request.body ?? null)))
}

/** The version the client started from, from If-Match; a 400 that says what to send when it is missing. */
export function baseVersionOf(request: FastifyRequest): number {
  const version = parseIfMatch(request.headers['if-match'])
  if (version === null) {
    throw new BadInput('Say which version of the map you changed', [{
      path: 'If-Match', message: 'Send the header If-Match with the version you read (GET gives it as "version" and as the ETag); use 0 for a review with no map yet.',
    }], 'missing-if-match')
  }
  return version
}
