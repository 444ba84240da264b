// The local side of national learning: the lead reviewer previews the review's anonymised national return
// exactly as it would be sent, records where the report is published, and submits the return. Each
// submission is a new version; on this instance it is also filed into the national store at once.
import { createHash } from 'node:crypto'
import { buildNationalReturn, reviewYear, type BuiltReturn } from '../../methodology/national/build-return.js'
import type { NationalReturn } from '../../methodology/national/return-format.js'
import { RETURN_LIMITS } from '../../methodology/national/return-format.js'
import { isLeakKind, LEAK_KIND_PHRASES, type AllowedLeak } from '../../methodology/redaction/leak-scan.js'
import type { RegisterPerson } from '../../methodology/redaction/person-register.js'
import { BadInput, NotFound, RuleBroken, StaleEdit, type ErrorDetail } from '../errors.js'
import { bumpContentVersion } from '../data/review-standing.js'
import { parseIsoDate } from './form-dates.js'
import {
  allowedLeaks, findingsForReturn, findPublishedOn, findPublishedReport, findSetting, insertSentReturn, latestSentReturn, listSentReturns,
  returnDates, reviewAgencyNames, saveNationalAttention, savePublishedOn, savePublishedReport,
} from '../data/national-local.js'
import { londonDate } from '../clock.js'
import { actionState } from './board-action-status.js'
import { childFactsOf } from './review-child-facts.js'
import { listPersons } from '../data/persons.js'
import type { Executor, NationalReturnSent } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { fileReturnInTransaction } from './national-store.js'
import { toRegisterPerson } from './persons.js'
import { requireCapability } from './capability.js'
import { auditRead } from './read-audit.js'
import { requireReview } from './reviews.js'
import type { ReviewViewer } from './viewer.js'

export const LEAK_LABELS = LEAK_KIND_PHRASES

export async function instanceId(db: Executor): Promise<string> {
  const id = await findSetting(db, 'instance-id')
  // Migration 0008 stores it, so its absence means the database was changed by hand.
  if (!id) throw new Error('This instance has no national instance id')
  return id
}

/** A review's return id: stable, and opaque without this instance's id (it is a hash of both). */
export function returnIdFor(instance: string, reviewId: string): string {
  const hex = createHash('sha256').update(`${instance}:${reviewId}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

async function registerOf(db: Executor, reviewId: string): Promise<RegisterPerson[]> {
  return (await listPersons(db, reviewId)).map(toRegisterPerson)
}

/**
 * Builds the return as it would be sent now: the next version, from the review's current findings and the facts
 * its pages record. `today` (London) decides which board actions are overdue at submission.
 */
export async function buildReturnFor(db: Executor, reviewId: string, today: string): Promise<BuiltReturn> {
  const review = await requireReview(db, reviewId)
  const [instance, findings, agencyNames, register, allowed, publishedReport, last, facts, dates, publishedOn] = await Promise.all([
    instanceId(db), findingsForReturn(db, reviewId), reviewAgencyNames(db, reviewId), registerOf(db, reviewId),
    allowedLeaks(db, reviewId), findPublishedReport(db, reviewId), latestSentReturn(db, reviewId),
    childFactsOf(db, review), returnDates(db, reviewId, review.subject_pseudonym), findPublishedOn(db, reviewId),
  ])
  return buildNationalReturn({
    returnId: returnIdFor(instance, reviewId),
    version: (last?.version ?? 0) + 1,
    sourceInstance: instance,
    review: {
      region: review.region,
      year: reviewYear({ notification: review.notification_date, incident: review.incident_date, decision: review.decision_date, periodTo: review.period_to }),
      methodology: review.methodology,
      child: {
        sex: facts.sex, ethnicity: facts.ethnicity, disability: facts.disability, ageBand: facts.ageBand,
        lookedAfter: facts.lookedAfter, socialCareStatus: facts.socialCareStatus,
      },
      harmType: facts.harmType,
      riskFactors: facts.riskFactors,
      childBorn: dates.childBorn,
      incidentDate: review.incident_date,
      dates: {
        becameAware: dates.becameAware, notification: review.notification_date, rapidReviewSent: dates.rapidReviewSent,
        decision: review.decision_date, published: publishedOn,
      },
      harmCategory: review.harm_category,
      agencyNames,
      publishedReport,
      subjectPseudonym: review.subject_pseudonym,
      boardName: review.board_name,
    },
    findings: findings.map((f) => ({
      kind: f.kind, title: f.title, pattern: f.pattern, howWidespread: f.how_widespread, whyItMatters: f.why_it_matters,
      systemLevel: f.system_level, tags: f.tags, agencyNames: f.agencyNames, boardQuestions: f.boardQuestions,
      nationalAttention: f.national_attention === 1, actionStates: f.actions.map((a) => actionState(a, today)),
    })),
    register,
    allowed: allowed.filter((a): a is AllowedLeak => isLeakKind(a.kind)),
  })
}

export interface ReturnPreview {
  built: BuiltReturn
  publishedReport: string | null
  publishedOn: string | null
  /** The agreed findings in the return's order (F1, F2, ...), with their national attention flags, for marking them. */
  attention: Array<{ id: string; ref: string; title: string; nationalAttention: boolean }>
  /** Versions sent so far, newest first. */
  sent: Array<Pick<NationalReturnSent, 'version' | 'submitted_at' | 'findings'>>
}

/**
 * The national return exactly as it would be submitted now, as the lead reviewer reads it before sending (the page,
 * its confirmation page and the API alike): capability check and audit row here, in one place.
 */
export async function previewReturn(ctx: ServiceContext, viewer: ReviewViewer): Promise<ReturnPreview> {
  requireCapability(viewer, 'national.return')
  const reviewId = viewer.reviewId
  const [built, publishedReport, sent, publishedOn, findings] = await Promise.all([
    buildReturnFor(ctx.db, reviewId, londonDate(ctx.clock.now())), findPublishedReport(ctx.db, reviewId), listSentReturns(ctx.db, reviewId),
    findPublishedOn(ctx.db, reviewId), findingsForReturn(ctx.db, reviewId),
  ])
  await auditRead(ctx, viewer, {
    action: 'national.return.preview', objectType: 'national-return', objectId: reviewId,
    details: { findings: built.document.findings?.length ?? 0, leaks: built.leaks.length },
  })
  const attention = findings.slice(0, RETURN_LIMITS.findings).map((f, i) => ({
    id: f.id, ref: `F${i + 1}`, title: built.document.findings[i]?.title ?? f.title, nationalAttention: f.national_attention === 1,
  }))
  return { built, publishedReport, publishedOn, attention, sent: sent.map((s) => ({ version: s.version, submitted_at: s.submitted_at, findings: s.findings })) }
}

/** The leak scan's findings as error details: where each is and what kind, with the words around it. */
function leakDetails(built: BuiltReturn) {
  return built.leaks.map((leak) => ({ path: leak.path, message: `${LEAK_LABELS[leak.kind]} in ${leak.path}: “${leak.excerpt}”` }))
}

/** A fingerprint of exactly what would be sent: the confirmation page carries it, and sending checks it. */
export function returnDigest(document: NationalReturn): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('hex')
}

/** What the lead reviewer confirmed: the version and the digest of the document shown on the confirmation page. */
export interface ConfirmedReturn {
  version: number
  digest: string | null
}

export const RETURN_CHANGED = 'The national return changed since you checked it, so nothing was sent. Check what will now be sent, then send it.'

/**
 * Submits the return: refused (409) while the leak scan finds any identifying detail in it. Stored locally
 * as sent, and filed into this instance's national store, in one transaction with its audit row. With
 * `confirmed`, only exactly the document the lead reviewer checked is sent (StaleEdit otherwise); the stored
 * version's primary key refuses a second submission of the same version.
 */
export async function submitReturn(ctx: ServiceContext, actor: Actor, reviewId: string, confirmed: ConfirmedReturn | null = null): Promise<{ returnId: string; version: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const built = await buildReturnFor(trx, reviewId, londonDate(ctx.clock.now()))
    if (confirmed && (confirmed.version !== built.document.version || (confirmed.digest !== null && confirmed.digest !== returnDigest(built.document)))) {
      throw new StaleEdit(RETURN_CHANGED)
    }
    if (built.problems.length > 0) {
      throw new BadInput('The national return was not sent: a fact recorded for the review contradicts its own dates. Correct it, then submit again.',
        built.problems, 'inconsistent-facts')
    }
    if (built.leaks.length > 0) {
      throw new RuleBroken('The national return was not sent: the leak scan found identifying details in it. Change the text where they come from, then submit again.',
        leakDetails(built), 'identifying-details')
    }
    const document: NationalReturn = built.document
    const stored = await insertSentReturn(trx, {
      return_id: document.returnId, version: document.version, review_id: reviewId, document: JSON.stringify(document),
      findings: document.findings.length, submitted_by: actor.userId, submitted_at: nowIso(ctx),
    })
    if (!stored) throw new StaleEdit(`Version ${document.version} of this national return was sent by someone else a moment ago, so nothing more was sent. Check the return again.`)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'national.return.submit', reviewId, objectType: 'national-return', objectId: document.returnId,
      details: { version: document.version, findings: document.findings.length },
    })
    await fileReturnInTransaction(trx, ctx, actor, document, 'local')
    return { returnId: document.returnId, version: document.version }
  })
}

/** Checks and normalises the published report's web address; empty clears it. */
export function readReportLink(raw: string): string | null {
  const value = raw.trim()
  if (value === '') return null
  const problem = (message: string) => new BadInput('The web address is not valid', [{ path: 'publishedReport', message }])
  if (value.length > RETURN_LIMITS.publishedReport) throw problem(`Enter a web address of ${RETURN_LIMITS.publishedReport} characters or fewer`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw problem('Enter the full web address of the published report, starting https://')
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || /\s/.test(value)) throw problem('Enter the full web address of the published report, starting https://')
  return url.toString()
}

/**
 * Records where the report is published and, when given, the day it was published (the return's decision to
 * publication time). Empty clears either; both are checked before either is saved.
 */
export async function setPublishedReport(ctx: ServiceContext, actor: Actor, reviewId: string, raw: string, publishedOnRaw?: string): Promise<string | null> {
  const url = readReportLink(raw)
  let publishedOn: string | null | undefined
  if (publishedOnRaw !== undefined) {
    const details: ErrorDetail[] = []
    publishedOn = publishedOnRaw.trim() === '' ? null : parseIsoDate(publishedOnRaw, 'publishedOn', 'Date the report was published', details)
    if (publishedOn && publishedOn > londonDate(ctx.clock.now())) details.push({ path: 'publishedOn', message: 'Date the report was published must be today or in the past' })
    if (details.length > 0) throw new BadInput('The publication date is not valid', details)
  }
  await ctx.db.transaction().execute(async (trx) => {
    await requireReview(trx, reviewId)
    await savePublishedReport(trx, reviewId, url, actor.userId, nowIso(ctx))
    if (publishedOn !== undefined) await savePublishedOn(trx, reviewId, publishedOn, actor.userId, nowIso(ctx))
    await recordAudit(trx, ctx.clock, actor, {
      action: 'national.return.report-link', reviewId, objectType: 'review', objectId: reviewId,
      details: { set: url !== null, ...(publishedOn !== undefined ? { publishedOn } : {}) },
    })
  })
  return url
}

/** The review's findings with their national attention flags, for the national return page. */
export async function setNationalAttention(ctx: ServiceContext, actor: Actor, reviewId: string, findingIds: readonly string[]): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    await requireReview(trx, reviewId)
    const agreed = (await findingsForReturn(trx, reviewId)).map((f) => f.id)
    const unknown = findingIds.find((id) => !agreed.includes(id))
    if (unknown !== undefined) throw new BadInput('Choose findings of this review', [{ path: 'nationalAttention', message: 'Choose from the agreed findings listed' }])
    const marked = new Set(findingIds)
    await saveNationalAttention(trx, reviewId, agreed.map((id) => ({ id, flag: marked.has(id) })))
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'national.return.attention', reviewId, objectType: 'review', objectId: reviewId, details: { findings: marked.size } })
    return marked.size
  })
}

/** The latest version as sent, for passing to a national instance as a file. Audited as an export. */
export async function downloadSentReturn(ctx: ServiceContext, actor: Actor, reviewId: string): Promise<{ filename: string; body: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    const sent = await latestSentReturn(trx, reviewId)
    if (!sent) throw new NotFound('No national return has been submitted for this review yet, so there is nothing to download.')
    await recordAudit(trx, ctx.clock, actor, {
      action: 'national.return.download', reviewId, objectType: 'national-return', objectId: sent.return_id, details: { version: sent.version },
    })
    return { filename: `national-return-${sent.return_id.slice(0, 8)}-v${sent.version}.json`, body: sent.document }
  })
}
