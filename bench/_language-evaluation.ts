// Scores the language check against a labelled set: each sentence either names the category it should be
// flagged as, or null for a sentence that must be left alone. Recall counts a to-flag sentence as found when
// anything in it is flagged; a false flag is any issue on a sentence that should have none.
import { readFileSync } from 'node:fs'
import { checkLanguage } from '../methodology/language/language-check.js'
import { LANGUAGE_CATEGORIES, type LanguageCategory } from '../methodology/language/language-rules.js'

export interface LabelledSentence {
  text: string
  expect: LanguageCategory | null
  /** For a sentence to leave alone: the category whose false friend it is. */
  near?: LanguageCategory
}

export interface EvaluationScore {
  toFlag: number
  found: number
  rightCategory: number
  toLeave: number
  falselyFlagged: number
  misses: LabelledSentence[]
  falseFlags: Array<LabelledSentence & { flagged: string[] }>
}

export function loadSet(file: URL): LabelledSentence[] {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as unknown
  if (!Array.isArray(rows)) throw new Error(`${file.pathname}: expected an array of sentences`)
  return rows.map((row: unknown, i) => {
    const r = row as Partial<LabelledSentence>
    if (typeof r.text !== 'string' || r.text.trim() === '') throw new Error(`${file.pathname} row ${i + 1}: text is missing`)
    if (r.expect !== null && !LANGUAGE_CATEGORIES.includes(r.expect as LanguageCategory)) {
      throw new Error(`${file.pathname} row ${i + 1}: expect must be null or one of ${LANGUAGE_CATEGORIES.join(', ')}`)
    }
    return { text: r.text, expect: r.expect ?? null, ...(r.near ? { near: r.near } : {}) }
  })
}

export function score(set: readonly LabelledSentence[]): EvaluationScore {
  const result: EvaluationScore = { toFlag: 0, found: 0, rightCategory: 0, toLeave: 0, falselyFlagged: 0, misses: [], falseFlags: [] }
  for (const sentence of set) {
    const issues = checkLanguage(sentence.text)
    if (sentence.expect === null) {
      result.toLeave++
      if (issues.length > 0) {
        result.falselyFlagged++
        result.falseFlags.push({ ...sentence, flagged: issues.map((i) => `${i.category}: ${i.phrase}`) })
      }
    } else {
      result.toFlag++
      if (issues.length > 0) result.found++
      else result.misses.push(sentence)
      if (issues.some((i) => i.category === sentence.expect)) result.rightCategory++
    }
  }
  return result
}
