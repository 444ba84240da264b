// The language check applied to a finding's own words and its board questions, with the lead reviewer's
// dismissals (remembered review-wide by issue key) taken into account.
import { checkLanguage, issueKey, type LanguageIssue } from '../../methodology/language/language-check.js'
import { LANGUAGE_CATEGORY_LABELS } from '../../methodology/language/language-rules.js'
import { BadInput, NotFound, StaleEdit } from '../errors.js'
import { listLanguageDismissals, deleteLanguageDismissal, upsertLanguageDismissal } from '../data/language-dismissals.js'
import { findFinding, listBoardQuestions, updateFindingAtVersion } from '../data/findings.js'
import type { BoardQuestion, Executor, Finding } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import type { ReviewViewer } from './viewer.js'

/** Not the access 404's words: the review is visible, only this finding is missing. */
export const NO_SUCH_FINDING = 'There is no such finding in this review. It may have been deleted.'

/** The parts of a finding the reviewers write, in the order they appear, with the labels the form uses. */
export const CHECKED_FIELDS = [
  { field: 'title', label: 'Title', column: 'title' },
  { field: 'pattern', label: 'The systemic pattern', column: 'pattern' },
  { field: 'inThisCase', label: 'How it showed in this case', column: 'in_this_case' },
  { field: 'howWidespread', label: 'How widespread it is', column: 'how_widespread' },
  { field: 'whyItMatters', label: 'Why it matters', column: 'why_it_matters' },
] as const

export interface CheckedText {
  field: string
  label: string
  text: string
}

export interface FindingLanguageIssue {
  /** Which part of the finding: a form field name, or `boardQuestions[1]`. */
  field: string
  fieldLabel: string
  key: string
  category: LanguageIssue['category']
  categoryLabel: string
  rule: string
  phrase: string
  sentence: string
  reason: string
  suggestion: string
  /** Set when the lead reviewer has dismissed this issue. */
  dismissal: { reason: string; by: string | null; at: string } | null
}

export interface DismissalRecord {
  key: string
  reason: string
  by_name: string | null
  dismissed_at: string
}

export function findingTexts(finding: Pick<Finding, 'title' | 'pattern' | 'in_this_case' | 'how_widespread' | 'why_it_matters'>, questions: readonly string[]): CheckedText[] {
  return [
    ...CHECKED_FIELDS.map((f) => ({ field: f.field, label: f.label, text: finding[f.column] })),
    ...questions.map((text, i) => ({ field: `boardQuestions[${i}]`, label: `Question for the board ${i + 1}`, text })),
  ]
}

/** Every issue in the texts, each marked dismissed or not. */
export function checkTexts(texts: readonly CheckedText[], dismissals: Iterable<DismissalRecord>): FindingLanguageIssue[] {
  const byKey = new Map<string, DismissalRecord>()
  for (const d of dismissals) byKey.set(d.key, d)
  const issues: FindingLanguageIssue[] = []
  for (const t of texts) {
    for (const issue of checkLanguage(t.text)) {
      const key = issueKey(issue)
      const d = byKey.get(key)
      issues.push({
        field: t.field, fieldLabel: t.label, key, category: issue.category, categoryLabel: LANGUAGE_CATEGORY_LABELS[issue.category],
        rule: issue.rule, phrase: issue.phrase, sentence: issue.sentence, reason: issue.reason, suggestion: issue.suggestion,
        dismissal: d ? { reason: d.reason, by: d.by_name, at: d.dismissed_at } : null,
      })
    }
  }
  return issues
}

export function questionsOf(questions: readonly BoardQuestion[], findingId: string): BoardQuestion[] {
  return questions.filter((q) => q.finding_id === findingId).sort((a, b) => a.position - b.position)
}

/** Language issues for each finding of a review (open and dismissed), by finding id. */
export async function languageIssuesByFinding(db: Executor, reviewId: string, findings: readonly Finding[]): Promise<Map<string, FindingLanguageIssue[]>> {
  const [questions, dismissals] = await Promise.all([listBoardQuestions(db, reviewId), listLanguageDismissals(db, reviewId)])
  const result = new Map<string, FindingLanguageIssue[]>()
  for (const f of findings) result.set(f.id, checkTexts(findingTexts(f, questionsOf(questions, f.id).map((q) => q.text)), dismissals))
  return result
}

const MAX_REASON = 1000

/** The lead reviewer accepts a flagged phrase, saying why; it stays accepted until the sentence changes. */
export async function dismissLanguageIssue(ctx: ServiceContext, actor: Actor, reviewId: string, findingId: string, key: string, reason: string): Promise<void> {
  const why = reason.trim()
  if (!why) throw new BadInput('Say why this wording is acceptable', [{ path: 'reason', message: 'Enter why this wording is acceptable, for example that it reports what the guidance required' }])
  if (why.length > MAX_REASON) throw new BadInput('The reason is too long', [{ path: 'reason', message: `The reason must be ${MAX_REASON} characters or fewer` }])
  await ctx.db.transaction().execute(async (trx) => {
    const finding = await findFinding(trx, reviewId, findingId)
    if (!finding) throw new NotFound(NO_SUCH_FINDING)
    const questions = questionsOf(await listBoardQuestions(trx, reviewId), findingId).map((q) => q.text)
    const issue = checkTexts(findingTexts(finding, questions), []).find((i) => i.key === key)
    if (!issue) throw new BadInput('This wording is no longer flagged', [{ path: 'reason', message: 'The flagged wording has changed since the page was loaded. Check the finding again.' }])
    await upsertLanguageDismissal(trx, { review_id: reviewId, issue_key: key, phrase: issue.phrase, reason: why, dismissed_by: actor.userId, dismissed_at: nowIso(ctx) })
    await recordAudit(trx, ctx.clock, actor, {
      action: 'language.dismiss', reviewId, objectType: 'finding', objectId: findingId,
      details: { key, category: issue.category, rule: issue.rule, field: issue.field, reason: why },
    })
  })
}

/** Undoes a dismissal, so the phrase is flagged again. */
export async function restoreLanguageIssue(ctx: ServiceContext, actor: Actor, reviewId: string, findingId: string, key: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const finding = await findFinding(trx, reviewId, findingId)
    if (!finding) throw new NotFound(NO_SUCH_FINDING)
    const removed = await deleteLanguageDismissal(trx, reviewId, key)
    if (removed === 0) throw new NotFound('That dismissal does not exist')
    // The flag is open again, so an agreed finding no longer meets the rule for agreeing: back to draft.
    const returnedToDraft = finding.status === 'agreed'
    if (returnedToDraft && !(await updateFindingAtVersion(trx, findingId, finding.version, { status: 'draft', agreed_by: null, agreed_at: null, updated_at: nowIso(ctx) }))) {
      throw new StaleEdit('Someone else saved this finding since you opened it. Open it again and check the flag.')
    }
    await recordAudit(trx, ctx.clock, actor, { action: 'language.restore', reviewId, objectType: 'finding', objectId: findingId, details: { key, returnedToDraft } })
  })
}

/** The lead reviewer's dismissals of flagged wording in this viewer's review (what the finding form checks against). */
export async function languageDismissalsOf(ctx: ServiceContext, viewer: ReviewViewer): Promise<Awaited<ReturnType<typeof listLanguageDismissals>>> {
  return listLanguageDismissals(ctx.db, viewer.reviewId)
}
