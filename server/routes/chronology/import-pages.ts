// Agency chronology imports in the browser: the list, the upload form (with progress when JavaScript runs),
// the preview with its corrections, commit, discard and roll back.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { dateFormatInWords } from '../../../methodology/chronology/date-format-words.js'
import { EVENT_FIELDS, type EventField } from '../../../methodology/chronology/mapping.js'
import { access } from '../../http-types.js'
import { BadInput, RuleBroken } from '../../errors.js'
import { isUploadedFile } from '../../plugins/uploads.js'
import type { ServiceContext } from '../../services/context.js'
import {
  commitImport, discardFailedImports, discardImport, importPreview, importStatus, listChronologyImports, reanalyseImport, rollbackImpact, rollbackImport, uploadChronology,
  type ImportPreview, type ImportSettingsInput, type StartedAnalysis,
} from '../../services/chronology-import.js'
import { setFlash } from '../../services/sessions.js'
import { reviewOf } from '../../services/reviews.js'
import {
  DATE_FORMAT_OPTIONS, DELIMITER_OPTIONS, ENCODING_OPTIONS, FIELD_LABELS, IMPORT_STATUS_TAGS, delimiterName, encodingName, flagTags, precisionTag,
  whenText, withCurrent,
} from '../../views-support/chronology-labels.js'
import { formValues, handleFormPost, NO_ERRORS, toFormErrors, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'

type ReviewParams = { Params: { reviewId: string } }
type ImportParams = { Params: { reviewId: string; importId: string }; Querystring: { rejected?: string } }

const REJECTED_PER_PAGE = 200

/** The browser script asks for a JSON answer so it can show progress instead of waiting on a blank page. */
function wantsAsync(request: FastifyRequest): boolean {
  return request.headers['x-app-async'] === '1'
}

/** Settings form fields: mapping-<field> selects, and the advanced settings. */
function settingsFrom(values: Record<string, string>, withMapping: boolean): ImportSettingsInput {
  const settings: ImportSettingsInput = {
    dateFormat: values.dateFormat ?? '', encoding: values.encoding ?? '', delimiter: values.delimiter ?? '', headerRow: values.headerRow ?? '', sheet: values.sheet ?? '',
  }
  if (withMapping) {
    const mapping: Partial<Record<string, string>> = {}
    for (const field of EVENT_FIELDS) mapping[field] = values[`mapping-${field}`] ?? ''
    settings.mapping = mapping
  }
  return settings
}

/** The engine names mapping problems 'mapping.summary'; the form's fields are 'mapping-summary'. */
function formPaths(error: BadInput | RuleBroken): FormErrors {
  const errors = toFormErrors(error)
  const fields: Record<string, string> = {}
  for (const [k, v] of Object.entries(errors.fields)) fields[k.replace(/^mapping\./, 'mapping-')] = v
  return {
    summary: errors.summary.map((s, i) => {
      const path = error.details[i]?.path.replace(/^mapping\./, 'mapping-') ?? ''
      return { text: s.text, href: /^[A-Za-z][\w-]*$/.test(path) ? `#${path}` : s.href }
    }),
    fields,
  }
}

const importPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<ReviewParams>('/reviews/:reviewId/imports', { config: { access: access.review('chronology.import') } }, async (request, reply) => {
    const viewer = request.inReview()
    const [review, imports] = await Promise.all([reviewOf(ctx, viewer), listChronologyImports(ctx, viewer)])
    reply.header('cache-control', 'no-store')
    return reply.page('pages/chronology/imports', {
      pageTitle: 'Agency chronologies',
      review,
      imports: imports.map((i) => ({ ...i, statusTag: IMPORT_STATUS_TAGS[i.status] })),
      failedCount: imports.filter((i) => i.status === 'failed').length,
      discardFailedText: discardFailedText(imports.filter((i) => i.status === 'failed').length),
      onlyAgency: viewer.agencyScope === null ? null : (viewer.agency ?? ''),
      breadcrumbs: reviewBreadcrumbs(review, 'Agency chronologies'),
    })
  })

  const uploadPage = async (request: FastifyRequest<ReviewParams>, reply: FastifyReply, values: Record<string, string> = {}, errors: FormErrors = NO_ERRORS) => {
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    const own = viewer.agencyScope !== null
    return reply.page('pages/chronology/upload', {
      pageTitle: 'Upload an agency chronology',
      review,
      values: { agency: own ? (viewer.agency ?? '') : '', ...values },
      errors,
      ownAgencyOnly: own,
      maxBytes: ctx.config.maxUploadBytes,
      maxMegabytes: Math.round(ctx.config.maxUploadBytes / 1024 / 1024),
      dateFormatOptions: DATE_FORMAT_OPTIONS,
      encodingOptions: ENCODING_OPTIONS,
      delimiterOptions: DELIMITER_OPTIONS,
      scripts: ['chronology-import.js'],
      breadcrumbs: [...reviewBreadcrumbs(review, 'Agency chronologies').slice(0, 2), { text: 'Agency chronologies', href: `/reviews/${review.id}/imports` }, { text: 'Upload' }],
    })
  }

  app.get<ReviewParams>('/reviews/:reviewId/imports/new', { config: { access: access.review('chronology.import') } }, async (request, reply) => uploadPage(request, reply))

  /** After starting an analysis: the script gets where to go; without it, the request waits for the result. */
  const afterStart = async (request: FastifyRequest<ImportParams | ReviewParams>, reply: FastifyReply, reviewId: string, started: StartedAnalysis) => {
    const href = `/reviews/${reviewId}/imports/${started.importId}`
    if (wantsAsync(request)) return reply.code(202).send({ importId: started.importId, href, statusHref: `${href}/status` })
    await started.finished
    return reply.redirect(href, 303)
  }

  app.post<ReviewParams>('/reviews/:reviewId/imports', { config: { access: access.review('chronology.import') } }, async (request, reply) => {
    const { reviewId } = request.params
    const v = formValues(request)
    const file = (request.body as Record<string, unknown> | undefined)?.file
    let started: StartedAnalysis
    try {
      started = await uploadChronology(ctx, request.inReview(), {
        ...settingsFrom(v, false), agency: v.agency ?? '', file: isUploadedFile(file) ? file : undefined,
      })
    } catch (error) {
      if (error instanceof BadInput && !wantsAsync(request)) return uploadPage(request, reply.code(400), v, formPaths(error))
      throw error
    }
    return afterStart(request, reply, reviewId, started)
  })

  const importPage = async (request: FastifyRequest<ImportParams>, reply: FastifyReply, values: Record<string, string> | null = null, errors: FormErrors = NO_ERRORS) => {
    const { reviewId, importId } = request.params
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    const rejectedPageNo = Math.max(1, Number.parseInt(request.query.rejected ?? '1', 10) || 1)
    const preview = await importPreview(ctx, viewer, importId, { limit: REJECTED_PER_PAGE, offset: (rejectedPageNo - 1) * REJECTED_PER_PAGE })
    const status = preview.status === 'analysing' ? await importStatus(ctx, viewer, importId) : null
    reply.header('cache-control', 'no-store')
    const base = `/reviews/${reviewId}/imports/${importId}`
    return reply.page('pages/chronology/import', {
      pageTitle: pageTitleOf(preview),
      review,
      imp: preview,
      base,
      chronologyHref: `/reviews/${reviewId}/chronology?agency=${encodeURIComponent(preview.agency)}`,
      statusTag: IMPORT_STATUS_TAGS[preview.status],
      rowsRead: status?.rowsRead ?? 0,
      summary: summaryRows(preview),
      previewRows: preview.preview.map((e) => ({
        ...e, when: whenText(e), precisionTag: precisionTag(e.precision), tags: flagTags(e.flags),
      })),
      rejectedPaging: rejectedPaging(preview, rejectedPageNo, base),
      duplicates: preview.exactDuplicates.map((g) => g.join(', ')),
      reducedPrecision: preview.reducedPrecision.map((r) => `${r.row} (${r.precision})`).join(', '),
      outsidePeriod: preview.outsidePeriod.join(', '),
      settings: settingsForm(preview, values),
      errors,
      canChangeSettings: preview.status === 'previewed' || preview.status === 'failed',
      canRollBack: viewer.can('chronology.rollback'),
      scripts: ['chronology-import.js'],
      breadcrumbs: [...reviewBreadcrumbs(review, 'x').slice(0, 2), { text: 'Agency chronologies', href: `/reviews/${reviewId}/imports` }, { text: preview.fileName }],
    })
  }

  app.get<ImportParams>('/reviews/:reviewId/imports/:importId', { config: { access: access.review('chronology.import') } }, async (request, reply) => importPage(request, reply))

  app.get<ImportParams>('/reviews/:reviewId/imports/:importId/status', { config: { access: access.review('chronology.import') } }, async (request, reply) => {
    const { reviewId, importId } = request.params
    const status = await importStatus(ctx, request.inReview(), importId)
    reply.header('cache-control', 'no-store')
    return { status: status.status, rowsRead: status.rowsRead, href: `/reviews/${reviewId}/imports/${importId}` }
  })

  app.post<ImportParams>('/reviews/:reviewId/imports/:importId/settings', { config: { access: access.review('chronology.import') } }, async (request, reply) => {
    const { reviewId, importId } = request.params
    const v = formValues(request)
    let started: StartedAnalysis
    try {
      started = await reanalyseImport(ctx, request.inReview(), importId, settingsFrom(v, v.withMapping === 'yes'))
    } catch (error) {
      if ((error instanceof BadInput || error instanceof RuleBroken) && !wantsAsync(request)) return importPage(request, reply.code(error.status), v, formPaths(error))
      throw error
    }
    return afterStart(request, reply, reviewId, started)
  })

  app.post<ImportParams>('/reviews/:reviewId/imports/:importId/commit', { config: { access: access.review('chronology.import') } }, async (request, reply) => {
    const { reviewId, importId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => commitImport(ctx, request.inReview(), importId),
      rerender: (errors) => importPage(request, reply, null, errors),
      redirectTo: `/reviews/${reviewId}/imports/${importId}`,
      flash: (r) => ({ kind: 'success', heading: `${r.committed.toLocaleString('en-GB')} ${r.committed === 1 ? 'event' : 'events'} added to the chronology` }),
    })
  })

  app.post<ImportParams>('/reviews/:reviewId/imports/:importId/discard', { config: { access: access.review('chronology.import') } }, async (request, reply) => {
    const { reviewId, importId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => discardImport(ctx, request.inReview(), importId),
      rerender: (errors) => importPage(request, reply, null, errors),
      redirectTo: `/reviews/${reviewId}/imports`,
      flash: { kind: 'success', heading: 'File discarded', text: 'Nothing from it was added to the chronology.' },
    })
  })

  app.post<ReviewParams>('/reviews/:reviewId/imports/discard-failed', { config: { access: access.review('chronology.import') } }, async (request, reply) => {
    const { reviewId } = request.params
    const { discarded } = await discardFailedImports(ctx, request.inReview())
    if (request.session) {
      await setFlash(ctx, request.session, discarded === 0
        ? { kind: 'success', heading: 'No files to discard', text: 'There were no uploads that could not be used.' }
        : { kind: 'success', heading: `${plural(discarded, 'file', 'files')} discarded`, text: 'Only uploads that could not be used were discarded. Nothing in the chronology changed.' })
    }
    return reply.redirect(`/reviews/${reviewId}/imports`, 303)
  })

  const rollbackPage = async (request: FastifyRequest<ImportParams>, reply: FastifyReply, errors: FormErrors = NO_ERRORS) => {
    const { reviewId, importId } = request.params
    const viewer = request.inReview()
    const [review, { imp, impact }] = await Promise.all([reviewOf(ctx, viewer), rollbackImpact(ctx, viewer, importId)])
    const r = impact.references
    return reply.page('pages/chronology/rollback', {
      pageTitle: 'Roll back an import',
      review, imp, impact, errors,
      fileName: imp.file_name,
      referenced: r.mapNodes.length + r.mapEdges.length + r.episodes.length + r.findings.length + r.quotes > 0,
      backLink: `/reviews/${reviewId}/imports/${importId}`,
    })
  }

  app.get<ImportParams>('/reviews/:reviewId/imports/:importId/rollback', { config: { access: access.review('chronology.rollback') } }, async (request, reply) => rollbackPage(request, reply))

  app.post<ImportParams>('/reviews/:reviewId/imports/:importId/rollback', { config: { access: access.review('chronology.rollback') } }, async (request, reply) => {
    const { reviewId, importId } = request.params
    try {
      const { removed } = await rollbackImport(ctx, request.inReview(), importId)
      if (request.session) await setFlash(ctx, request.session, { kind: 'success', heading: 'Import rolled back', text: `${removed.toLocaleString('en-GB')} ${removed === 1 ? 'event was' : 'events were'} removed from the chronology.` })
      return reply.redirect(`/reviews/${reviewId}/imports/${importId}`, 303)
    } catch (error) {
      // Already rolled back, or not committed: show the import as it now is.
      if (error instanceof RuleBroken) return importPage(request, reply.code(409), null, toFormErrors(error))
      throw error
    }
  })
}
export default importPageRoutes

function pageTitleOf(p: ImportPreview): string {
  switch (p.status) {
    case 'analysing': return `Checking ${p.fileName}`
    case 'failed': return `${p.fileName} could not be used`
    case 'previewed': return `Check the ${p.agency} chronology`
    default: return `${p.agency} chronology: ${p.fileName}`
  }
}

function discardFailedText(n: number): string {
  return n === 1 ? 'Discard the file that could not be used' : `Discard the ${n.toLocaleString('en-GB')} files that could not be used`
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`
}

function summaryRows(p: ImportPreview) {
  const d = p.detected
  const rows: { key: string; value: string | null }[] = [
    { key: 'Agency', value: p.agency },
    { key: 'File', value: p.fileName },
  ]
  if (d) {
    rows.push(
      { key: 'Type', value: d.format === 'xlsx' ? `Excel workbook${d.sheet ? `, worksheet ‘${d.sheet}’` : ''}` : 'Delimited text' },
      ...(d.format === 'csv' ? [{ key: 'Text encoding', value: encodingName(d.encoding, d.bom) }, { key: 'Separator', value: delimiterName(d.delimiter) }] : []),
      { key: 'Column headings', value: `Row ${d.headerRow}` },
      { key: 'Date format', value: dateFormatInWords(d.dateFormat) },
      { key: 'Rows of data', value: plural(p.dataRows, 'row', 'rows') },
      { key: 'Events to add', value: plural(p.accepted, 'event', 'events') },
      { key: 'Rows that cannot be added', value: plural(p.rejectedCount, 'row', 'rows') },
    )
    const ignored = p.ignoredRows
    const skipped = [
      ignored.blank ? plural(ignored.blank, 'blank row', 'blank rows') : '',
      ignored.footer ? plural(ignored.footer, 'footer line', 'footer lines') : '',
      ignored.repeatedHeader ? plural(ignored.repeatedHeader, 'repeated heading row', 'repeated heading rows') : '',
    ].filter(Boolean)
    if (skipped.length) rows.push({ key: 'Not data', value: skipped.join(', ') })
  }
  if (p.committed !== null) rows.push({ key: 'Events added', value: plural(p.committed, 'event', 'events') })
  return rows
}

function rejectedPaging(p: ImportPreview, page: number, base: string) {
  const pages = Math.max(1, Math.ceil(p.rejectedCount / REJECTED_PER_PAGE))
  return {
    from: (page - 1) * REJECTED_PER_PAGE + 1,
    to: Math.min(page * REJECTED_PER_PAGE, p.rejectedCount),
    previous: page > 1 ? `${base}?rejected=${page - 1}#rejected` : null,
    next: page < pages ? `${base}?rejected=${page + 1}#rejected` : null,
    paged: pages > 1,
  }
}

/** The settings form, filled with what the reviewer typed (after an error) or with what is in use now. */
function settingsForm(p: ImportPreview, values: Record<string, string> | null) {
  const d = p.detected
  const mapping = d?.mapping ?? p.options.mapping ?? {}
  const current = (field: EventField) => values ? (values[`mapping-${field}`] ?? '') : (mapping[field] ?? '')
  const headerOptions = p.headers.filter((h) => h !== '').map((h) => ({ value: h, text: h }))
  const delimiter = values ? values.delimiter : (p.options.delimiter ?? (d?.delimiter === '\t' ? 'tab' : d?.delimiter ?? ''))
  const dateFormat = values ? values.dateFormat : (p.options.dateFormat ?? d?.dateFormat ?? '')
  return {
    withMapping: headerOptions.length > 0,
    fields: EVENT_FIELDS.map((field) => ({
      name: `mapping-${field}`, label: FIELD_LABELS[field].label, hint: FIELD_LABELS[field].hint, value: current(field),
      options: withCurrent(headerOptions, current(field)),
    })),
    dateFormat,
    dateFormatOptions: withCurrent(DATE_FORMAT_OPTIONS, dateFormat),
    encoding: values ? values.encoding : (p.options.encoding ?? d?.encoding ?? ''),
    encodingOptions: withCurrent(ENCODING_OPTIONS, values ? values.encoding : (p.options.encoding ?? d?.encoding)),
    delimiter,
    delimiterOptions: withCurrent(DELIMITER_OPTIONS, delimiter),
    headerRow: values ? values.headerRow : String(p.options.headerRow ?? d?.headerRow ?? ''),
    sheet: values ? values.sheet : (p.options.sheet ?? d?.sheet ?? ''),
    isXlsx: d?.format === 'xlsx',
    isCsv: d?.format !== 'xlsx',
  }
}
