// /api/v1/national and a review's national return: the exchange format's JSON Schema, receiving returns
// (national users' tokens, which is how one instance sends to another), the themes across returns, and
// the lead reviewer's preview and submission. Shapes follow ../shared/api-contract.md.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput, TooLarge } from '../../errors.js'
import { MAX_RETURN_BYTES } from '../../../methodology/national/return-format.js'
import { RETURN_SCHEMAS } from '../../../methodology/national/return-schema.js'
import { RETURN_FORMAT_VERSION } from '../../../methodology/national/return-format.js'
import { SUPPRESSED, SUPPRESSED_BELOW } from '../../../methodology/national/suppression.js'
import type { ServiceContext } from '../../services/context.js'
import { receiveReturn } from '../../services/national-store.js'
import { previewReturn, setPublishedReport, submitReturn } from '../../services/national-return.js'
import { THEME_DIMENSIONS, V2_DIMENSIONS, V2_GROUPINGS, isThemeDimension, themesForApi } from '../../services/national-themes.js'
import { crossTabForApi } from '../../services/national-cross-tab.js'
import { FINDINGS_PER_PAGE, MAX_FINDINGS_PER_PAGE, nationalFindings } from '../../services/national-findings.js'
import { refreshTranslations } from '../../services/national-store.js'
import { readThemeQuery } from '../../services/national-themes.js'
import { WITHHELD } from '../../../methodology/national/cross-tab-suppression.js'
import { readDrillTable } from '../../services/national-drill-scope.js'
import { DURATIONS, nationalTimeliness } from '../../services/national-timeliness.js'
import { errorResponse, reviewErrors, reviewIdParams } from './schemas.js'

const shownCount = { anyOf: [{ type: 'integer' }, { type: 'string', enum: [SUPPRESSED, WITHHELD] }] } as const
// In a two-way table every hidden entry carries one marker (see cross-tab-suppression.ts).
const crossCount = { anyOf: [{ type: 'integer' }, { type: 'string', enum: [WITHHELD] }] } as const
const crossCell = { type: 'object', properties: { reviews: crossCount, findings: crossCount, withheld: { type: 'boolean' } } } as const
const split = {
  type: 'object',
  description: 'Only on a line standing for a code split in a later typology version: tags with it count once here, never under each new code, until re-tagged',
  properties: { code: { type: 'string' }, version: { type: 'string' }, into: { type: 'array', items: { type: 'string' } } },
} as const
const crossHeading = {
  type: 'object',
  properties: {
    key: { type: 'string' }, label: { type: 'string' }, split,
    typologyVersions: { type: 'array', items: { type: 'string' }, description: 'For a year whose total is shown: the typology versions its findings were tagged in' },
  },
} as const

/** The filters every national read takes (server/services/national-themes.ts reads them). */
const themeFilterProperties = {
  from: { type: 'string', description: 'First year, YYYY' },
  to: { type: 'string', description: 'Last year, YYYY' },
  code: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'Only findings carrying this code (or a code of this family) in the latest typology version; repeat for several' },
  region: { type: 'string' }, level: { type: 'string' }, agency: { type: 'string' }, methodology: { type: 'string' },
  ageBand: { type: 'string' }, harm: { type: 'string' }, q: { type: 'string', description: 'Words in the findings' },
  // Return format 2's groupings, each a filter of the same name (its keys in methodology/national/characteristics.ts).
  ...Object.fromEntries(V2_DIMENSIONS.filter((d) => d !== 'ageBand').map((d) => [d, { type: 'string', description: `${V2_GROUPINGS[d].name}: one of ${V2_GROUPINGS[d].list.map((c) => c.key).join(', ')}` }])),
} as const

/** A whole-number query parameter within bounds, or the default when absent. */
function wholeNumber(raw: unknown, name: string, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const text = typeof raw === 'string' ? raw.trim() : ''
  const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN
  if (!(value >= min && value <= max)) {
    throw new BadInput('The request is not valid', [{ path: name, message: `${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}` }])
  }
  return value
}

/** The minimum complement (methodology/national/minimum-complement.ts): why a whole view is withheld, or null. */
const viewWithheld = {
  type: ['object', 'null'],
  description: `Null when the view is shown. Otherwise one of the filters leaves out 1 to ${SUPPRESSED_BELOW - 1} of the reviews the other filters match, so this view and the same view without that filter could be subtracted to reveal a small group: nothing is counted or listed, and this says which filter (as the dashboard describes it) and why`,
  properties: { filter: { type: 'string' }, reason: { type: 'string' } },
} as const

/** What every national read answers with its own properties, and the errors it may give. */
const nationalAnswer = { typologyVersion: { type: 'string' }, suppressedBelow: { type: 'integer' }, viewWithheld } as const
const nationalReadErrors = { 400: errorResponse, 401: errorResponse, 403: errorResponse } as const

const quartiles = { type: ['object', 'null'], properties: { lower: { type: 'number' }, median: { type: 'number' }, upper: { type: 'number' } } } as const
const timelinessRow = {
  type: 'object',
  properties: {
    key: { type: 'string' }, label: { type: 'string' }, reviews: shownCount, suppressed: { type: 'boolean' },
    durations: {
      type: 'object',
      properties: Object.fromEntries(DURATIONS.map((d) => [d.key, {
        type: 'object', description: `${d.label}, in working days`,
        properties: { known: shownCount, quartiles, suppressed: { type: 'boolean' } },
      }])),
    },
  },
} as const

const returnDocument = {
  type: 'object',
  additionalProperties: true,
  description: 'A national return: see GET /api/v1/national/return.schema.json for its JSON Schema',
} as const

const apiNationalRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: { version?: string } }>('/api/v1/national/return.schema.json', {
    config: { access: access.signedIn },
    schema: {
      summary: `The JSON Schema of the national return exchange format: the newest (version ${RETURN_FORMAT_VERSION}), or ?version=1 for an older one still accepted`,
      tags: ['national'],
      querystring: { type: 'object', properties: { version: { type: 'string' } } },
      response: { 200: { type: 'object', additionalProperties: true }, 400: errorResponse, 401: errorResponse },
    },
  }, async (request, reply) => {
    const asked = request.query.version ?? String(RETURN_FORMAT_VERSION)
    const schema = asked === '1' || asked === '2' ? RETURN_SCHEMAS[asked] : null
    if (!schema) throw new BadInput('There is no such version of the national return format', [{ path: 'version', message: 'must be 1 or 2' }])
    return reply.type('application/schema+json').send(schema)
  })

  app.post<{ Body: unknown }>('/api/v1/national/returns', {
    config: { access: access.roles('national') },
    // A little over the limit, so a return slightly too large gets the clear message below, not the generic one.
    bodyLimit: MAX_RETURN_BYTES * 2,
    preParsing: async (request) => {
      const declared = Number(request.headers['content-length'] ?? 0)
      if (declared > MAX_RETURN_BYTES) throw new TooLarge(`The return is ${Math.ceil(declared / 1024)} KB; a national return can be at most ${MAX_RETURN_BYTES / 1024} KB`)
    },
    schema: {
      summary: 'File a national return (national users; another instance sends with a national user’s token). A newer version of the same return supersedes the older',
      tags: ['national'],
      body: returnDocument,
      response: {
        201: {
          type: 'object',
          properties: {
            returnId: { type: 'string' }, version: { type: 'integer' },
            superseded: { type: ['integer', 'null'], description: 'The version this one replaced in every count' },
            findings: { type: 'integer' },
          },
        },
        400: errorResponse, 401: errorResponse, 403: errorResponse, 409: errorResponse, 413: errorResponse,
      },
    },
  }, async (request, reply) => {
    const filed = await receiveReturn(ctx, request.actor(), request.body, 'api')
    return reply.code(201).send(filed)
  })

  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/national/themes', {
    config: { access: access.roles('national') },
    schema: {
      summary: 'Findings and reviews across the current national returns, grouped; cells counting fewer than 5 reviews show "<5", and rows withheld so that a "<5" cannot be worked out from the others "[c]"',
      tags: ['national'],
      querystring: {
        type: 'object',
        properties: {
          // Checked by the handler, not an enum here, so a bad value is answered with the allowed ones.
          by: { type: 'string', description: `Required: one of ${THEME_DIMENSIONS.join(', ')}` },
          cross: { type: 'string', description: `A second grouping (one of ${THEME_DIMENSIONS.join(', ')}, not the same as by): the answer is then a two-way table (rows × columns) with its totals, suppressed cell by cell and complementarily` },
          ...themeFilterProperties,
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            ...nationalAnswer,
            rows: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  key: { type: 'string' }, label: { type: 'string' }, reviews: shownCount, findings: shownCount, split,
                  typologyVersions: crossHeading.properties.typologyVersions,
                },
              },
            },
            by: { type: 'string' }, cross: { type: 'string' }, withheld: { type: 'string' },
            columns: { type: 'array', items: crossHeading },
            cells: { type: 'array', items: { type: 'array', items: crossCell } },
            rowTotals: { type: 'array', items: crossCell },
            columnTotals: { type: 'array', items: crossCell },
            total: crossCell,
          },
        },
        ...nationalReadErrors,
      },
    },
  }, async (request) => {
    const by = request.query.by
    if (!isThemeDimension(by)) throw new BadInput('Choose what to group by', [{ path: 'by', message: `by must be one of ${THEME_DIMENSIONS.join(', ')}` }])
    if (request.query.cross !== undefined) {
      const table = await crossTabForApi(ctx, request.query)
      // rows carry the headings only; the numbers are in cells and the totals.
      return table
    }
    const result = await themesForApi(ctx, by, request.query)
    return { ...result, suppressedBelow: SUPPRESSED_BELOW }
  })

  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/national/findings', {
    config: { access: access.roles('national') },
    schema: {
      summary: 'The anonymised findings matching the themes filters, with their board questions, a page at a time (audited as national.findings.read)',
      description: 'Takes the same filters as /api/v1/national/themes. The list is withheld (`withheld: true`, no items, `findings: null`) when the matching findings come from fewer than 5 reviews; it never says how many reviews they come from.',
      tags: ['national'],
      querystring: {
        type: 'object',
        properties: {
          ...themeFilterProperties,
          by: { type: 'string', description: 'The table drilled from (a grouping of the themes); its entry is given by the filters on by (and cross)' },
          cross: { type: 'string', description: 'With by: the two-way table drilled from' },
          page: { type: 'string', description: 'Page number from 1 (default 1); a page past the last gives the last' },
          perPage: { type: 'string', description: `Findings a page, 1–${MAX_FINDINGS_PER_PAGE} (default ${FINDINGS_PER_PAGE})` },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            ...nationalAnswer,
            withheld: { type: 'boolean' },
            findings: { type: ['integer', 'null'] },
            page: { type: 'integer' }, pages: { type: 'integer' }, perPage: { type: 'integer' },
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  ref: { type: 'string' }, kind: { type: 'string', enum: ['systemic', 'good-practice'] },
                  title: { type: 'string' }, pattern: { type: 'string' }, howWidespread: { type: 'string' }, whyItMatters: { type: 'string' },
                  level: { type: ['string', 'null'] }, levelLabel: { type: 'string' },
                  codes: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, label: { type: 'string' } } } },
                  agencies: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' } } } },
                  boardQuestions: { type: 'array', items: { type: 'string' } },
                  nationalAttention: { type: 'boolean', description: 'The lead reviewer marked the finding as needing national attention' },
                },
              },
            },
          },
        },
        ...nationalReadErrors,
      },
    },
  }, async (request) => {
    const page = wholeNumber(request.query.page, 'page', 1, Number.MAX_SAFE_INTEGER, 1)
    const perPage = wholeNumber(request.query.perPage, 'perPage', 1, MAX_FINDINGS_PER_PAGE, FINDINGS_PER_PAGE)
    const history = await refreshTranslations(ctx)
    const query = readThemeQuery(request.query, history.current, history.versions)
    const result = await nationalFindings(ctx, request.actor(), query, history.current, page, perPage, readDrillTable(request.query))
    return { typologyVersion: history.current.version, ...result, items: result.items.map(({ kindLabel: _k, ...item }) => item) }
  })

  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/national/timeliness', {
    config: { access: access.roles('national') },
    schema: {
      summary: 'Timeliness across the current national returns: the median and quartiles of each duration in working days, by region and by year (audited as national.timeliness.read)',
      description: `Takes the same filters as /api/v1/national/themes; each review counts once. A group of fewer than ${SUPPRESSED_BELOW} reviews shows "${SUPPRESSED}" and no figures; so does a duration known for fewer than ${SUPPRESSED_BELOW} of a group's reviews or not known for 1 to ${SUPPRESSED_BELOW - 1}. \`all\` (every matching review) is null, or has a duration hidden, where a hidden group could be worked out from it.`,
      tags: ['national'],
      querystring: { type: 'object', properties: themeFilterProperties },
      response: {
        200: {
          type: 'object',
          properties: {
            ...nationalAnswer,
            unit: { type: 'string', enum: ['working days'] },
            durations: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' } } } },
            byRegion: { type: 'array', items: timelinessRow },
            byYear: { type: 'array', items: timelinessRow },
            all: { anyOf: [timelinessRow, { type: 'null' }] },
          },
        },
        ...nationalReadErrors,
      },
    },
  }, async (request) => {
    const history = await refreshTranslations(ctx)
    const query = readThemeQuery(request.query, history.current, history.versions)
    const { tables, ...rest } = await nationalTimeliness(ctx, request.actor(), query, history.current)
    return { typologyVersion: history.current.version, ...rest, byRegion: tables.region, byYear: tables.year }
  })

  app.get<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId/national-return', {
    config: { access: access.review('national.return') },
    schema: {
      summary: 'The review’s anonymised national return exactly as it would be submitted now (lead reviewer)',
      tags: ['national'],
      params: reviewIdParams,
      response: { 200: returnDocument, ...reviewErrors },
    },
  }, async (request) => (await previewReturn(ctx, request.inReview())).built.document)

  app.post<{ Params: { reviewId: string }; Body: unknown }>('/api/v1/reviews/:reviewId/national-return/submit', {
    config: { access: access.review('national.return') },
    schema: {
      summary: 'Submit the national return as a new version (lead reviewer); refused while the leak scan finds identifying details',
      tags: ['national'],
      params: reviewIdParams,
      description: 'No body is needed. An optional JSON body `{"publishedReport": "https://..." | null}` sets (or clears) the published report’s web address first; `{"version": n}` sends only if the next version is n (the one previewed), otherwise 409 `stale-edit` with nothing sent. Only agreed findings are included.',
      response: {
        201: { type: 'object', properties: { returnId: { type: 'string' }, version: { type: 'integer' } } },
        400: errorResponse, 409: errorResponse, ...reviewErrors,
      },
    },
  }, async (request, reply) => {
    // The body is optional, so it is checked here rather than by a schema (which would demand one).
    const body: unknown = request.body
    const link = typeof body === 'object' && body !== null ? (body as { publishedReport?: unknown }).publishedReport : undefined
    if (link !== undefined && link !== null && typeof link !== 'string') {
      throw new BadInput('The request is not valid', [{ path: 'publishedReport', message: 'must be a web address or null' }])
    }
    const version = typeof body === 'object' && body !== null ? (body as { version?: unknown }).version : undefined
    if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version < 1)) {
      throw new BadInput('The request is not valid', [{ path: 'version', message: 'must be the version number previewed, a whole number from 1' }])
    }
    if (link !== undefined) await setPublishedReport(ctx, request.actor(), request.params.reviewId, link ?? '')
    const sent = await submitReturn(ctx, request.actor(), request.params.reviewId, version === undefined ? null : { version, digest: null })
    return reply.code(201).send(sent)
  })
}
export default apiNationalRoutes
