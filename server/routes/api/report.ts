// GET /api/v1/reviews/:reviewId/report?format=pdf|docx|html&edition=internal|publication: the report file.
// The publication edition answers 409 with the leaks listed while its file would show identifying details.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { exportReport, PublicationLeaks, readExportChoice } from '../../services/report-export.js'
import { sendDownload, untilClientLeaves } from '../file-download.js'
import { errorResponse, reviewErrors, reviewIdParams } from './schemas.js'

const leaksResponse = {
  type: 'object',
  properties: {
    ...errorResponse.properties,
    leaks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          format: { type: 'string', enum: ['pdf', 'docx', 'html'] },
          location: { type: 'string', description: 'Where in the file: a page, a section, the document properties' },
          kind: { type: 'string', description: 'full-name, surname, given-name, nhs-number, postcode, phone, date-of-birth, address or email' },
          value: { type: 'string' },
          excerpt: { type: 'string' },
        },
      },
    },
  },
  required: ['error', 'message', 'leaks'],
} as const

const apiReportRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<{ Params: { reviewId: string }; Querystring: { format?: string; edition?: string } }>('/api/v1/reviews/:reviewId/report', {
    config: { access: access.review('report.internal') },
    schema: {
      summary: 'The learning report as a file',
      description: 'The internal edition (OFFICIAL-SENSITIVE) needs report.internal; the publication edition (OFFICIAL) needs report.publication and is refused with 409 while the leak scan finds identifying details in the file. Every export is audited.',
      tags: ['reports'],
      params: reviewIdParams,
      querystring: {
        type: 'object',
        properties: {
          format: { type: 'string', description: 'pdf, docx or html' },
          edition: { type: 'string', description: 'internal or publication' },
        },
      },
      response: {
        200: { description: 'The file, with Content-Disposition: attachment and a file name', type: 'string', format: 'binary' },
        400: errorResponse, 409: leaksResponse, ...reviewErrors,
      },
    },
  }, async (request, reply) => {
    const viewer = request.inReview()
    const choice = readExportChoice(request.query)
    try {
      return sendDownload(reply, await exportReport(ctx, viewer, choice, untilClientLeaves(reply)))
    } catch (error) {
      if (error instanceof PublicationLeaks) {
        return reply.code(409).header('cache-control', 'no-store').type('application/json').send({
          error: error.code, message: error.message, details: error.details, leaks: error.leaks, leakScanId: error.scanId,
        })
      }
      throw error
    }
  })
}
export default apiReportRoutes
