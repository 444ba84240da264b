// Importing an agency's chronology: upload and analyse (accepted rows are written as a preview nobody sees),
// correct the settings and analyse again, commit (one transaction), discard a preview, or roll back a
// committed import as a whole. Every change is audited.
import fs from 'node:fs'
import path from 'node:path'
import { cellText } from '../../methodology/chronology/cell.js'
import type { Cell } from '../../methodology/chronology/cell.js'
import { EVENT_FIELDS, resolveColumn, validateMapping, type ColumnMapping, type EventField } from '../../methodology/chronology/mapping.js'
import { BadInput, NotFound, RuleBroken, type ErrorDetail } from '../errors.js'
import { analyseImportInWorker } from '../import/analyse-in-worker.js'
import { MappingProblem, type DetectedLayout, type ImportAnalysis, type ImportOptions } from '../import/import-types.js'
import { previewBatchValues } from '../import/preview-batch.js'
import type { UploadedFile } from '../plugins/uploads.js'
import {
  deleteRejections, findAgencySettings, findImport, insertImport, insertRejections, listImports, listRejections, saveAgencySettings, updateImport,
  updateImportIf,
} from '../data/chronology-imports.js'
import {
  commitPreviewEvents, countWorkedEventsOfImport, deleteEventsOfImport, deletePreviewEvents, flagPreviewRows, insertPreviewEvents,
  lastPreviewRow, type StoredFlag,
} from '../data/chronology-events.js'
import { deleteHollowEpisodes } from '../data/chronology-episodes.js'
import type { ChronologyImport, Executor } from '../data/schema.js'
import type { ImportStatus } from '../data/tables/chronology.js'
import { recordAudit } from './audit.js'
import { analysisInProgress, trackAnalysis } from './chronology-analysis-tracker.js'
import { jobsStillRunning } from './job-heartbeat.js'
import { agencyKeyOf } from '../../methodology/agency-key.js'
import { seesAgency, type ReviewViewer } from './viewer.js'
import { namesFor, shownFileName, type ShownNames } from './pseudonym-view.js'
import { bumpContentVersion } from '../data/review-standing.js'
import { eventIdsOfImport, referencesToEvents, type EventReferences } from '../data/event-references.js'
import { nowIso, type ServiceContext } from './context.js'
import { requireReview } from './reviews.js'
import { findUnstorableText } from '../unstorable-text.js'

export const PREVIEW_FLAG_DUPLICATE = 'exact-duplicate' satisfies StoredFlag
const AGENCY_MAX = 120
/** Source rows a commit lets into the chronology between turns of the event loop. */
const COMMIT_SLICE_ROWS = 2000

/** Settings as they arrive from a form or the API: strings, with the mapping as JSON or as fields. */
export interface ImportSettingsInput {
  mapping?: string | Partial<Record<string, string>>
  dateFormat?: string
  encoding?: string
  delimiter?: string
  headerRow?: string | number
  sheet?: string
}

export interface UploadInput extends ImportSettingsInput {
  file: UploadedFile | undefined
  agency: string
}

export type AnalysisOutcome = { ok: true } | { ok: false; error: Error }

export interface StartedAnalysis {
  importId: string
  /** Settles (never rejects) once the outcome is saved: the import is then 'previewed' or 'failed'. */
  finished: Promise<AnalysisOutcome>
}

interface StoredError {
  message: string
  code: string
  details: ErrorDetail[]
  /** The file's headings, when the problem is which column is which. */
  headers?: string[]
}

interface StoredAnalysis {
  exactDuplicates: number[][]
  reducedPrecision: ImportAnalysis['reducedPrecision']
  outsidePeriod: number[]
  preview: ImportAnalysis['preview']
  ignoredRows: ImportAnalysis['ignoredRows']
  warnings: ImportAnalysis['warnings']
  /** The date (and time) cells of the preview rows as the agency wrote them, by row. */
  asWritten: Record<string, string>
  /** The reviewer's settings were not given: the agency's last committed settings were used. */
  remembered: boolean
}

// Settings ------------------------------------------------------------------------------------------

function parseMapping(value: ImportSettingsInput['mapping'], details: ErrorDetail[]): ColumnMapping | undefined {
  if (value === undefined) return undefined
  let raw: unknown = value
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined
    try {
      raw = JSON.parse(value)
    } catch {
      details.push({ path: 'mapping', message: 'The mapping must be JSON, for example {"occurredAt": "Date", "summary": "Details"}' })
      return undefined
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    details.push({ path: 'mapping', message: 'The mapping must be an object of event fields and column headings' })
    return undefined
  }
  const mapping: ColumnMapping = {}
  for (const [field, header] of Object.entries(raw as Record<string, unknown>)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(field)) {
      details.push({ path: `mapping.${field}`, message: `'${field}' is not an event field. Use ${EVENT_FIELDS.join(', ')}` })
      continue
    }
    if (header === null || header === undefined || header === '') continue
    if (typeof header !== 'string') {
      details.push({ path: `mapping.${field}`, message: 'Give each column as its heading, in quotes' })
      continue
    }
    // The mapping is JSON inside a form field: its escapes can carry what a form's own text cannot.
    const unstorable = findUnstorableText(header, `mapping.${field}`)
    if (unstorable) {
      details.push(unstorable)
      continue
    }
    mapping[field as EventField] = header
  }
  return mapping
}

/** The reviewer's settings, checked; anything left blank is detected. Throws BadInput naming each field. */
export function parseImportSettings(input: ImportSettingsInput): ImportOptions {
  const details: ErrorDetail[] = []
  const options: ImportOptions = {}
  const mapping = parseMapping(input.mapping, details)
  if (mapping !== undefined) options.mapping = mapping
  const text = (v: string | undefined) => (v ?? '').trim()
  if (text(input.dateFormat)) options.dateFormat = text(input.dateFormat)
  if (text(input.encoding)) options.encoding = text(input.encoding)
  // A delimiter may be a space or tab: only an empty value means "detect".
  if (input.delimiter !== undefined && input.delimiter !== '') options.delimiter = input.delimiter
  if (text(input.sheet)) options.sheet = text(input.sheet)
  const headerRow = typeof input.headerRow === 'number' ? String(input.headerRow) : text(input.headerRow)
  if (headerRow) {
    if (!/^\d{1,6}$/.test(headerRow) || Number(headerRow) < 1) details.push({ path: 'headerRow', message: 'The heading row must be a whole number, such as 1 or 3' })
    else options.headerRow = Number(headerRow)
  }
  if (details.length > 0) throw new BadInput('There is a problem with the import settings', details)
  return options
}

// Storage of uploaded files ----------------------------------------------------------------------------

/** Where an import's file is kept until it is committed or discarded (re-analysis reads it again). */
export function importFilePath(ctx: ServiceContext, importId: string): string {
  return path.join(ctx.config.dataDir, 'imports', `${importId.replace(/[^A-Za-z0-9_-]/g, '_')}.upload`)
}

async function keepUploadedFile(ctx: ServiceContext, file: UploadedFile, importId: string): Promise<string> {
  const target = importFilePath(ctx, importId)
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
  try {
    await fs.promises.rename(file.path, target)
  } catch {
    // Another file system: copy instead (the upload's temporary file is removed after the response).
    await fs.promises.copyFile(file.path, target)
    await fs.promises.chmod(target, 0o600)
  }
  return target
}

async function removeFile(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true }).catch(() => undefined)
}

// Reading imports ---------------------------------------------------------------------------------------

/** The import, if the viewer may see it; an analysis cut short by a restart is marked failed on the way, its rows removed. */
export async function requireImport(ctx: ServiceContext, viewer: ReviewViewer, importId: string): Promise<ChronologyImport> {
  const { reviewId } = viewer
  const imp = await findImport(ctx.db, reviewId, importId)
  if (!imp || !seesAgency(viewer, imp.agency_key)) throw new NotFound('There is no such import in this review')
  if (imp.status === 'analysing' && !analysisInProgress(ctx.db, imp.id) && !(await jobsStillRunning(ctx.db, [imp.id])).has(imp.id)) {
    const error: StoredError = { message: 'Checking the file stopped before it finished, because the service restarted', code: 'interrupted', details: [{ path: 'file', message: 'Check the file again, or upload it again' }] }
    // The rows it had written are of no use: a failed import keeps none (checking it again writes them afresh).
    if (await updateImportIf(ctx.db, imp.id, ['analysing'], { status: 'failed', error: JSON.stringify(error) })) await deletePreviewEvents(ctx.db, imp.id)
    return { ...imp, status: 'failed', error: JSON.stringify(error) }
  }
  return imp
}

export interface ImportStatusView {
  status: ImportStatus
  rowsRead: number
  dataRows: number
}

export async function importStatus(ctx: ServiceContext, viewer: ReviewViewer, importId: string): Promise<ImportStatusView> {
  const imp = await requireImport(ctx, viewer, importId)
  const running = analysisInProgress(ctx.db, imp.id)
  return { status: imp.status, rowsRead: running?.rowsRead ?? imp.rows_read, dataRows: imp.data_rows }
}

export interface PreviewEvent {
  row: number
  occurredAt: string
  date: string
  time: string | null
  precision: string
  author: string | null
  category: string | null
  summary: string | null
  outcome: string | null
  /** When the entry was written, if the file says. */
  recordedAt: string | null
  flags: string[]
  /** The date as the agency wrote it. */
  asWritten: string | null
}

export interface ImportPreview {
  importId: string
  status: ImportStatus
  agency: string
  fileName: string
  detected: DetectedLayout | null
  /** The settings the reviewer gave (or that were remembered); the rest were detected. */
  options: ImportOptions
  remembered: boolean
  headers: string[]
  dataRows: number
  accepted: number
  rejectedCount: number
  rejected: { row: number; reason: string; column: string; message: string }[]
  exactDuplicates: number[][]
  reducedPrecision: { row: number; precision: string }[]
  outsidePeriod: number[]
  preview: PreviewEvent[]
  ignoredRows: { blank: number; footer: number; repeatedHeader: number }
  warnings: { code: string; message: string }[]
  error: StoredError | null
  committed: number | null
}

function parseJson<T>(value: string | null, fallback: T): T {
  if (value === null) return fallback
  try {
    return JSON.parse(value) as T
  } catch {
    return fallback
  }
}

/** The preview of an import as the API and the preview page show it. */
export async function importPreview(ctx: ServiceContext, viewer: ReviewViewer, importId: string, rejectedPage?: { limit: number; offset: number }): Promise<ImportPreview> {
  const imp = await requireImport(ctx, viewer, importId)
  return previewAsShown(ctx, viewer, await previewOf(ctx, imp, rejectedPage))
}

/** The preview as the viewer may see it: rows, rejection messages and the file's name under their name rule. */
async function previewAsShown(ctx: ServiceContext, viewer: ReviewViewer, preview: ImportPreview): Promise<ImportPreview> {
  if (viewer.names === 'real') return preview
  const names = await namesFor(ctx, viewer)
  const maybe = (text: string | null) => (text === null ? null : names.show(text))
  return {
    ...preview,
    fileName: shownFileName(viewer, preview.fileName, preview.agency),
    rejected: preview.rejected.map((r) => ({ ...r, message: names.show(r.message) })),
    preview: preview.preview.map((e) => ({
      ...e, author: maybe(e.author), category: maybe(e.category), summary: maybe(e.summary), outcome: maybe(e.outcome), asWritten: maybe(e.asWritten),
    })),
    error: preview.error ? { ...preview.error, message: names.show(preview.error.message), details: preview.error.details.map((d) => ({ ...d, message: names.show(d.message) })) } : null,
  }
}

export type ImportListItem = Awaited<ReturnType<typeof listImports>>[number]

/** The review's imports the viewer may see (a case-group member: their agency's), file names under their name rule. */
export async function listChronologyImports(ctx: ServiceContext, viewer: ReviewViewer): Promise<ImportListItem[]> {
  const rows = await listImports(ctx.db, { reviewId: viewer.reviewId, ...(viewer.agencyScope === null ? {} : { agencyKey: viewer.agencyScope }), statuses: ['analysing', 'previewed', 'committed', 'rolled-back', 'failed'] })
  return rows.map((r) => ({ ...r, file_name: shownFileName(viewer, r.file_name, r.agency) }))
}

async function previewOf(ctx: ServiceContext, imp: ChronologyImport, rejectedPage?: { limit: number; offset: number }): Promise<ImportPreview> {
  const analysis = parseJson<StoredAnalysis | null>(imp.analysis, null)
  const rejections = imp.status === 'analysing' ? [] : await listRejections(ctx.db, imp.id, rejectedPage)
  const duplicateRows = new Set((analysis?.exactDuplicates ?? []).flat())
  return {
    importId: imp.id,
    status: imp.status,
    agency: imp.agency,
    fileName: imp.file_name,
    detected: parseJson<DetectedLayout | null>(imp.detected, null),
    options: parseJson<ImportOptions>(imp.options, {}),
    remembered: analysis?.remembered ?? false,
    headers: parseJson<string[]>(imp.headers, []),
    dataRows: imp.data_rows,
    accepted: imp.accepted_rows,
    rejectedCount: imp.rejected_rows,
    rejected: rejections.map((r) => ({ row: r.row, reason: r.reason, column: r.column_name, message: r.message })),
    exactDuplicates: analysis?.exactDuplicates ?? [],
    reducedPrecision: analysis?.reducedPrecision ?? [],
    outsidePeriod: analysis?.outsidePeriod ?? [],
    preview: (analysis?.preview ?? []).map((e) => ({
      row: e.row, occurredAt: e.occurredAt, date: e.date, time: e.time, precision: e.precision,
      author: e.author, category: e.category, summary: e.summary, outcome: e.outcome, recordedAt: e.recordedAt ?? null,
      flags: duplicateRows.has(e.row) ? [...e.flags, PREVIEW_FLAG_DUPLICATE] : [...e.flags],
      asWritten: analysis?.asWritten[String(e.row)] ?? null,
    })),
    ignoredRows: analysis?.ignoredRows ?? { blank: 0, footer: 0, repeatedHeader: 0 },
    warnings: analysis?.warnings ?? [],
    error: parseJson<StoredError | null>(imp.error, null),
    committed: imp.committed_rows,
  }
}

// Upload and analysis -------------------------------------------------------------------------------------

function checkAgency(viewer: ReviewViewer, value: string, details: ErrorDetail[]): string {
  let agency = value.trim().replace(/\s+/g, ' ')
  const only = viewer.agencyScope
  if (only !== null) {
    // The case group upload their own agency's records only.
    if (!agency && viewer.agency) agency = viewer.agency
    if (agency && agencyKeyOf(agency) !== only) {
      details.push({ path: 'agency', message: `You can upload your own agency’s chronology only${viewer.agency ? ` (${viewer.agency})` : ''}` })
    }
  }
  if (!agency) details.push({ path: 'agency', message: 'Enter the agency the chronology comes from, for example Police or Health Visiting' })
  else if (agency.length > AGENCY_MAX) details.push({ path: 'agency', message: `The agency’s name must be ${AGENCY_MAX} characters or fewer` })
  return agency
}

/**
 * Takes an uploaded file, records the import and starts analysing it. Input that is wrong before the file
 * is read (no file, no agency, settings that make no sense) throws BadInput; problems found in the file
 * end as a 'failed' import with the reasons, reported by `finished`.
 */
export async function uploadChronology(ctx: ServiceContext, viewer: ReviewViewer, input: UploadInput): Promise<StartedAnalysis> {
  const { actor, reviewId } = viewer
  await requireReview(ctx.db, reviewId)
  const details: ErrorDetail[] = []
  const agency = checkAgency(viewer, input.agency, details)
  if (!input.file) details.push({ path: 'file', message: 'Choose the chronology file to upload: CSV, other delimited text, or an Excel workbook (.xlsx)' })
  let options: ImportOptions = {}
  try {
    options = parseImportSettings(input)
  } catch (error) {
    if (error instanceof BadInput) details.push(...error.details)
    else throw error
  }
  if (details.length > 0 || !input.file) throw new BadInput('There is a problem with the upload', details)

  const file = input.file
  const agencyKey = agencyKeyOf(agency)
  const importId = ctx.newId()
  await keepUploadedFile(ctx, file, importId)
  const at = nowIso(ctx)
  await ctx.db.transaction().execute(async (trx) => {
    await insertImport(trx, {
      id: importId, review_id: reviewId, agency, agency_key: agencyKey, file_name: file.filename.slice(0, 255), file_size: file.size,
      format: null, options: JSON.stringify(options), detected: null, headers: null, status: 'analysing', rows_read: 0, data_rows: 0,
      accepted_rows: 0, rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0, outside_period_rows: 0, analysis: null, error: null,
      committed_rows: null, uploaded_by: actor.userId, uploaded_at: at, analysed_at: null, committed_by: null, committed_at: null,
      rolled_back_by: null, rolled_back_at: null, discarded_by: null, discarded_at: null,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'chronology.import.upload', reviewId, objectType: 'chronology-import', objectId: importId,
      details: { bytes: file.size, settings: Object.keys(options) },
    })
  })
  return { importId, finished: startAnalysis(ctx, reviewId, importId, file.filename, options, agencyKey) }
}

/** Analyses the import again with the reviewer's corrected settings (from the preview page or a failure). */
export async function reanalyseImport(ctx: ServiceContext, viewer: ReviewViewer, importId: string, input: ImportSettingsInput): Promise<StartedAnalysis> {
  const { actor, reviewId } = viewer
  const imp = await requireImport(ctx, viewer, importId)
  const options = parseImportSettings(input)
  if (imp.status !== 'previewed' && imp.status !== 'failed') throw new RuleBroken(statusRefusal(imp.status, 'checked again'))
  // With the file's headings known, a mapping is checked here, so the form can point at the field.
  const headers = parseJson<string[]>(imp.headers, [])
  const problems = options.mapping && headers.length > 0 ? validateMapping(options.mapping, headers) : []
  if (problems.length > 0) throw new BadInput('There is a problem with the column choices', problems)
  if (!fs.existsSync(importFilePath(ctx, imp.id))) {
    throw new RuleBroken('The uploaded file is no longer kept. Upload it again to change the settings.')
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateImportIf(trx, imp.id, ['previewed', 'failed'], { status: 'analysing', options: JSON.stringify(options), error: null, rows_read: 0 }))) {
      throw new RuleBroken('Someone else changed this import since you opened it. Look at it again.')
    }
    await recordAudit(trx, ctx.clock, actor, {
      action: 'chronology.import.reanalyse', reviewId, objectType: 'chronology-import', objectId: imp.id, details: { settings: Object.keys(options) },
    })
  })
  return { importId: imp.id, finished: startAnalysis(ctx, reviewId, imp.id, imp.file_name, options, null) }
}

function startAnalysis(ctx: ServiceContext, reviewId: string, importId: string, fileName: string, options: ImportOptions, rememberFor: string | null): Promise<AnalysisOutcome> {
  const tracking = trackAnalysis(ctx.db, importId, ctx.clock.now().getTime())
  return runAnalysis(ctx, reviewId, importId, fileName, options, rememberFor, tracking.progress).finally(() => tracking.done())
}

/** What a settled analysis did; never rejects, so it can run after the response has been sent. */
async function runAnalysis(
  ctx: ServiceContext, reviewId: string, importId: string, fileName: string, given: ImportOptions, rememberFor: string | null,
  progress: { rowsRead: number },
): Promise<AnalysisOutcome> {
  try {
    const review = await requireReview(ctx.db, reviewId)
    const imp = await findImport(ctx.db, reviewId, importId)
    if (!imp) throw new NotFound('There is no such import in this review')
    const reviewPeriod = { from: review.period_from, to: review.period_to }
    const filePath = importFilePath(ctx, importId)
    const remembered = given.mapping === undefined && rememberFor !== null ? await rememberedOptions(ctx, reviewId, rememberFor) : null
    const attempt = async (options: ImportOptions) => {
      await deletePreviewEvents(ctx.db, importId)
      return analyseInto(ctx, imp, { filePath, fileName, options, reviewPeriod }, progress)
    }
    let result: Awaited<ReturnType<typeof attempt>>
    let usedRemembered = false
    if (remembered) {
      try {
        result = await attempt({ ...remembered, ...given })
        usedRemembered = true
        // Settings that fitted the last file but read nothing in this one are not worth keeping.
        if (result.analysis.accepted === 0) {
          result = await attempt(given)
          usedRemembered = false
        }
      } catch (error) {
        if (!(error instanceof BadInput)) throw error
        result = await attempt(given)
      }
    } else {
      result = await attempt(given)
    }
    await saveAnalysis(ctx, importId, usedRemembered ? { ...remembered, ...given } : given, result.analysis, result.firstCells, usedRemembered)
    return { ok: true }
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error))
    await saveFailure(ctx, importId, fileName, given, failure).catch(() => undefined)
    return { ok: false, error: failure }
  }
}

async function rememberedOptions(ctx: ServiceContext, reviewId: string, agencyKey: string): Promise<ImportOptions | null> {
  const settings = await findAgencySettings(ctx.db, reviewId, agencyKey)
  if (!settings) return null
  const options: ImportOptions = { ...parseJson<ImportOptions>(settings.options, {}), mapping: parseJson<ColumnMapping>(settings.mapping, {}) }
  if (settings.date_format) options.dateFormat = settings.date_format
  return options
}

async function analyseInto(ctx: ServiceContext, imp: ChronologyImport, input: Parameters<typeof analyseImportInWorker>[0], progress: { rowsRead: number }) {
  const firstCells: { row: number; cells: Cell[] }[] = []
  const rowHead = { review_id: imp.review_id, import_id: imp.id, agency: imp.agency, agency_key: imp.agency_key, source_file: imp.file_name, created_at: nowIso(ctx) }
  // Read on a worker thread under the configured limits: the server goes on answering everyone else. The worker
  // sends each batch of accepted rows as it reads on; the main thread writes it as preview rows meanwhile.
  const analysis = await analyseImportInWorker({ ...input, limits: ctx.config.importLimits }, {
    async onBatch(batch, cells) {
      for (const c of cells) if (firstCells.length < 20) firstCells.push(c)
      await insertPreviewEvents(ctx.db, previewBatchValues(batch, rowHead, ctx.newId))
    },
    onProgress(rowsRead: number) {
      progress.rowsRead = rowsRead
    },
  })
  return { analysis, firstCells }
}

function asWrittenOf(analysis: ImportAnalysis, firstCells: { row: number; cells: Cell[] }[]): Record<string, string> {
  const { mapping } = analysis.detected
  const dateCol = mapping.occurredAt ? resolveColumn(mapping.occurredAt, analysis.headers) : -1
  const timeCol = mapping.time ? resolveColumn(mapping.time, analysis.headers) : -1
  const out: Record<string, string> = {}
  for (const { row, cells } of firstCells) {
    const date = dateCol >= 0 ? cellText(cells[dateCol]) : null
    const time = timeCol >= 0 ? cellText(cells[timeCol]) : null
    const text = [date, time].filter((t): t is string => Boolean(t)).join(' ')
    if (text) out[String(row)] = text
  }
  return out
}

async function saveAnalysis(ctx: ServiceContext, importId: string, options: ImportOptions, analysis: ImportAnalysis, firstCells: { row: number; cells: Cell[] }[], remembered: boolean): Promise<void> {
  const duplicateRows = analysis.exactDuplicates.flat()
  const stored: StoredAnalysis = {
    exactDuplicates: analysis.exactDuplicates,
    reducedPrecision: analysis.reducedPrecision,
    outsidePeriod: analysis.outsidePeriod,
    preview: analysis.preview,
    ignoredRows: analysis.ignoredRows,
    warnings: analysis.warnings,
    asWritten: asWrittenOf(analysis, firstCells),
    remembered,
  }
  await ctx.db.transaction().execute(async (trx) => {
    await flagPreviewRows(trx, importId, duplicateRows, PREVIEW_FLAG_DUPLICATE)
    await deleteRejections(trx, importId)
    await insertRejections(trx, analysis.rejected.map((r) => ({ import_id: importId, row: r.row, reason: r.reason, column_name: r.column, message: r.message })))
    await updateImport(trx, importId, {
      status: 'previewed', format: analysis.detected.format, options: JSON.stringify(options), detected: JSON.stringify(analysis.detected),
      headers: JSON.stringify(analysis.headers), rows_read: analysis.dataRows, data_rows: analysis.dataRows, accepted_rows: analysis.accepted,
      rejected_rows: analysis.rejected.length, duplicate_rows: duplicateRows.length, reduced_precision_rows: analysis.reducedPrecision.length,
      outside_period_rows: analysis.outsidePeriod.length, analysis: JSON.stringify(stored), error: null, analysed_at: nowIso(ctx),
    })
  })
}

async function saveFailure(ctx: ServiceContext, importId: string, fileName: string, options: ImportOptions, error: Error): Promise<void> {
  const stored: StoredError = error instanceof BadInput
    ? { message: error.message, code: error.code, details: error.details }
    : { message: `Sorry, '${fileName}' could not be checked because of a problem with the service`, code: 'internal-error', details: [] }
  // The worker read the headings before it found the columns could not be matched.
  if (error instanceof MappingProblem) stored.headers = error.headers
  await deletePreviewEvents(ctx.db, importId)
  await ctx.db.transaction().execute(async (trx) => {
    await deleteRejections(trx, importId)
    await updateImport(trx, importId, {
      status: 'failed', options: JSON.stringify(options), error: JSON.stringify(stored), headers: stored.headers ? JSON.stringify(stored.headers) : null,
      detected: null, analysis: null, data_rows: 0, accepted_rows: 0, rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0, outside_period_rows: 0,
      analysed_at: nowIso(ctx),
    })
  })
}

/** The failure as the error to throw (the API answers a failed upload straight away). */
export function failureAsError(preview: Pick<ImportPreview, 'error'>): BadInput {
  const e = preview.error
  return new BadInput(e?.message ?? 'The file could not be imported', e?.details ?? [], e?.code ?? 'bad-input')
}

// Commit, discard, roll back ------------------------------------------------------------------------------

function statusRefusal(status: ImportStatus, verb: string): string {
  switch (status) {
    case 'analysing': return `The file is still being checked, so it cannot be ${verb} yet. Wait for the preview.`
    case 'committed': return `This import is already in the chronology, so it cannot be ${verb}.`
    case 'rolled-back': return `This import was rolled back, so it cannot be ${verb}. Upload the file again if you need it.`
    case 'discarded': return `This preview was discarded, so it cannot be ${verb}. Upload the file again if you need it.`
    case 'failed': return `The file could not be read, so it cannot be ${verb}. Correct the settings or upload a corrected file.`
    case 'previewed': return `This import is waiting to be committed, so it cannot be ${verb}.`
  }
}

/**
 * Lets the preview's rows into the chronology: one transaction, all or nothing. The rows were written by the preview
 * (unseen), so this only clears their mark. The agency's settings are remembered for its next upload.
 */
export async function commitImport(ctx: ServiceContext, viewer: ReviewViewer, importId: string): Promise<{ committed: number }> {
  const { actor, reviewId } = viewer
  const imp = await requireImport(ctx, viewer, importId)
  if (imp.status !== 'previewed') throw new RuleBroken(statusRefusal(imp.status, 'committed'))
  if (imp.accepted_rows === 0) {
    throw new RuleBroken('There is nothing to commit: every row was rejected. Correct the date column or the date format, or upload a corrected file.', [], 'nothing-to-commit')
  }
  const at = nowIso(ctx)
  const detected = parseJson<DetectedLayout | null>(imp.detected, null)
  const options = parseJson<ImportOptions>(imp.options, {})
  const committed = await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateImportIf(trx, imp.id, ['previewed'], { status: 'committed', committed_by: actor.userId, committed_at: at }))) {
      throw new RuleBroken('Someone else committed or changed this import at the same time. Look at it again.')
    }
    // In slices, letting the event loop turn between them: other work (the health check, pages not waiting
    // on the database) goes on during a commit of 100,000 rows, which stays one transaction.
    const last = await lastPreviewRow(trx, imp.id)
    let n = 0
    for (let after = 0; after < last; after += COMMIT_SLICE_ROWS) {
      n += await commitPreviewEvents(trx, imp.id, at, after, after + COMMIT_SLICE_ROWS)
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    await updateImport(trx, imp.id, { committed_rows: n })
    if (detected) {
      const kept: ImportOptions = {}
      for (const key of ['encoding', 'delimiter', 'headerRow', 'sheet'] as const) if (options[key] !== undefined) Object.assign(kept, { [key]: options[key] })
      await saveAgencySettings(trx, {
        review_id: reviewId, agency_key: imp.agency_key, agency: imp.agency, mapping: JSON.stringify(detected.mapping), date_format: detected.dateFormat,
        options: JSON.stringify(kept), updated_by: actor.userId, updated_at: at,
      })
    }
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'chronology.import.commit', reviewId, objectType: 'chronology-import', objectId: imp.id,
      details: { committed: n, rejected: imp.rejected_rows, duplicates: imp.duplicate_rows, outsidePeriod: imp.outside_period_rows },
    })
    return n
  })
  await removeFile(importFilePath(ctx, imp.id))
  return { committed }
}

/** Throws away a preview (or a file that could not be read): nothing reaches the chronology. */
export async function discardImport(ctx: ServiceContext, viewer: ReviewViewer, importId: string): Promise<void> {
  const { actor, reviewId } = viewer
  const imp = await requireImport(ctx, viewer, importId)
  if (imp.status !== 'previewed' && imp.status !== 'failed') throw new RuleBroken(statusRefusal(imp.status, 'discarded'))
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateImportIf(trx, imp.id, ['previewed', 'failed'], { status: 'discarded', discarded_by: actor.userId, discarded_at: nowIso(ctx) }))) {
      throw new RuleBroken('Someone else changed this import at the same time. Look at it again.')
    }
    await deletePreviewEvents(trx, imp.id)
    await recordAudit(trx, ctx.clock, actor, { action: 'chronology.import.discard', reviewId, objectType: 'chronology-import', objectId: imp.id, details: { status: imp.status } })
  })
  await removeFile(importFilePath(ctx, imp.id))
}

/**
 * Discards every upload the viewer may see that could not be used (failed), in one transaction, each audited.
 * Returns how many went. Files still being checked, waiting previews and committed imports are left alone.
 */
export async function discardFailedImports(ctx: ServiceContext, viewer: ReviewViewer): Promise<{ discarded: number }> {
  const { actor, reviewId } = viewer
  const failed = await listImports(ctx.db, { reviewId, ...(viewer.agencyScope === null ? {} : { agencyKey: viewer.agencyScope }), statuses: ['failed'] })
  const discarded: string[] = []
  await ctx.db.transaction().execute(async (trx) => {
    for (const imp of failed) {
      // Someone may have checked it again meanwhile: then it is no longer failed and stays.
      if (!(await updateImportIf(trx, imp.id, ['failed'], { status: 'discarded', discarded_by: actor.userId, discarded_at: nowIso(ctx) }))) continue
      await deletePreviewEvents(trx, imp.id)
      await recordAudit(trx, ctx.clock, actor, { action: 'chronology.import.discard', reviewId, objectType: 'chronology-import', objectId: imp.id, details: { status: 'failed', together: true } })
      discarded.push(imp.id)
    }
  })
  for (const id of discarded) await removeFile(importFilePath(ctx, id))
  return { discarded: discarded.length }
}

export interface RollbackImpact {
  events: number
  /** Events with an annotation or marked significant: that work goes too. */
  worked: number
  /** What refers to the events that would go (map, episodes, findings, quotes). */
  references: EventReferences
}

async function impactOf(db: Executor, imp: ChronologyImport): Promise<RollbackImpact> {
  const [worked, references] = await Promise.all([countWorkedEventsOfImport(db, imp.id), referencesToEvents(db, imp.review_id, await eventIdsOfImport(db, imp.id))])
  return { events: imp.committed_rows ?? 0, worked, references }
}

/** Map labels, episode and finding titles are case text: shown under the viewer's name rule like any other. */
function referencesAsShown(names: ShownNames, r: EventReferences): EventReferences {
  return {
    ...r,
    mapNodes: r.mapNodes.map((n) => ({ ...n, label: names.show(n.label) })),
    episodes: r.episodes.map((e) => ({ ...e, title: names.show(e.title) })),
    findings: r.findings.map((f) => ({ ...f, title: names.show(f.title) })),
  }
}

/** What rolling back an import would remove and leave dangling; its file name and the references as the viewer may see them. */
export async function rollbackImpact(ctx: ServiceContext, viewer: ReviewViewer, importId: string): Promise<{ imp: ChronologyImport; impact: RollbackImpact }> {
  const imp = await requireImport(ctx, viewer, importId)
  if (imp.status !== 'committed') throw new RuleBroken(statusRefusal(imp.status, 'rolled back'))
  const [impact, names] = await Promise.all([impactOf(ctx.db, imp), namesFor(ctx, viewer)])
  return { imp: { ...imp, file_name: shownFileName(viewer, imp.file_name, imp.agency) }, impact: { ...impact, references: referencesAsShown(names, impact.references) } }
}

/**
 * Removes every event a committed import brought in, as a whole, in one transaction (lead reviewer and review
 * team: the route's capability). What referred to those events is returned and audited (as counts); the map
 * checks go on reporting map references to removed events until they are put right.
 */
export async function rollbackImport(ctx: ServiceContext, viewer: ReviewViewer, importId: string): Promise<{ removed: number; references: EventReferences }> {
  const { actor, reviewId } = viewer
  const imp = await requireImport(ctx, viewer, importId)
  if (imp.status !== 'committed') throw new RuleBroken(statusRefusal(imp.status, 'rolled back'))
  // The name rule reads the register: outside the transaction (on SQLite its one connection is the transaction's).
  const names = await namesFor(ctx, viewer)
  const done = await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateImportIf(trx, imp.id, ['committed'], { status: 'rolled-back', rolled_back_by: actor.userId, rolled_back_at: nowIso(ctx) }))) {
      throw new RuleBroken('Someone else changed this import at the same time. Look at it again.')
    }
    const { references } = await impactOf(trx, imp)
    const removed = await deleteEventsOfImport(trx, imp.id)
    await deleteHollowEpisodes(trx, reviewId)
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'chronology.import.rollback', reviewId, objectType: 'chronology-import', objectId: imp.id,
      details: {
        removed, mapNodes: references.mapNodes.length, mapEdges: references.mapEdges.length, episodes: references.episodes.map((e) => e.id),
        findings: references.findings.map((f) => f.id), quotes: references.quotes,
      },
    })
    return { removed, references }
  })
  return { removed: done.removed, references: referencesAsShown(names, done.references) }
}
