// Exporting the learning report: build the model once, draw the chosen format, and for the publication edition
// read the file's own text back and scan it for identifying details before anyone gets it. Every export, blocked
// export, download and leak scan is audited. Large reviews export as a background job whose progress the report
// page shows; without JavaScript the same export is a plain download.
import { announceJob, jobsStillRunning } from './job-heartbeat.js'
import type { ReviewViewer } from './viewer.js'
import { requireCapability } from './capability.js'
import { listMembers } from '../data/review-members.js'
import { undefinedAbbreviations } from './report-glossary.js'
import type { ReportEdition } from '../../methodology/review-snapshot.js'
import type { AllowedLeak, LeakKind } from '../../methodology/redaction/leak-scan.js'
import { composeAndRenderInWorker, scanOutputInWorker } from '../export/render-in-worker.js'
import {
  REPORT_CONTENT_TYPES, REPORT_EDITIONS, REPORT_FORMATS, type ReportFormat,
} from '../../templates/report-model.js'
import { BadInput, NotFound, NotPermitted, RuleBroken, type ErrorDetail } from '../errors.js'
import { listPersons } from '../data/persons.js'
import {
  clearExpiredContent, failInterruptedExports, findLeakScanLeaks, listRunningExportIds, findExport, findExportContent, insertExport, insertLeakScan, latestLeakScan, listExports, listFalsePositives, updateExport,
  type ReportExportSummary,
} from '../data/reports.js'
import type { Executor } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { LEAK_KIND_LABELS } from '../../methodology/redaction/leak-scan.js'
import type { FoundLeak } from './report-leaks.js'
import { OutputUnreadable } from './report-output-text.js'
import { toRegisterPerson } from './persons.js'
import { readReportContent } from './report-content.js'
import { requireReview } from './reviews.js'

export interface ExportChoice {
  edition: ReportEdition
  format: ReportFormat
}

/** Whether the reader may see real names in the internal edition (the persons.view capability). */
export type NamePolicy = 'as-recorded' | 'pseudonyms'

/** How names appear in this viewer's report: as recorded only for those who may see real names (page and API alike). */
export function reportNamePolicy(viewer: Pick<ReviewViewer, 'canSeeRealNames'>): NamePolicy {
  return viewer.canSeeRealNames ? 'as-recorded' : 'pseudonyms'
}

export interface ExportedReport {
  exportId: string
  fileName: string
  contentType: string
  bytes: Buffer
  pages: number | null
}

export const FORMAT_LABELS: Readonly<Record<ReportFormat, string>> = { pdf: 'PDF', docx: 'Word (DOCX)', html: 'Web page (HTML)' }
export const EDITION_LABELS: Readonly<Record<ReportEdition, string>> = { internal: 'Internal edition (OFFICIAL-SENSITIVE)', publication: 'Publication edition (OFFICIAL)' }

/** Files from a background export wait this long for their download, then are deleted. */
const KEEP_FOR_MS = 60 * 60 * 1000

/** The publication edition would show identifying details: nothing is released. */
export class PublicationLeaks extends RuleBroken {
  constructor(readonly leaks: FoundLeak[], readonly scanId: string) {
    super(
      `The publication edition was not released: the leak scan found ${leaks.length === 1 ? '1 identifying detail' : `${leaks.length} identifying details`}. Fix the source text, or mark a finding as a false positive with a reason, then export again.`,
      leaks.map((l) => ({ path: `${l.format}, ${l.location}`, message: `${LEAK_KIND_LABELS[l.kind]} “${l.value}” in “${l.excerpt}”` })),
      'leaks-found',
    )
  }
}

export function readExportChoice(raw: { format?: unknown; edition?: unknown }): ExportChoice {
  const details: ErrorDetail[] = []
  const format = typeof raw.format === 'string' ? raw.format.toLowerCase() : ''
  const edition = typeof raw.edition === 'string' ? raw.edition.toLowerCase() : ''
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) details.push({ path: 'format', message: 'Choose a format: pdf, docx or html' })
  if (!(REPORT_EDITIONS as readonly string[]).includes(edition)) details.push({ path: 'edition', message: 'Choose an edition: internal or publication' })
  if (details.length > 0) throw new BadInput('Choose the edition and format of the report', details)
  return { format: format as ReportFormat, edition: edition as ReportEdition }
}

/** The internal edition needs report.internal; the publication edition needs report.publication. */
function requireEditionAccess(can: (capability: 'report.internal' | 'report.publication') => boolean, edition: ReportEdition): void {
  if (!can(edition === 'internal' ? 'report.internal' : 'report.publication')) {
    throw new NotPermitted(edition === 'internal' ? 'You do not have permission to export the internal edition' : 'Only the lead reviewer can export the publication edition')
  }
}

async function allowedLeaks(db: Executor, reviewId: string): Promise<AllowedLeak[]> {
  return (await listFalsePositives(db, reviewId)).map((f) => ({ kind: f.kind as LeakKind, value: f.value }))
}

/** Reads the files back and scans them; records the scan. */
async function scanFiles(ctx: ServiceContext, actor: Actor, reviewId: string, files: ReadonlyArray<{ format: ReportFormat; bytes: Buffer }>, signal?: AbortSignal): Promise<{ scanId: string; leaks: FoundLeak[] }> {
  const register = (await listPersons(ctx.db, reviewId)).map(toRegisterPerson)
  // Reading a long PDF back and scanning its text takes seconds: on the report worker, off the event loop.
  const leaks = await scanOutputInWorker(files, register, await allowedLeaks(ctx.db, reviewId), undefined, signal)
  const scanId = ctx.newId()
  await ctx.db.transaction().execute(async (trx) => {
    await insertLeakScan(trx, {
      id: scanId, review_id: reviewId, scanned_at: nowIso(ctx), scanned_by: actor.userId, formats: JSON.stringify(files.map((f) => f.format)),
      passed: leaks.length === 0 ? 1 : 0, leak_count: leaks.length, leaks: JSON.stringify(leaks),
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'report.leakscan', reviewId, objectType: 'leak-scan', objectId: scanId,
      details: { formats: files.map((f) => f.format), passed: leaks.length === 0, leaks: leaks.length },
    })
  })
  return { scanId, leaks }
}

interface ProduceOptions {
  names: NamePolicy
  exportId?: string
  onStage?: (stage: string, fraction: number) => void
  /** Aborted when the person waiting for the file has gone: the export stops and nothing is recorded. */
  signal?: AbortSignal
}

/** Builds, draws and (for publication) scans one export; records it and audits it. Throws PublicationLeaks when blocked. */
async function produce(ctx: ServiceContext, actor: Actor, reviewId: string, choice: ExportChoice, options: ProduceOptions): Promise<ExportedReport> {
  const stage = options.onStage ?? (() => undefined)
  const exportId = options.exportId ?? ctx.newId()
  const requestedAt = nowIso(ctx)
  stage('Gathering the report’s content', 0.05)
  const now = ctx.clock.now()
  const content = await readReportContent(ctx.db, reviewId, now)
  stage(`Drawing the ${FORMAT_LABELS[choice.format]}`, 0.15)
  // The model is built from the content (every piece of text pseudonymised, the map drawn) on the report worker as
  // well as drawn there: only the database reads are on the event loop.
  const { bytes, pages, fileName } = await composeAndRenderInWorker(content, choice.edition, now, { names: options.names }, choice.format,
    (f) => stage(`Drawing the ${FORMAT_LABELS[choice.format]}`, 0.15 + f * 0.65), undefined, options.signal)

  let scanId: string | null = null
  if (choice.edition === 'publication') {
    stage('Checking the file for identifying details', 0.85)
    let scanned: { scanId: string; leaks: FoundLeak[] }
    try {
      scanned = await scanFiles(ctx, actor, reviewId, [{ format: choice.format, bytes }], options.signal)
    } catch (error) {
      if (error instanceof OutputUnreadable) throw new RuleBroken(`${error.message}. Nothing was released.`, [], 'leak-scan-unavailable')
      throw error
    }
    scanId = scanned.scanId
    if (scanned.leaks.length > 0) {
      await ctx.db.transaction().execute(async (trx) => {
        await saveExport(trx, exportId, options.exportId !== undefined, {
          id: exportId, review_id: reviewId, edition: choice.edition, format: choice.format, status: 'blocked', requested_by: actor.userId, requested_at: requestedAt,
          finished_at: nowIso(ctx), file_name: null, byte_size: null, pages: null, content: null, expires_at: null, leak_scan_id: scanId,
          error: 'The leak scan found identifying details',
        })
        await recordAudit(trx, ctx.clock, actor, {
          action: 'report.export.blocked', reviewId, objectType: 'report-export', objectId: exportId,
          details: { edition: choice.edition, format: choice.format, leakScanId: scanId, leaks: scanned.leaks.length },
        })
      })
      throw new PublicationLeaks(scanned.leaks, scanId)
    }
  }

  const keep = options.exportId !== undefined
  await ctx.db.transaction().execute(async (trx) => {
    await saveExport(trx, exportId, keep, {
      id: exportId, review_id: reviewId, edition: choice.edition, format: choice.format, status: 'done', requested_by: actor.userId, requested_at: requestedAt,
      finished_at: nowIso(ctx), file_name: fileName, byte_size: bytes.length, pages, content: keep ? bytes : null,
      expires_at: keep ? new Date(ctx.clock.now().getTime() + KEEP_FOR_MS).toISOString() : null, leak_scan_id: scanId, error: null,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'report.export', reviewId, objectType: 'report-export', objectId: exportId,
      details: { edition: choice.edition, format: choice.format, bytes: bytes.length, pages, names: options.names, leakScanId: scanId },
    })
  })
  stage('Ready', 1)
  return { exportId, fileName, contentType: REPORT_CONTENT_TYPES[choice.format], bytes, pages }
}

async function saveExport(trx: Executor, exportId: string, exists: boolean, row: Parameters<typeof insertExport>[1]): Promise<void> {
  if (exists) {
    const { id: _id, review_id: _review, requested_at: _at, requested_by: _by, ...changes } = row
    await updateExport(trx, exportId, changes)
  } else {
    await insertExport(trx, row)
  }
}

/**
 * Exports now and returns the file (the API and the no-JavaScript download link): the viewer's role decides which
 * editions they may have and whether their internal edition shows real names, here for page and API alike.
 */
export async function exportReport(ctx: ServiceContext, viewer: ReviewViewer, choice: ExportChoice, signal?: AbortSignal): Promise<ExportedReport> {
  requireEditionAccess((c) => viewer.can(c), choice.edition)
  await requireReview(ctx.db, viewer.reviewId)
  return produce(ctx, viewer.actor, viewer.reviewId, choice, { names: reportNamePolicy(viewer), signal })
}

// ---------- Background exports ----------

interface JobState {
  stage: string
  fraction: number
}

/** Running and queued jobs of each app (tests run several apps in one process), by export id. */
const jobsByDb = new WeakMap<object, Map<string, JobState>>()
let queue: Promise<void> = Promise.resolve()

function jobsOf(ctx: ServiceContext): Map<string, JobState> {
  let jobs = jobsByDb.get(ctx.db)
  if (!jobs) {
    jobs = new Map()
    jobsByDb.set(ctx.db, jobs)
  }
  return jobs
}

/** Starts an export in the background, one at a time per server; returns its id for polling. Same rules as exportReport. */
export async function startExport(ctx: ServiceContext, viewer: ReviewViewer, choice: ExportChoice): Promise<string> {
  requireEditionAccess((c) => viewer.can(c), choice.edition)
  const { actor, reviewId } = viewer
  const names = reportNamePolicy(viewer)
  await requireReview(ctx.db, reviewId)
  await clearExpiredContent(ctx.db, nowIso(ctx))
  const exportId = ctx.newId()
  await insertExport(ctx.db, {
    id: exportId, review_id: reviewId, edition: choice.edition, format: choice.format, status: 'running', requested_by: actor.userId, requested_at: nowIso(ctx),
    finished_at: null, file_name: null, byte_size: null, pages: null, content: null, expires_at: null, leak_scan_id: null, error: null,
  })
  const jobs = jobsOf(ctx)
  jobs.set(exportId, { stage: 'Waiting for another export to finish', fraction: 0 })
  const unannounce = announceJob(ctx.db, exportId, 'report-export')
  queue = queue.then(async () => {
    try {
      await produce(ctx, actor, reviewId, choice, { names, exportId, onStage: (stage, fraction) => jobs.set(exportId, { stage, fraction }) })
    } catch (error) {
      if (!(error instanceof PublicationLeaks)) {
        const message = error instanceof RuleBroken ? error.message : 'The export failed. Try again; if it fails again, tell your administrator.'
        await updateExport(ctx.db, exportId, { status: 'failed', finished_at: nowIso(ctx), error: message }).catch(() => undefined)
      }
    } finally {
      jobs.delete(exportId)
      unannounce()
    }
  })
  return exportId
}

export interface ExportStatus {
  export: ReportExportSummary
  stage: string
  /** 0 to 100. */
  percent: number
  leaks: FoundLeak[]
}

async function requireOwnExport(ctx: ServiceContext, reviewId: string, exportId: string, userId: string | null): Promise<ReportExportSummary> {
  const found = await findExport(ctx.db, reviewId, exportId)
  // Someone else's export is not there for you: their file may be of an edition you cannot see.
  if (!found || found.requested_by !== userId) throw new NotFound('There is no such export of this report, or someone else started it')
  return found
}

export async function exportStatus(ctx: ServiceContext, reviewId: string, exportId: string, userId: string | null): Promise<ExportStatus> {
  const jobs = jobsOf(ctx)
  // Running here, or in another process on this database (announced with a heartbeat): not interrupted.
  const elsewhere = await jobsStillRunning(ctx.db, await listRunningExportIds(ctx.db, reviewId))
  await failInterruptedExports(ctx.db, new Set([...jobs.keys(), ...elsewhere]), reviewId, nowIso(ctx), 'The export stopped when the service restarted. Start it again.')
  const found = await requireOwnExport(ctx, reviewId, exportId, userId)
  const job = jobs.get(exportId)
  let leaks: FoundLeak[] = []
  if (found.status === 'blocked' && found.leak_scan_id) {
    const scan = await findLeakScanLeaks(ctx.db, found.leak_scan_id)
    leaks = scan ? (JSON.parse(scan) as FoundLeak[]) : []
  }
  const stage = job?.stage ?? (found.status === 'done' ? 'Ready' : found.status === 'blocked' ? 'Blocked by the leak scan' : found.status === 'failed' ? 'Failed' : 'Starting')
  const percent = found.status === 'running' ? Math.round((job?.fraction ?? 0) * 100) : 100
  return { export: found, stage, percent, leaks }
}

/**
 * The file of a finished background export, for the viewer who asked for it, while it is kept and while they may
 * still have that edition (a change of role drops the files kept for them: see changeMemberRole).
 */
export async function downloadExport(ctx: ServiceContext, viewer: ReviewViewer, exportId: string): Promise<ExportedReport> {
  const { actor, reviewId } = viewer
  await clearExpiredContent(ctx.db, nowIso(ctx))
  const found = await requireOwnExport(ctx, reviewId, exportId, actor.userId)
  requireEditionAccess((c) => viewer.can(c), found.edition)
  if (found.status !== 'done') throw new RuleBroken('This export has no file to download')
  const bytes = await findExportContent(ctx.db, reviewId, exportId)
  if (!bytes) throw new RuleBroken('This export’s file is no longer kept. Export the report again.')
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx.clock, actor, {
      action: 'report.download', reviewId, objectType: 'report-export', objectId: exportId, details: { edition: found.edition, format: found.format, bytes: bytes.length },
    })
  })
  return { exportId, fileName: found.file_name ?? `report.${found.format}`, contentType: REPORT_CONTENT_TYPES[found.format], bytes, pages: found.pages }
}

// ---------- The leak scan on its own ----------

export interface LeakScanResult {
  scanId: string
  leaks: FoundLeak[]
}

/** Draws the publication edition in every format and scans all three files, without releasing any of them. */
export async function runLeakScan(ctx: ServiceContext, actor: Actor, reviewId: string): Promise<LeakScanResult> {
  await requireReview(ctx.db, reviewId)
  const now = ctx.clock.now()
  const content = await readReportContent(ctx.db, reviewId, now)
  const files: Array<{ format: ReportFormat; bytes: Buffer }> = []
  for (const format of REPORT_FORMATS) files.push({ format, bytes: (await composeAndRenderInWorker(content, 'publication', now, {}, format)).bytes })
  try {
    return await scanFiles(ctx, actor, reviewId, files)
  } catch (error) {
    if (error instanceof OutputUnreadable) throw new RuleBroken(error.message, [], 'leak-scan-unavailable')
    throw error
  }
}

// ---------- The report page ----------

export interface ReportPageState {
  /** The editions this viewer may export (the publication edition only for those who may release it). */
  editions: ReportEdition[]
  /** The latest publication leak scan and the false positives marked: for those who may export the publication edition. */
  scan: Awaited<ReturnType<typeof latestLeakScan>>
  falsePositives: Awaited<ReturnType<typeof listFalsePositives>>
  exports: ReportExportSummary[]
  /** Members' names by user id, to say who exported or marked what. */
  memberNames: Map<string, string>
  undefinedAbbreviations: string[]
}

/** What the report page shows this viewer about the review's exports, scans and glossary. */
export async function reportPageFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<ReportPageState> {
  requireCapability(viewer, 'report.internal')
  const reviewId = viewer.reviewId
  const canPublish = viewer.can('report.publication')
  const [scan, falsePositives, exports, members, abbreviations] = await Promise.all([
    canPublish ? latestLeakScan(ctx.db, reviewId) : Promise.resolve(undefined),
    canPublish ? listFalsePositives(ctx.db, reviewId) : Promise.resolve([]),
    listExports(ctx.db, reviewId, 15),
    listMembers(ctx.db, reviewId),
    canPublish ? undefinedAbbreviations(ctx, reviewId) : Promise.resolve([]),
  ])
  const editions = REPORT_EDITIONS.filter((e) => e === 'internal' || canPublish)
  return { editions, scan, falsePositives, exports, memberNames: new Map(members.map((m) => [m.user_id, m.name])), undefinedAbbreviations: abbreviations }
}

export { REPORT_EDITIONS, REPORT_FORMATS }
