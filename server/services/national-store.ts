// The national side's store of returns: receiving one (from the API, a file or this instance's own lead
// reviewers), importing and exporting files of returns, and keeping the tags translated to the latest
// typology version. A newer version of a return replaces the older one in every count.
import { Readable } from 'node:stream'
import { compareVersions } from '../../methodology/typology/typology-versions.js'
import {
  BUNDLE_FORMAT, MAX_RETURN_BYTES, RETURN_FORMAT_VERSION, type NationalReturn, type NationalReturnV1,
} from '../../methodology/national/return-format.js'
import { consistencyProblems } from '../../methodology/national/return-consistency.js'
import { asCurrent } from '../../methodology/national/translate-return.js'
import { BadInput, RuleBroken, TooLarge, type ErrorDetail } from '../errors.js'
import { findSetting, saveSetting } from '../data/national-local.js'
import {
  countCurrentReturns, currentDocuments, distinctTags, insertIntoAnalysis, insertReceivedReturn, listCurrentReturns, lockNationalStore,
  listReturnVersions, removeFromAnalysis, retranslateAllCodes, type AnalysisFinding, type CurrentReturnRow,
} from '../data/national-store.js'
import type { Executor } from '../data/schema.js'
import type { ReceivedVia } from '../data/tables/national.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { schemaProblems, bundleProblems } from './national-return-validation.js'
import { countingLine } from '../../methodology/typology/typology-counting.js'
import { loadTypology, type TypologyHistory } from './typology.js'

// Renamed when counting changed (retired codes to their family, split codes to one marked line; then the format 2
// groupings and every two groupings added to the pre-added counts), so counts stored under the old rule are rebuilt once.
const TRANSLATED_TO = 'codes-and-pairs-counted-in'

export interface FiledReturn {
  returnId: string
  version: number
  /** The version this one replaced in the analysis, if any. */
  superseded: number | null
  findings: number
}

/**
 * Each tag as sent, carried to the line it counts on in the latest version (methodology/typology/
 * typology-counting.ts): its code, its family when retired, or one marked line for a split code.
 */
function translate(history: TypologyHistory, tags: ReadonlyArray<{ code: string; version: string }>): Map<string, Array<{ code: string; family: string }>> {
  const out = new Map<string, Array<{ code: string; family: string }>>()
  for (const tag of tags) {
    const line = countingLine(tag.code, tag.version, history.versions)
    out.set(`${tag.code}@${tag.version}`, line.kind === 'unknown' ? [] : [{ code: line.key, family: line.family }])
  }
  return out
}

/**
 * Makes sure the stored translations are to the latest typology version: after a national administrator
 * publishes a new version, every tag is carried through the new crosswalk once, here, before counting.
 */
export async function ensureCodesCurrent(db: Executor, history?: TypologyHistory): Promise<void> {
  const typology = history ?? (await loadTypology(db))
  if ((await findSetting(db, TRANSLATED_TO)) === typology.current.version) return
  const tags = (await distinctTags(db)).map((t) => ({ code: t.code, version: t.typology_version }))
  const known = tags.filter((t) => typology.versions.some((v) => compareVersions(v.version, t.version) === 0))
  const translated = translate(typology, known)
  const mapping = known.flatMap((t) => (translated.get(`${t.code}@${t.version}`) ?? []).map((c) => ({ code: t.code, version: t.version, latestCode: c.code, family: c.family })))
  await retranslateAllCodes(db, mapping)
  await saveSetting(db, TRANSLATED_TO, typology.current.version)
}

/** Ensures translations are current, in a transaction of its own when there is work to do. */
export async function refreshTranslations(ctx: ServiceContext): Promise<TypologyHistory> {
  const history = await loadTypology(ctx.db)
  if ((await findSetting(ctx.db, TRANSLATED_TO)) !== history.current.version) {
    await ctx.db.transaction().execute(async (trx) => {
      await lockNationalStore(trx)
      await ensureCodesCurrent(trx, history)
    })
  }
  return history
}

/** Tags whose version or code this instance does not know: the return cannot be counted. */
function typologyProblems(document: NationalReturn, history: TypologyHistory, prefix: string): ErrorDetail[] {
  const details: ErrorDetail[] = []
  const known = history.versions.map((v) => v.version)
  document.findings.forEach((finding, i) => {
    finding.typologyCodes.forEach((tag, j) => {
      const path = `${prefix}findings[${i}].typologyCodes[${j}]`
      const version = history.versions.find((v) => compareVersions(v.version, tag.typologyVersion) === 0)
      if (!version) {
        details.push({ path: `${path}.typologyVersion`, message: `typology version ${tag.typologyVersion} is not known here (this instance has ${known.join(', ')}); publish it with its crosswalk first` })
      } else if (!version.codes.some((c) => c.code === tag.code)) {
        details.push({ path: `${path}.code`, message: `${tag.code} is not a code in typology version ${version.version}` })
      }
    })
  })
  return details
}

function refProblems(document: NationalReturn, prefix: string): ErrorDetail[] {
  const seen = new Map<string, number>()
  const details: ErrorDetail[] = []
  document.findings.forEach((f, i) => {
    const earlier = seen.get(f.ref)
    if (earlier !== undefined) details.push({ path: `${prefix}findings[${i}].ref`, message: `${f.ref} is also the ref of findings[${earlier}]` })
    else seen.set(f.ref, i)
  })
  return details
}

/** Everything that makes a return unfit to file, apart from conflicts with what is already stored. */
export function returnProblems(value: unknown, history: TypologyHistory, prefix = ''): ErrorDetail[] {
  const shape = schemaProblems(value, prefix.replace(/\.$/, ''))
  if (shape.length > 0) return shape
  const document = asCurrent(value as NationalReturn | NationalReturnV1)
  return [...refProblems(document, prefix), ...typologyProblems(document, history, prefix), ...consistencyProblems(document, prefix)]
}

/**
 * Files one checked return inside the caller's transaction; conflicts with stored versions are refused. The
 * document is stored as received; a version 1 return is counted as its version 2 translation.
 */
async function fileChecked(trx: Executor, ctx: ServiceContext, actor: Actor, received: NationalReturn | NationalReturnV1, history: TypologyHistory, via: ReceivedVia): Promise<FiledReturn> {
  const document = asCurrent(received)
  // Before reading the versions held: a concurrent filing of the same return waits, then sees this one.
  await lockNationalStore(trx)
  const versions = await listReturnVersions(trx, document.returnId)
  const other = versions.find((v) => v.source_instance !== document.sourceInstance)
  if (other) {
    throw new RuleBroken(`Return ${document.returnId} was sent by another instance; a return can only be corrected by the instance that sent it`,
      [{ path: 'sourceInstance', message: 'does not match the instance that sent the earlier versions of this return' }], 'wrong-source')
  }
  if (versions.some((v) => v.version === document.version)) {
    throw new RuleBroken(`Version ${document.version} of return ${document.returnId} is already held; send version ${Math.max(...versions.map((v) => v.version)) + 1} to correct it`,
      [{ path: 'version', message: `version ${document.version} of this return is already held` }], 'duplicate-return')
  }
  const current = versions.find((v) => v.is_current === 1)
  if (current && current.version > document.version) {
    throw new RuleBroken(`Return ${document.returnId} already has a newer version (${current.version}) than the one sent (${document.version})`,
      [{ path: 'version', message: `must be after ${current.version}, the version held now` }], 'stale-version')
  }
  await ensureCodesCurrent(trx, history)
  const translated = translate(history, document.findings.flatMap((f) => f.typologyCodes.map((t) => ({ code: t.code, version: t.typologyVersion }))))
  const findings: AnalysisFinding[] = document.findings.map((f) => ({
    ref: f.ref, kind: f.kind, title: f.title, pattern: f.pattern, howWidespread: f.howWidespread, whyItMatters: f.whyItMatters,
    systemLevel: f.systemLevel, boardQuestions: f.boardQuestions,
    // Stored as this instance writes the version ("1" and "1.0" are one version).
    tags: f.typologyCodes.map((t) => ({ code: t.code, version: history.versions.find((v) => compareVersions(v.version, t.typologyVersion) === 0)?.version ?? t.typologyVersion })),
    codes: f.typologyCodes.flatMap((t) => translated.get(`${t.code}@${t.typologyVersion}`) ?? []),
    agencies: f.agencies,
    findingType: f.findingType,
    nationalAttention: f.nationalAttention,
    boardActions: f.boardActions === null ? null : {
      notStarted: f.boardActions['not-started'], inProgress: f.boardActions['in-progress'], done: f.boardActions.done, overdue: f.boardActions.overdue,
    },
  }))
  const r = document.review
  const c = r.child
  await removeFromAnalysis(trx, document.returnId)
  await insertReceivedReturn(trx, {
    returnId: document.returnId, version: document.version, sourceInstance: document.sourceInstance, receivedAt: nowIso(ctx),
    receivedBy: actor.userId, via, findings: document.findings.length, document: JSON.stringify(received),
  })
  await insertIntoAnalysis(trx, {
    returnId: document.returnId, version: document.version, region: r.region, year: r.year, methodology: r.methodology,
    // The version 1 band as sent, so counts made before version 2 stay as they were; version 2 bands are in sin_age_band.
    ageBand: received.formatVersion === 1 ? received.review.childAgeBand : null,
    harm: r.harmCategory, agencies: r.agencies, publishedReport: r.publishedReport, formatVersion: received.formatVersion,
    child: {
      sex: c.sex, ethnicity: c.ethnicity, disability: c.disability, sin_age_band: c.ageBand, looked_after: c.lookedAfter,
      social_care_status: c.socialCareStatus, harm_type: r.harmType,
    },
    riskFactors: r.householdRiskFactors,
    daysToNotification: r.timeliness.awarenessToNotification, daysToRapidReview: r.timeliness.notificationToRapidReview,
    daysToPublication: r.timeliness.decisionToPublication,
  }, findings)
  const filed: FiledReturn = { returnId: document.returnId, version: document.version, superseded: current?.version ?? null, findings: findings.length }
  await recordAudit(trx, ctx.clock, actor, {
    action: 'national.return.receive', objectType: 'national-return', objectId: document.returnId,
    details: { version: document.version, formatVersion: received.formatVersion, via, findings: findings.length, superseded: filed.superseded },
  })
  return filed
}

function checkSize(value: unknown, label: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '')
  if (bytes > MAX_RETURN_BYTES) {
    throw new TooLarge(`${label} is ${Math.ceil(bytes / 1024)} KB; a national return can be at most ${MAX_RETURN_BYTES / 1024} KB`)
  }
}

/**
 * Files a return inside the caller's transaction (used when this instance's lead reviewer submits one).
 * Throws BadInput for a malformed return, RuleBroken for a duplicate or out-of-date version.
 */
export async function fileReturnInTransaction(trx: Executor, ctx: ServiceContext, actor: Actor, value: unknown, via: ReceivedVia): Promise<FiledReturn> {
  checkSize(value, 'The return')
  const history = await loadTypology(trx)
  const problems = returnProblems(value, history)
  if (problems.length > 0) throw new BadInput('The return does not match the national return format', problems, 'invalid-return')
  return fileChecked(trx, ctx, actor, value as NationalReturn | NationalReturnV1, history, via)
}

/** Receives one return (the API). Nothing is stored unless every check passes. */
export async function receiveReturn(ctx: ServiceContext, actor: Actor, value: unknown, via: ReceivedVia): Promise<FiledReturn> {
  return ctx.db.transaction().execute((trx) => fileReturnInTransaction(trx, ctx, actor, value, via))
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new BadInput('The file is not valid JSON', [{ path: 'file', message: `The file is not valid JSON: ${error instanceof Error ? error.message : 'it could not be read'}` }], 'malformed-json')
  }
}

/**
 * Imports a file holding one return or a bundle of returns. All or nothing: every return is checked first,
 * and any problem (with the return's place in the file) means nothing is imported.
 */
export async function importReturnsFile(ctx: ServiceContext, actor: Actor, text: string): Promise<FiledReturn[]> {
  const value = parseJson(text)
  const isBundle = typeof value === 'object' && value !== null && (value as { format?: unknown }).format === BUNDLE_FORMAT
  let documents: unknown[]
  if (isBundle) {
    const shape = bundleProblems(value)
    if (shape.length > 0) throw new BadInput('The file is not a bundle of national returns', shape, 'invalid-return')
    documents = (value as { returns: unknown[] }).returns
  } else {
    documents = [value]
  }
  if (documents.length === 0) throw new BadInput('The file holds no returns', [{ path: 'file', message: 'The file holds no returns' }])
  return ctx.db.transaction().execute(async (trx) => {
    const history = await loadTypology(trx)
    const problems = documents.flatMap((doc, i) => {
      const prefix = isBundle ? `returns[${i}].` : ''
      try {
        checkSize(doc, isBundle ? `Return ${i + 1} in the file` : 'The return')
      } catch (error) {
        return [{ path: prefix.replace(/\.$/, '') || 'file', message: (error as Error).message }]
      }
      return returnProblems(doc, history, prefix)
    })
    // The page lists messages only, so each says where it is.
    const located = problems.slice(0, 50).map((d) => ({ path: 'file', message: `${d.path}: ${d.message}` }))
    if (problems.length > 0) throw new BadInput(isBundle ? 'Some returns in the file do not match the national return format' : 'The return does not match the national return format', located, 'invalid-return')
    // Versions of one return in one file are filed oldest first, so the newest ends up current.
    const ordered = (documents as Array<NationalReturn | NationalReturnV1>).map((doc, i) => ({ doc, i })).sort((a, b) => a.doc.returnId.localeCompare(b.doc.returnId) || a.doc.version - b.doc.version)
    const filed: FiledReturn[] = []
    for (const { doc, i } of ordered) {
      try {
        filed.push(await fileChecked(trx, ctx, actor, doc, history, 'file'))
      } catch (error) {
        if (error instanceof RuleBroken) {
          const where = isBundle ? `returns[${i}].` : ''
          throw new RuleBroken(`${isBundle ? `Return ${i + 1} in the file: ` : ''}${error.message}. Nothing was imported.`,
            error.details.map((d) => ({ path: 'file', message: `${where}${d.path}: ${d.message}` })), error.code)
        }
        throw error
      }
    }
    await recordAudit(trx, ctx.clock, actor, { action: 'national.returns.import', objectType: 'national-return-file', details: { returns: filed.length } })
    return filed
  })
}

export async function receivedReturnsPage(ctx: ServiceContext, page: number, perPage: number): Promise<{ rows: CurrentReturnRow[]; total: number }> {
  const [rows, total] = await Promise.all([listCurrentReturns(ctx.db, perPage, (page - 1) * perPage), countCurrentReturns(ctx.db)])
  return { rows, total }
}

/**
 * Every current return as one bundle file, streamed a page at a time. Audited before the first byte: an
 * export of national data is recorded whether or not the download completes.
 */
export async function exportReturnsBundle(ctx: ServiceContext, actor: Actor): Promise<{ stream: Readable; filename: string; count: number }> {
  const count = await countCurrentReturns(ctx.db)
  await ctx.db.transaction().execute((trx) => recordAudit(trx, ctx.clock, actor, {
    action: 'national.returns.export', objectType: 'national-return-file', details: { returns: count },
  }))
  const db = ctx.db
  async function* chunks() {
    yield `{"format":${JSON.stringify(BUNDLE_FORMAT)},"formatVersion":${RETURN_FORMAT_VERSION},"returns":[`
    let after: string | null = null
    let first = true
    for (;;) {
      const page = await currentDocuments(db, after, 200)
      if (page.length === 0) break
      for (const row of page) {
        yield `${first ? '' : ','}\n${row.document}`
        first = false
      }
      after = page[page.length - 1]?.return_id ?? null
    }
    yield '\n]}\n'
  }
  return { stream: Readable.from(chunks()), filename: `national-returns-${nowIso(ctx).slice(0, 10)}.json`, count }
}

