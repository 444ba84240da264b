// POST /api/v1/language-check: the hindsight and blame check that runs on every narrative field, for any text.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import { LANGUAGE_CATEGORIES } from '../../../methodology/language/language-rules.js'
import type { ServiceContext } from '../../services/context.js'
import { checkTextLanguage, MAX_LANGUAGE_CHECK_CHARACTERS } from '../../services/language-check.js'
import { NotAuthenticated } from '../../errors.js'
import { errorResponse } from './schemas.js'

// Room for the longest text allowed even when every character is escaped in JSON ("\u0001" is six bytes), so
// an over-long text gets the 400 naming the field rather than a bare 413.
const BODY_LIMIT = MAX_LANGUAGE_CHECK_CHARACTERS * 6 + 4096

const issueJson = {
  type: 'object',
  properties: {
    start: { type: 'integer', description: 'Offset of the flagged phrase in the text, in UTF-16 code units (JavaScript string index)' },
    end: { type: 'integer', description: 'Offset just after the phrase: text.slice(start, end) is the phrase' },
    category: { type: 'string', enum: [...LANGUAGE_CATEGORIES] },
    message: { type: 'string', description: 'Why the wording is flagged' },
    suggestion: { type: 'string', description: 'A systemic reframing to try instead' },
  },
  required: ['start', 'end', 'category', 'message', 'suggestion'],
} as const

const apiLanguageCheckRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post<{ Body: { text?: unknown } | null }>('/api/v1/language-check', {
    config: { access: access.signedIn, rateLimit: { max: 120, timeWindow: '1 minute' } },
    bodyLimit: BODY_LIMIT,
    schema: {
      summary: 'Check a text for hindsight and blame wording, as every narrative field is checked',
      description:
        `"text" is required, a string of at most ${MAX_LANGUAGE_CHECK_CHARACTERS.toLocaleString('en-GB')} characters. ` +
        'Quoted and reported speech, descriptions of procedure, clinical terms and reflections that name hindsight are not flagged. Nothing is stored; the check is audited by its size only.',
      tags: ['language'],
      body: { type: 'object', properties: { text: { type: 'string', description: 'The text to check' } } },
      response: {
        200: { type: 'object', properties: { issues: { type: 'array', items: issueJson } }, required: ['issues'] },
        400: errorResponse, 401: errorResponse, 403: errorResponse, 429: errorResponse,
      },
    },
  }, async (request) => {
    // access.signedIn guarantees a viewer; the check keeps the type honest.
    if (!request.viewer) throw new NotAuthenticated()
    const issues = await checkTextLanguage(ctx, request.viewer, request.body?.text)
    return { issues }
  })
}

export default apiLanguageCheckRoutes
