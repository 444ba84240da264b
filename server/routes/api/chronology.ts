// /api/v1 chronology import and the integrated chronology, as ../shared/api-contract.md sets out:
// POST /imports (multipart) → 201 preview; POST /imports/:importId/commit → {committed}; GET /chronology.
import type { FastifyPluginAsync } from 'fastify'
import { EVENT_FIELDS } from '../../../methodology/chronology/mapping.js'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import { isUploadedFile } from '../../plugins/uploads.js'
import type { EventRow } from '../../data/chronology-events.js'
import type { ServiceContext } from '../../services/context.js'
import { commitImport, failureAsError, importPreview, rollbackImport, uploadChronology } from '../../services/chronology-import.js'
import { chronologyEvents, FLAG_FILTERS, readChronologyQuery } from '../../services/chronology.js'
import { errorResponse, reviewErrors, reviewIdParams } from './schemas.js'

const importParams = {
  type: 'object',
  properties: { reviewId: { type: 'string', description: 'The review id' }, importId: { type: 'string', description: 'The import id' } },
  required: ['reviewId', 'importId'],
} as const

const mappingSchema = {
  type: 'object',
  description: 'Event field → column heading',
  properties: Object.fromEntries(EVENT_FIELDS.map((f) => [f, { type: 'string' }])),
} as const

const previewEvent = {
  type: 'object',
  properties: {
    row: { type: 'integer', description: '1-based data row of the file' },
    occurredAt: { type: 'string', description: 'YYYY-MM-DDTHH:mm, YYYY-MM-DD, YYYY-MM or YYYY' },
    date: { type: 'string', description: 'First day of the interval the date names' },
    time: { type: ['string', 'null'] },
    precision: { type: 'string', enum: ['minute', 'day', 'week', 'month', 'year'] },
    author: { type: ['string', 'null'] },
    category: { type: ['string', 'null'] },
    summary: { type: ['string', 'null'] },
    outcome: { type: ['string', 'null'] },
    recordedAt: { type: ['string', 'null'], description: 'When the entry was recorded, if the file says (same form as occurredAt)' },
    flags: { type: 'array', items: { type: 'string' } },
    asWritten: { type: ['string', 'null'], description: 'The date cell as the file holds it' },
  },
} as const

const previewSchema = {
  type: 'object',
  properties: {
    importId: { type: 'string' },
    status: { type: 'string', enum: ['analysing', 'previewed', 'committed', 'rolled-back', 'failed', 'discarded'] },
    agency: { type: 'string' },
    fileName: { type: 'string' },
    detected: {
      type: 'object',
      properties: {
        encoding: { type: ['string', 'null'] }, bom: { type: 'boolean' }, delimiter: { type: ['string', 'null'] }, headerRow: { type: 'integer' },
        mapping: mappingSchema, dateFormat: { type: 'string' }, format: { type: 'string', enum: ['csv', 'xlsx'] }, sheet: { type: 'string' },
      },
    },
    remembered: { type: 'boolean', description: 'The agency’s settings from its last committed import were used' },
    headers: { type: 'array', items: { type: 'string' } },
    dataRows: { type: 'integer' },
    accepted: { type: 'integer' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: { row: { type: 'integer' }, reason: { type: 'string', description: 'invalid-date | missing-date' }, column: { type: 'string' }, message: { type: 'string' } },
      },
    },
    exactDuplicates: { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
    reducedPrecision: { type: 'array', items: { type: 'object', properties: { row: { type: 'integer' }, precision: { type: 'string', enum: ['week', 'month', 'year'] } } } },
    outsidePeriod: { type: 'array', items: { type: 'integer' } },
    preview: { type: 'array', items: previewEvent, description: 'The first 20 events, normalised' },
    ignoredRows: { type: 'object', properties: { blank: { type: 'integer' }, footer: { type: 'integer' }, repeatedHeader: { type: 'integer' } } },
    warnings: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
  },
} as const

export const eventSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    agency: { type: 'string' },
    occurredAt: { type: 'string', description: 'Local date or date-time at the precision recorded: YYYY-MM-DDTHH:mm, YYYY-MM-DD, YYYY-MM or YYYY' },
    precision: { type: 'string', enum: ['minute', 'day', 'week', 'month', 'year'] },
    dateRange: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } }, description: 'The days the date covers (YYYY-MM-DD)' },
    time: { type: ['string', 'null'] },
    author: { type: ['string', 'null'] },
    category: { type: ['string', 'null'] },
    summary: { type: ['string', 'null'] },
    outcome: { type: ['string', 'null'] },
    recordedAt: { type: ['string', 'null'], description: 'When the agency recorded the entry, if its file has a "date recorded" column (same form as occurredAt)' },
    source: { type: 'object', properties: { importId: { type: 'string' }, file: { type: 'string' }, row: { type: 'integer' } } },
    flags: { type: 'array', items: { type: 'string' }, description: 'exact-duplicate, outside-period, reduced-precision, significant' },
    significant: { type: 'boolean' },
    annotation: { type: ['string', 'null'], description: 'The reviewers’ note (reviewers only)' },
    episodeId: { type: ['string', 'null'], description: 'The episode this event is linked into, if any' },
  },
} as const

/** An event as the service returned it for this viewer (text, notes and file name already as they may see them). */
export function eventJson(e: EventRow) {
  const flags = JSON.parse(e.flags) as string[]
  return {
    id: e.id,
    agency: e.agency,
    occurredAt: e.occurred_at,
    precision: e.precision,
    dateRange: { start: e.date_start, end: e.date_end },
    time: e.time,
    author: e.author,
    category: e.category,
    summary: e.summary,
    outcome: e.outcome,
    recordedAt: e.recorded_at,
    source: { importId: e.import_id, file: e.source_file, row: e.source_row },
    flags: e.significant ? [...flags, 'significant'] : flags,
    significant: e.significant === 1,
    annotation: e.annotation,
    episodeId: e.episode_id,
  }
}

const apiChronologyRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post<{ Params: { reviewId: string }; Body: Record<string, unknown> }>('/api/v1/reviews/:reviewId/imports', {
    config: { access: access.review('chronology.import') },
    // The body is multipart: the fields arrive as strings and the file as a saved upload, checked by the service.
    validatorCompiler: () => () => true,
    schema: {
      summary: 'Upload an agency chronology and get its preview; nothing is added to the chronology until it is committed',
      description: 'Multipart form data. Anything omitted is detected (or taken from the agency’s last committed import). Rows with a missing or impossible date are listed in `rejected`; exact duplicates, reduced precision and events outside the review period are flagged, never dropped.',
      tags: ['chronology'],
      consumes: ['multipart/form-data'],
      params: reviewIdParams,
      body: {
        type: 'object',
        required: ['file', 'agency'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'CSV, TSV, other delimited text, or XLSX' },
          agency: { type: 'string', description: 'The agency the chronology comes from' },
          mapping: { type: 'string', description: 'JSON: {"occurredAt": heading, "time"?: heading, "author"?: heading, "category"?: heading, "summary": heading, "outcome"?: heading, "recordedAt"?: heading (when the entry was written; blank cells allowed)}' },
          dateFormat: { type: 'string', description: 'Tokens D DD M MM MMM YY YYYY HH mm ss with separators (e.g. DD/MM/YYYY, D MMM YYYY, DD/MM/YYYY HH:mm), or ISO, or excel' },
          encoding: { type: 'string', description: 'utf-8, utf-16le, utf-16be, windows-1252, …' },
          delimiter: { type: 'string', description: 'One character, or tab' },
          headerRow: { type: 'string', description: '1-based row of the file holding the headings' },
          sheet: { type: 'string', description: 'XLSX only: the worksheet to read' },
        },
      },
      response: { 201: previewSchema, 400: errorResponse, 413: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const body = request.body ?? {}
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined)
    const viewer = request.inReview()
    const started = await uploadChronology(ctx, viewer, {
      file: isUploadedFile(body.file) ? body.file : undefined,
      agency: text('agency') ?? '',
      mapping: text('mapping'), dateFormat: text('dateFormat'), encoding: text('encoding'), delimiter: text('delimiter'),
      headerRow: text('headerRow'), sheet: text('sheet'),
    })
    const outcome = await started.finished
    const preview = await importPreview(ctx, viewer, started.importId)
    if (!outcome.ok) {
      if (preview.error?.code === 'internal-error') throw outcome.error
      throw failureAsError(preview)
    }
    return reply.code(201).send(preview)
  })

  app.post<{ Params: { reviewId: string; importId: string } }>('/api/v1/reviews/:reviewId/imports/:importId/commit', {
    config: { access: access.review('chronology.import') },
    schema: {
      summary: 'Add a previewed import’s events to the chronology: all or nothing',
      tags: ['chronology'],
      params: importParams,
      response: { 200: { type: 'object', properties: { committed: { type: 'integer' } } }, 409: errorResponse, ...reviewErrors },
    },
  }, async (request) => commitImport(ctx, request.inReview(), request.params.importId))

  app.post<{ Params: { reviewId: string; importId: string } }>('/api/v1/reviews/:reviewId/imports/:importId/rollback', {
    config: { access: access.review('chronology.rollback') },
    schema: {
      summary: 'Remove every event a committed import added, as a whole (lead reviewer and review team)',
      description: 'The response lists what referred to the removed events (map nodes and links, key practice episodes, findings, quotes); the map and stage checks go on reporting those references until they are put right.',
      tags: ['chronology'],
      params: importParams,
      response: {
        200: {
          type: 'object',
          properties: {
            rolledBack: { type: 'integer' },
            references: {
              type: 'object',
              description: 'What referred to the removed events',
              properties: {
                mapNodes: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, label: { type: 'string' } } } },
                mapEdges: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
                episodes: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } } },
                findings: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } } },
                quotes: { type: 'integer' },
              },
            },
          },
        },
        409: errorResponse,
        ...reviewErrors,
      },
    },
  }, async (request) => {
    const { removed, references } = await rollbackImport(ctx, request.inReview(), request.params.importId)
    return { rolledBack: removed, references }
  })

  app.get<{ Params: { reviewId: string }; Querystring: Record<string, unknown> }>('/api/v1/reviews/:reviewId/chronology', {
    config: { access: access.review('chronology.view') },
    schema: {
      summary: 'The integrated chronology, ordered by time (case group members: their own agency’s events and those shared with them)',
      tags: ['chronology'],
      params: reviewIdParams,
      querystring: {
        type: 'object',
        properties: {
          agency: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'Only these agencies' },
          from: { type: 'string', description: 'YYYY-MM-DD: events on or after' },
          to: { type: 'string', description: 'YYYY-MM-DD: events on or before' },
          category: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'Only these types of event, each with the ways agencies wrote it (case, plurals, punctuation). A type is matched as the caller sees it: for those shown pseudonyms, a type naming someone in the register is its pseudonymised form, and a real name typed in finds nothing' },
          flag: { anyOf: [{ type: 'string', enum: [...FLAG_FILTERS] }, { type: 'array', items: { type: 'string', enum: [...FLAG_FILTERS] } }], description: 'Events with any of these flags' },
          q: { type: 'string', description: 'Words to search for (full text): each word matches as a prefix (bruis finds bruise), "quoted phrases" match in order, OR between terms means either; every other term is required' },
          names: { type: 'string', enum: ['real', 'pseudonyms'], description: 'Pseudonyms instead of real names (only those who may see real names get them)' },
        },
      },
      response: { 200: { type: 'object', properties: { events: { type: 'array', items: eventSchema } } }, 400: errorResponse, ...reviewErrors },
    },
  }, async (request) => {
    const { query, problems } = readChronologyQuery(request.query)
    if (problems.length > 0) throw new BadInput('The filters are not valid', problems)
    // Real names only for those who may see them (and ask for pseudonyms with ?names=pseudonyms): the viewer's name rule.
    return { events: (await chronologyEvents(ctx, request.inReview(), query)).map(eventJson) }
  })
}
export default apiChronologyRoutes
