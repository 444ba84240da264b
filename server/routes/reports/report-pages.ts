// The report page of a review: choose the edition and format, export (a background job with progress, or a
// plain download link that works without JavaScript), and for the lead reviewer the publication leak scan with
// each finding, where it occurs, and false positives marked with a reason.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { reviewOf } from '../../services/reviews.js'
import {
  downloadExport, EDITION_LABELS, exportReport, exportStatus, FORMAT_LABELS, PublicationLeaks, readExportChoice, REPORT_FORMATS,
  reportNamePolicy, reportPageFor, runLeakScan, startExport,
} from '../../services/report-export.js'
import { markFalsePositive, removeFalsePositive } from '../../services/report-false-positives.js'
import { defineAbbreviations } from '../../services/report-glossary.js'
import { LEAK_KIND_LABELS } from '../../../methodology/redaction/leak-scan.js'
import type { FoundLeak } from '../../services/report-leaks.js'
import { formatInstant } from '../../views-support/handlebars.js'
import { sendDownload, untilClientLeaves } from '../file-download.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'

type Params = { Params: { reviewId: string } }
type ExportParams = { Params: { reviewId: string; exportId: string } }
type FalsePositiveParams = { Params: { reviewId: string; falsePositiveId: string } }

function leakRows(leaks: readonly FoundLeak[]) {
  return leaks.map((l, i) => ({ ...l, index: i, kindLabel: LEAK_KIND_LABELS[l.kind], formatLabel: FORMAT_LABELS[l.format] }))
}

const STATUS_TAGS = {
  running: { text: 'Exporting', colour: 'blue' },
  done: { text: 'Exported', colour: 'green' },
  blocked: { text: 'Blocked by the leak scan', colour: 'red' },
  failed: { text: 'Failed', colour: 'orange' },
} as const

const reportPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; leaks?: FoundLeak[]; values?: Record<string, string> } = {}) => {
    const reviewId = (request.params as { reviewId: string }).reviewId
    const ra = request.reviewAccess!
    const viewer = request.inReview()
    const canPublish = ra.can('report.publication')
    const [review, state] = await Promise.all([reviewOf(ctx, viewer), reportPageFor(ctx, viewer)])
    const { editions, scan, falsePositives, exports, memberNames: names, undefinedAbbreviations: undefinedAbbreviationList } = state
    const scanLeaks = scan ? (JSON.parse(scan.leaks) as FoundLeak[]) : []
    return reply.header('cache-control', 'no-store').page('pages/reports/report', {
      pageTitle: 'Report',
      review,
      canPublish,
      editionOptions: editions.map((e) => ({ value: e, text: EDITION_LABELS[e], hint: e === 'internal' ? 'For the safeguarding partners and the board.' : 'Pseudonyms only; checked for identifying details before it is released.' })),
      formatOptions: REPORT_FORMATS.map((f) => ({ value: f, text: FORMAT_LABELS[f] })),
      values: extra.values ?? { edition: editions[0] ?? 'internal', format: 'pdf' },
      downloads: editions.map((e) => ({ edition: EDITION_LABELS[e], links: REPORT_FORMATS.map((f) => ({ text: FORMAT_LABELS[f], href: `/reviews/${reviewId}/report/download?edition=${e}&format=${f}` })) })),
      namesNote: reportNamePolicy(request.inReview()) === 'pseudonyms' ? 'Your internal edition uses pseudonyms, because your role does not include seeing real names.' : null,
      errors: extra.errors ?? NO_ERRORS,
      blockedLeaks: extra.leaks ? leakRows(extra.leaks) : null,
      scan: scan ? { at: formatInstant(scan.scanned_at), passed: scan.passed === 1, count: scan.leak_count, formats: (JSON.parse(scan.formats) as string[]).map((f) => FORMAT_LABELS[f as keyof typeof FORMAT_LABELS] ?? f).join(', '), leaks: leakRows(scanLeaks) } : null,
      falsePositives: falsePositives.map((f) => ({ ...f, kindLabel: LEAK_KIND_LABELS[f.kind as keyof typeof LEAK_KIND_LABELS] ?? f.kind, by: names.get(f.marked_by ?? '') ?? 'A former member', at: formatInstant(f.marked_at) })),
      exports: exports.map((x) => ({
        ...x, at: formatInstant(x.requested_at), by: names.get(x.requested_by ?? '') ?? (x.requested_by ? 'A former member' : 'The system'),
        editionLabel: x.edition === 'internal' ? 'Internal' : 'Publication', formatLabel: FORMAT_LABELS[x.format], tag: STATUS_TAGS[x.status],
        own: x.requested_by === request.user?.id,
      })),
      abbreviations: undefinedAbbreviationList.map((a) => ({ abbreviation: a, name: `meaning-${a}`, value: extra.values?.[`meaning-${a}`] ?? '', error: extra.errors?.fields[`meaning-${a}`] })),
      breadcrumbs: reviewBreadcrumbs(review, 'Report'),
    })
  }

  app.get<Params>('/reviews/:reviewId/report', { config: { access: access.review('report.internal') } }, async (request, reply) => page(request, reply))

  // Works without JavaScript: the export happens during the request and the file comes back.
  app.get<Params & { Querystring: { edition?: string; format?: string } }>('/reviews/:reviewId/report/download', { config: { access: access.review('report.internal') } }, async (request, reply) => {
    const choice = readExportChoice(request.query)
    try {
      return sendDownload(reply, await exportReport(ctx, request.inReview(), choice, untilClientLeaves(reply)))
    } catch (error) {
      if (error instanceof PublicationLeaks) {
        reply.code(409)
        return page(request, reply, { errors: { title: 'The publication edition was not released', summary: [{ text: error.message, href: '#blocked' }], fields: {} }, leaks: error.leaks, values: { ...choice } })
      }
      throw error
    }
  })

  app.post<Params>('/reviews/:reviewId/report/exports', { config: { access: access.review('report.internal') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        const choice = readExportChoice(v)
        return startExport(ctx, request.inReview(), choice)
      },
      rerender: (errors) => page(request, reply, { errors, values: v }),
      redirectTo: (exportId) => `/reviews/${request.params.reviewId}/report/exports/${exportId}`,
    })
  })

  app.get<ExportParams>('/reviews/:reviewId/report/exports/:exportId', { config: { access: access.review('report.internal') } }, async (request, reply) => {
    const { reviewId, exportId } = request.params
    const review = await reviewOf(ctx, request.inReview())
    const status = await exportStatus(ctx, reviewId, exportId, request.user?.id ?? null)
    const x = status.export
    return reply.header('cache-control', 'no-store').page('pages/reports/export', {
      pageTitle: x.status === 'running' ? 'Exporting the report' : x.status === 'done' ? 'Your report is ready' : x.status === 'blocked' ? 'The publication edition was not released' : 'The export failed',
      review,
      exportJob: { ...x, editionLabel: EDITION_LABELS[x.edition], formatLabel: FORMAT_LABELS[x.format], tag: STATUS_TAGS[x.status] },
      stage: status.stage,
      percent: status.percent,
      leaks: leakRows(status.leaks),
      canPublish: request.reviewAccess!.can('report.publication'),
      statusUrl: `/reviews/${reviewId}/report/exports/${exportId}/status`,
      fileUrl: `/reviews/${reviewId}/report/exports/${exportId}/file`,
      scripts: x.status === 'running' ? ['report-export.js'] : [],
      breadcrumbs: [...reviewBreadcrumbs(review, 'Report').slice(0, -1), { text: 'Report', href: `/reviews/${reviewId}/report` }, { text: 'Export' }],
    })
  })

  app.get<ExportParams>('/reviews/:reviewId/report/exports/:exportId/status', { config: { access: access.review('report.internal') } }, async (request, reply) => {
    const { reviewId, exportId } = request.params
    const status = await exportStatus(ctx, reviewId, exportId, request.user?.id ?? null)
    return reply.header('cache-control', 'no-store').send({
      status: status.export.status,
      stage: status.stage,
      percent: status.percent,
      fileName: status.export.file_name,
      downloadUrl: status.export.status === 'done' ? `/reviews/${reviewId}/report/exports/${exportId}/file` : null,
      pageUrl: `/reviews/${reviewId}/report/exports/${exportId}`,
      leaks: status.leaks.length,
      error: status.export.error,
    })
  })

  app.get<ExportParams>('/reviews/:reviewId/report/exports/:exportId/file', { config: { access: access.review('report.internal') } }, async (request, reply) =>
    sendDownload(reply, await downloadExport(ctx, request.inReview(), request.params.exportId)))

  app.post<Params>('/reviews/:reviewId/report/glossary', { config: { access: access.review('report.publication') } }, async (request, reply) => {
    const v = formValues(request)
    const meanings = Object.fromEntries(Object.entries(v).filter(([k]) => k.startsWith('meaning-')).map(([k, value]) => [k.slice('meaning-'.length), value]))
    return handleFormPost(ctx, request, reply, {
      run: () => defineAbbreviations(ctx, request.actor(), request.params.reviewId, meanings),
      rerender: (errors) => page(request, reply, { errors, values: v }),
      redirectTo: `/reviews/${request.params.reviewId}/report#glossary`,
      flash: (n: number) => ({ kind: 'success', heading: n === 1 ? 'The abbreviation is added to the glossary' : `${n} abbreviations are added to the glossary` }),
    })
  })

  app.post<Params>('/reviews/:reviewId/report/leak-scan', { config: { access: access.review('report.publication') } }, async (request, reply) =>
    handleFormPost(ctx, request, reply, {
      run: () => runLeakScan(ctx, request.actor(), request.params.reviewId),
      rerender: (errors) => page(request, reply, { errors }),
      redirectTo: `/reviews/${request.params.reviewId}/report#leak-scan`,
      flash: (result) => result.leaks.length === 0
        ? { kind: 'success', heading: 'The leak scan found no identifying details', text: 'The publication edition can be exported in every format.' }
        : { kind: 'important', heading: `The leak scan found ${result.leaks.length === 1 ? '1 identifying detail' : `${result.leaks.length} identifying details`}`, text: 'Each one is listed below with where it occurs. Fix the source text, or mark it as a false positive with a reason.' },
    }))

  app.post<Params>('/reviews/:reviewId/report/false-positives', { config: { access: access.review('report.publication') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => markFalsePositive(ctx, request.actor(), request.params.reviewId, { kind: v.kind ?? '', value: v.value ?? '', reason: v.reason ?? '' }),
      rerender: (errors) => {
        // Point the error at the reason box of the finding it belongs to.
        const index = v.index ?? ''
        const fixed: FormErrors = {
          summary: errors.summary.map((s) => ({ ...s, href: s.href === '#reason' ? `#reason-${index}` : s.href })),
          fields: { ...errors.fields, [`reason-${index}`]: errors.fields.reason ?? '' },
        }
        return page(request, reply, { errors: fixed })
      },
      redirectTo: `/reviews/${request.params.reviewId}/report#false-positives`,
      flash: { kind: 'success', heading: 'Marked as a false positive', text: 'Run the leak scan again to check the publication edition.' },
    })
  })

  app.post<FalsePositiveParams>('/reviews/:reviewId/report/false-positives/:falsePositiveId/remove', { config: { access: access.review('report.publication') } }, async (request, reply) =>
    handleFormPost(ctx, request, reply, {
      run: () => removeFalsePositive(ctx, request.actor(), request.params.reviewId, request.params.falsePositiveId),
      rerender: (errors) => page(request, reply, { errors }),
      redirectTo: `/reviews/${request.params.reviewId}/report#false-positives`,
      flash: { kind: 'success', heading: 'No longer a false positive', text: 'The leak scan will report it again.' },
    }))

}
export default reportPageRoutes
