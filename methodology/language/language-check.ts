// Flags hindsight, blame, instruction and certainty phrasing in findings, board questions and report text,
// with a plain reason and a systemic reframing. Quoted speech, negations ("this is not about human error")
// and statements about the review's own stance are left alone: they are evidence or method, not judgement.
import {
  DIRECT_NEGATION,
  LANGUAGE_CATEGORY_FAMILY,
  LANGUAGE_RULES,
  META_STATEMENT,
  REPORTED_SPEECH,
  REVIEW_VOICE,
} from './language-rules.js'
import { JUDGEMENT_RULES } from './judgement-rules.js'
import type { LanguageCategory, LanguageRule, RuleContext } from './language-rules.js'
import { findQuotedSpans, isQuoted } from './quoted-spans.js'
import { spanAt, splitSentences } from './sentences.js'

export type { LanguageCategory } from './language-rules.js'

export interface LanguageIssue {
  /** The whole sentence holding the phrase, as written. */
  sentence: string
  sentenceStart: number
  sentenceEnd: number
  /** Offsets of the phrase in the original text, in UTF-16 code units (JavaScript string indices): text.slice(start, end) === phrase. */
  start: number
  end: number
  phrase: string
  category: LanguageCategory
  /** Which rule matched, e.g. "should-have"; stable, for counting and tests. */
  rule: string
  reason: string
  suggestion: string
  /** 0 for the first flag of this phrase in its sentence, 1 for the second, and so on (keeps issue keys distinct). */
  occurrence: number
}

/** The part of the sentence before the phrase, from the start of its clause: a ; : or dash starts a new one. */
function clauseBefore(text: string, sentenceStart: number, phraseStart: number): string {
  const before = text.slice(sentenceStart, phraseStart)
  const cut = Math.max(before.lastIndexOf(';'), before.lastIndexOf(':'), before.lastIndexOf(' — '), before.lastIndexOf(' – '), before.lastIndexOf(' - '))
  return cut === -1 ? before : before.slice(cut + 1)
}

/** Every rule the check runs: the modal and certainty rules, then the wider judgements. */
export const ALL_LANGUAGE_RULES: readonly LanguageRule[] = [...LANGUAGE_RULES, ...JUDGEMENT_RULES]

/** Words before a colon or dash that introduce someone's words: "The mother's account was blunt: …". */
const SPEECH_INTRODUCTION =
  /\b(?:said|says|told|tells|asked|replied|answered|explained|recalled|reflected|described|wrote|writes|put\s+it|words?|account|accounts|view|verdict|message|comments?|commented|feedback|complained|complaint|description|recollection|summary|stated|states|reported|admitted|acknowledged|remarked|added|insisted|recalls|reflects|explains|believed|felt|said\s+simply|in\s+(?:his|her|their|the\s+\p{L}+['’]s)\s+(?:own\s+)?(?:words|view|account))\b/iu

/** "In her words, …", "As the father put it, …", "according to the mother, …": reported, however punctuated. */
const REPORTED_FRAME =
  /\b(?:[Ii]n\s+(?:his|her|their|my|our|the\s+\p{L}+(?:['’]s)?)\s+(?:own\s+)?words|[Aa]s\s+(?:\p{L}+\s+){1,3}put\s+it|[Aa]ccording\s+to\s+(?:the\s+)?(?:mother|father|parents?|family|child|Child\s+\p{Lu}|carer|grandmother|grandfather|practitioner|social\s+worker|health\s+visitor|teacher|GP|officer|school|nursery|\p{Lu}\p{L}*))\b/u

/** A sentence that names hindsight as a bias instead of using it: "Hindsight makes the pattern look obvious". */
const HINDSIGHT_NAMED =
  /\bhindsight\s+(?:bias|makes|made|can\s+make|lends|gives|distorts)\b|\b(?:only|easy|easier|tempting|natural|risk\s+of|danger\s+of|trap\s+of)\b[^.;]{0,30}\b(?:hindsight|retrospect)\b|\bavoid\p{L}*\s+hindsight\b|\b(?:knowing|knowledge\s+of)\s+the\s+outcome\b/iu

function isReportedAfterColonOrDash(sentenceBefore: string): boolean {
  const cut = Math.max(
    sentenceBefore.lastIndexOf(':'), sentenceBefore.lastIndexOf(' — '), sentenceBefore.lastIndexOf(' – '),
    sentenceBefore.lastIndexOf(' - '), sentenceBefore.lastIndexOf('—'),
  )
  if (cut === -1) return false
  const head = sentenceBefore.slice(0, cut)
  return SPEECH_INTRODUCTION.test(head) && !REVIEW_VOICE.test(head)
}

function isNegatedOrMeta(context: RuleContext, sentenceBefore: string): boolean {
  const before = context.clauseBefore
  if (DIRECT_NEGATION.test(before)) return true
  if (META_STATEMENT.some((pattern) => pattern.test(before))) return true
  if (HINDSIGHT_NAMED.test(context.sentence)) return true
  if (REPORTED_FRAME.test(sentenceBefore)) return true
  if (isReportedAfterColonOrDash(sentenceBefore)) return true
  // Reported words of a practitioner or family member, unless the review itself is the speaker.
  return REPORTED_SPEECH.test(before) && !REVIEW_VOICE.test(before)
}

interface Candidate {
  rule: LanguageRule
  start: number
  end: number
  sentenceStart: number
  sentenceEnd: number
  context: RuleContext
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
}

export function checkLanguage(text: string): LanguageIssue[] {
  if (text.trim() === '') return []
  const sentences = splitSentences(text)
  const quoted = findQuotedSpans(text)
  const candidates: Candidate[] = []
  for (const rule of ALL_LANGUAGE_RULES) {
    for (const match of text.matchAll(rule.pattern)) {
      const start = match.index
      const end = start + match[0].length
      const sentence = spanAt(sentences, start)
      // A phrase split across two sentences or paragraphs is not one phrase.
      if (sentence === null || end > sentence.end) continue
      if (isQuoted(quoted, start, end)) continue
      const context: RuleContext = {
        clauseBefore: clauseBefore(text, sentence.start, start),
        after: text.slice(end, sentence.end),
        phrase: match[0],
        sentence: text.slice(sentence.start, sentence.end),
      }
      if (isNegatedOrMeta(context, text.slice(sentence.start, start))) continue
      if (rule.accept !== undefined && !rule.accept(context)) continue
      candidates.push({ rule, start, end, sentenceStart: sentence.start, sentenceEnd: sentence.end, context })
    }
  }
  // Where phrases overlap, the earlier and then the longer wins ("clearly missed" over "clearly").
  candidates.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: Candidate[] = []
  for (const candidate of candidates) {
    const last = kept[kept.length - 1]
    if (last !== undefined && candidate.start < last.end) continue
    kept.push(candidate)
  }
  const seen = new Map<string, number>()
  return kept.map((c) => {
    const phrase = c.context.phrase
    const counter = `${c.sentenceStart}\u0000${normalise(phrase)}`
    const occurrence = seen.get(counter) ?? 0
    seen.set(counter, occurrence + 1)
    return {
      sentence: c.context.sentence,
      sentenceStart: c.sentenceStart,
      sentenceEnd: c.sentenceEnd,
      start: c.start,
      end: c.end,
      phrase,
      category: c.rule.category,
      rule: c.rule.id,
      reason: c.rule.reason,
      suggestion: typeof c.rule.suggestion === 'string' ? c.rule.suggestion : c.rule.suggestion(c.context),
      occurrence,
    }
  })
}

/** 53-bit string hash (cyrb53): short, stable keys without a crypto dependency. Not for security. */
function hash(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

/** An issue as the JSON API gives it: where it is, what kind, why, and what to write instead. */
export interface LanguageIssueSummary {
  start: number
  end: number
  category: LanguageCategory
  message: string
  suggestion: string
}

export function summariseIssues(issues: readonly LanguageIssue[]): LanguageIssueSummary[] {
  return issues.map((i) => ({ start: i.start, end: i.end, category: i.category, message: i.reason, suggestion: i.suggestion }))
}

/**
 * A key for remembering a lead reviewer’s dismissal. It depends on the category family, the phrase and its sentence
 * (case, curly quotes and spacing ignored), so it survives edits elsewhere in the text, and changes when the
 * sentence itself is rewritten, which deserves a fresh look.
 */
export function issueKey(issue: Pick<LanguageIssue, 'category' | 'phrase' | 'sentence' | 'occurrence'>): string {
  const phrase = normalise(issue.phrase)
  return `${LANGUAGE_CATEGORY_FAMILY[issue.category]}:${phrase.replace(/[^a-z']+/g, '-')}:${issue.occurrence}:${hash(`${phrase}\u0000${normalise(issue.sentence)}`)}`
}

/** Splits issues into those still open and those a lead reviewer has dismissed (matched by issueKey). */
export function partitionByDismissal<D extends { key: string }>(
  issues: readonly LanguageIssue[],
  dismissals: Iterable<D>,
): { open: LanguageIssue[]; dismissed: Array<{ issue: LanguageIssue; dismissal: D }> } {
  const byKey = new Map<string, D>()
  for (const dismissal of dismissals) byKey.set(dismissal.key, dismissal)
  const open: LanguageIssue[] = []
  const dismissed: Array<{ issue: LanguageIssue; dismissal: D }> = []
  for (const issue of issues) {
    const dismissal = byKey.get(issueKey(issue))
    if (dismissal === undefined) open.push(issue)
    else dismissed.push({ issue, dismissal })
  }
  return { open, dismissed }
}
