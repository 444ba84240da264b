// Reading the finding form and building what its page shows: options for every picker, the typology grouped
// by family, and the language issues for each field.
import type { FastifyRequest } from 'fastify'
import { BadInput } from '../../errors.js'
import type { FindingLinkKind } from '../../data/tables/findings.js'
import type { ServiceContext } from '../../services/context.js'
import { linkChoicesFor, parseEvidenceValues, type LinkChoice, type LinkChoices } from '../../services/finding-links.js'
import type { FindingLanguageIssue } from '../../services/finding-language.js'
import { FINDING_KINDS, SYSTEM_LEVEL_OPTIONS, splitTagValue, type FindingInput, type FindingTag } from '../../services/findings.js'
import { researchQuestionsOf } from '../../services/reviews.js'
import { familiesOf, typologyHistory } from '../../services/typology.js'
import type { ReviewViewer } from '../../services/viewer.js'
import { formList, formValues } from '../form-support.js'
import { defaultEffect } from '../../../methodology/typology/tag-effect.js'

/** The board questions box holds one question per line. */
export function questionLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean)
}

/** The form as a finding's input. `check()` refuses evidence values that were not offered (a tampered form). */
export function readFindingForm(request: FastifyRequest): { input: FindingInput; version: number | null; check: () => void } {
  const v = formValues(request)
  const { refs, details } = parseEvidenceValues(formList(request, 'evidence'))
  const version = Number.parseInt(v.version ?? '', 10)
  const codes = formList(request, 'typologyCodes')
  return {
    input: {
      kind: v.kind ?? '', title: v.title ?? '', pattern: v.pattern ?? '', inThisCase: v.inThisCase ?? '', howWidespread: v.howWidespread ?? '',
      whyItMatters: v.whyItMatters ?? '', systemLevel: v.systemLevel ?? '',
      typologyCodes: codes,
      // One pair of radios per code, named effect-<code>, each starting on a choice; only the ticked codes' are read.
      effects: Object.fromEntries(codes.filter((code) => (v[`effect-${code}`] ?? '') !== '').map((code) => [code, v[`effect-${code}`] as string])),
      researchQuestionIds: formList(request, 'researchQuestionIds'),
      kpeIds: formList(request, 'kpeIds'),
      nodeIds: formList(request, 'nodeIds'),
      evidence: refs,
      boardQuestions: questionLines(v.boardQuestions ?? ''),
    },
    version: Number.isNaN(version) ? null : version,
    check: () => {
      if (details.length) throw new BadInput('There is a problem with the finding', details)
    },
  }
}

/** Issues grouped by the form field they belong to (all board questions share one box). */
export function issuesByField(issues: readonly FindingLanguageIssue[]): Record<string, FindingLanguageIssue[]> {
  const out: Record<string, FindingLanguageIssue[]> = {}
  for (const issue of issues) {
    const field = issue.field.startsWith('boardQuestions') ? 'boardQuestions' : issue.field
    ;(out[field] ??= []).push(issue)
  }
  return out
}

/** Evidence choices in groups; the first checkbox carries the field's id so the error summary can link to it. */
function evidenceGroups(links: LinkChoices, selected: readonly string[]): FindingFormModel['evidenceGroups'] {
  let first = true
  const group = (title: string, items: readonly LinkChoice[]) => ({
    title,
    items: items.map((item, i) => {
      const id = first ? 'evidence' : `evidence-${item.value.replace(/[^A-Za-z0-9-]/g, '-')}-${i}`
      first = false
      return { ...item, id, checked: selected.includes(item.value) }
    }),
  })
  return [group('Significant events', links.events), group('Quotes from conversations', links.quotes), group('Supporting documents', links.documents)].filter((g) => g.items.length > 0)
}

export interface FindingFormModel {
  values: FindingInput & { boardQuestionsText: string }
  kindOptions: typeof FINDING_KINDS
  levelOptions: typeof SYSTEM_LEVEL_OPTIONS
  typologyVersion: string
  families: Array<{
    code: string; label: string; description: string; open: boolean
    options: Array<{ id: string; value: string; text: string; hint: string; checked: boolean; effect: string; effectError: string | null }>
  }>
  /** Tags from an earlier typology version, offered so they can be kept or removed. */
  olderTags: Array<{ value: string; text: string; hint: string }>
  researchQuestionOptions: Array<{ value: string; text: string }>
  links: LinkChoices
  evidenceGroups: Array<{ title: string; items: Array<{ id: string; value: string; text: string; checked: boolean }> }>
}

export async function findingFormModel(ctx: ServiceContext, viewer: ReviewViewer, values: FindingInput, existingTags: readonly FindingTag[] = [], fieldErrors: Record<string, string> = {}): Promise<FindingFormModel> {
  const [typology, questions] = await Promise.all([typologyHistory(ctx), researchQuestionsOf(ctx, viewer)])
  const linked: Array<{ kind: FindingLinkKind; id: string }> = [
    ...values.kpeIds.map((id) => ({ kind: 'kpe' as const, id })),
    ...values.nodeIds.map((id) => ({ kind: 'map-node' as const, id })),
    ...values.evidence.map((e) => ({ kind: e.type, id: e.id })),
  ]
  const older = existingTags.filter((t) => !t.current)
  const links = await linkChoicesFor(ctx, viewer, linked)
  return {
    values: { ...values, boardQuestionsText: values.boardQuestions.join('\n') },
    kindOptions: FINDING_KINDS,
    levelOptions: SYSTEM_LEVEL_OPTIONS,
    typologyVersion: typology.current.version,
    families: familiesOf(typology.current).map((f, i) => {
      const options = [
        { value: f.code, text: `${f.code}: the family as a whole, where no specific code fits`, hint: f.description },
        ...f.codes.map((c) => ({ value: c.code, text: `${c.code}: ${c.label}`, hint: c.description })),
      ].map((o, j) => {
        const checked = values.typologyCodes.includes(o.value)
        // The radios start on the finding's kind (good practice helps) so a ticked code always has a marker.
        const effect = values.effects?.[o.value] ?? defaultEffect(values.kind)
        return { ...o, id: i === 0 && j === 0 ? 'typologyCodes' : `code-${o.value}`, checked, effect, effectError: fieldErrors[`effect-${o.value}`] ?? null }
      })
      return { code: f.code, label: f.label, description: f.description, open: options.some((o) => o.checked), options }
    }),
    olderTags: older.map((t) => ({
      value: `${t.code}@${t.version}`,
      text: `${t.code}: ${t.label} (version ${t.version})`,
      hint: `${t.retag?.message ?? ''} Untick it once you have tagged the finding with a version ${typology.current.version} code.`,
    })).concat(
      // A code from an earlier version typed into the form (not one the finding has) stays visible with its error.
      values.typologyCodes
        .filter((v) => splitTagValue(v).version !== null && !older.some((t) => `${t.code}@${t.version}` === v))
        .map((v) => ({ value: v, text: v, hint: '' })),
    ),
    researchQuestionOptions: questions.map((q, i) => ({ value: q.id, text: `${i + 1}. ${q.text}` })),
    links,
    evidenceGroups: evidenceGroups(links, values.evidence.map((e) => `${e.type}:${e.id}`)),
  }
}
