// The language check for the narrative fields of any form (appraisals, contributory factors, map labels, board
// responses): each field's issues, ready for the language-issues partial under that field. Pure; no dismissals
// here (those belong to findings, where the lead reviewer agrees the wording).
import { checkLanguage } from '../../methodology/language/language-check.js'
import { LANGUAGE_CATEGORY_LABELS } from '../../methodology/language/language-rules.js'

export interface NarrativeLanguageIssue {
  category: string
  categoryLabel: string
  phrase: string
  sentence: string
  reason: string
  suggestion: string
}

/** Issues by field name, for the fields given; a field with nothing flagged gets an empty list. */
export function narrativeLanguage(fields: Readonly<Record<string, string | null | undefined>>): Record<string, NarrativeLanguageIssue[]> {
  const result: Record<string, NarrativeLanguageIssue[]> = {}
  for (const [field, text] of Object.entries(fields)) {
    result[field] = checkLanguage(text ?? '').map((i) => ({
      category: i.category, categoryLabel: LANGUAGE_CATEGORY_LABELS[i.category], phrase: i.phrase, sentence: i.sentence, reason: i.reason, suggestion: i.suggestion,
    }))
  }
  return result
}

/** The browser module that re-runs the check as people type; pages with checked fields add it to their scripts. */
export const LANGUAGE_CHECK_SCRIPT = 'language-check.js'
