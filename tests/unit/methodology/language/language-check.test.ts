import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { checkLanguage, issueKey, partitionByDismissal } from '../../../../methodology/language/language-check.js'
import type { LanguageIssue } from '../../../../methodology/language/language-check.js'
import { TYPOLOGY_V1 } from '../../../../methodology/typology/typology-v1.js'
import { MUST_FLAG, MUST_NOT_FLAG } from './corpus.js'

describe('the corpus', () => {
  it('has at least 40 sentences to flag and 25 to leave alone', () => {
    expect(MUST_FLAG.length).toBeGreaterThanOrEqual(40)
    expect(MUST_NOT_FLAG.length).toBeGreaterThanOrEqual(25)
  })

  it.each(MUST_FLAG.map((example) => [example.phrase, example.category, example.text] as const))(
    'flags "%s" as %s in: %s',
    (phrase, category, text) => {
      const issues = checkLanguage(text)
      expect(issues.map((i) => [i.category, i.phrase])).toContainEqual([category, phrase])
    },
  )

  it.each(MUST_NOT_FLAG.map((example) => [example.why, example.text] as const))('leaves alone (%s): %s', (_why, text) => {
    expect(checkLanguage(text)).toEqual([])
  })

  it('gives every flag a reason and a suggestion in plain words', () => {
    for (const { text } of MUST_FLAG) {
      for (const issue of checkLanguage(text)) {
        expect(issue.reason).toMatch(/^[A-Z].+\.$/)
        expect(issue.suggestion.length).toBeGreaterThan(20)
      }
    }
  })
})

describe('suggestions', () => {
  it('turns "failed to share" into a question about what made sharing harder', () => {
    const [issue] = checkLanguage('The social worker failed to share the plan with the school.')
    expect(issue?.suggestion).toBe(
      'Describe what made sharing harder at the time: what the system asked of them, what they knew, what got in the way.',
    )
  })

  it('offers "was not brought" for a child who "failed to attend"', () => {
    const [issue] = checkLanguage('Child D failed to attend three appointments.')
    expect(issue?.suggestion).toContain('the child was not brought')
  })

  it('turns "must ensure that" into a board assurance question', () => {
    const [issue] = checkLanguage('The partnership must ensure that strategy discussions include health.')
    expect(issue?.suggestion).toContain('"How can the board be assured that strategy discussions include health?"')
  })

  it('turns a simple instruction into a question about how the board can help', () => {
    const [issue] = checkLanguage('GPs need to record who lives in the household.')
    expect(issue?.suggestion).toContain('"How can the board help GPs to record who lives in the household?"')
  })
})

describe('offsets and sentences', () => {
  it('gives offsets into the original text and the whole sentence around the phrase', () => {
    const text = 'The school raised a concern in May.\n\nLater that month the GP failed to refer. Then the health visitor should have visited!'
    const issues = checkLanguage(text)
    expect(issues.map((i) => [i.phrase, i.start, i.end])).toEqual([
      ['failed to', 61, 70],
      ['should have', 102, 113],
    ])
    for (const issue of issues) {
      expect(text.slice(issue.start, issue.end)).toBe(issue.phrase)
      expect(text.slice(issue.sentenceStart, issue.sentenceEnd)).toBe(issue.sentence)
    }
    expect(issues[0]?.sentence).toBe('Later that month the GP failed to refer.')
    expect(issues[1]?.sentence).toBe('Then the health visitor should have visited!')
  })

  it('counts offsets in JavaScript string units, so text after an emoji still lines up', () => {
    const text = '🙂🙂 The worker failed to visit.'
    const [issue] = checkLanguage(text)
    expect(issue?.start).toBe(text.indexOf('failed'))
    expect(text.slice(issue?.start, issue?.end)).toBe('failed to')
  })

  it('finds a phrase broken across a line, including Windows line endings', () => {
    const text = 'The duty worker should\r\nhave phoned the police.'
    const [issue] = checkLanguage(text)
    expect(issue).toMatchObject({ phrase: 'should\r\nhave', category: 'hindsight' })
  })

  it('does not join words across a blank line into one phrase', () => {
    expect(checkLanguage('The plan failed\n\nTo do list for the team')).toEqual([])
  })

  it('keeps "e.g." and lower-case continuations inside one sentence', () => {
    const [issue] = checkLanguage('Agencies, e.g. Health and the police, failed to meet.')
    expect(issue?.sentence).toBe('Agencies, e.g. Health and the police, failed to meet.')
  })

  it('treats each bullet of a list as its own sentence', () => {
    const text = 'The board asked:\n- how thresholds are set\n- why the GP failed to refer'
    const [issue] = checkLanguage(text)
    expect(issue?.sentence).toBe('- why the GP failed to refer')
  })

  it('checks each sentence on its own merits: a negation in one sentence does not excuse the next', () => {
    const issues = checkLanguage('This is not about blame. The social worker failed to share.')
    expect(issues.map((i) => i.phrase)).toEqual(['failed to'])
  })

  it('ignores a Markdown block quote and checks the line after it', () => {
    const issues = checkLanguage('> They failed to listen to us.\nThe review team must meet the family.')
    expect(issues.map((i) => i.phrase)).toEqual(['must'])
  })

  it('does not treat an unclosed quotation mark as hiding the rest of the text', () => {
    const issues = checkLanguage('The mother said "it was fine.\n\nThe GP failed to refer.')
    expect(issues.map((i) => i.phrase)).toEqual(['failed to'])
  })

  it('reports "clearly missed" once rather than as two flags', () => {
    const issues = checkLanguage('The nursery clearly missed the bruising.')
    expect(issues.map((i) => i.phrase)).toEqual(['clearly missed'])
  })

  it('returns issues in text order', () => {
    const issues = checkLanguage('Obviously the GP should have referred, and the school failed to share.')
    expect(issues.map((i) => i.category)).toEqual(['certainty', 'hindsight', 'blame'])
  })

  it('returns nothing for empty text', () => {
    expect(checkLanguage('')).toEqual([])
    expect(checkLanguage('  \n ')).toEqual([])
  })
})

// Sentences from the corpus joined with assorted whitespace: the check of the whole must be exactly the checks
// of the parts, moved to where each part landed. This tests offsets and sentence splitting together.
const corpusSentence = fc.constantFrom(...MUST_FLAG.map((e) => e.text), ...MUST_NOT_FLAG.map((e) => e.text))
const separator = fc.constantFrom(' ', '  ', '\n', '\r\n', '\n\n', '\n\n\n')

describe('properties', () => {
  it('checking joined sentences gives the same issues as checking each sentence alone', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(corpusSentence, separator), { minLength: 1, maxLength: 8 }), (parts) => {
        let text = ''
        const expected: Array<Pick<LanguageIssue, 'phrase' | 'category' | 'start' | 'end' | 'sentence'>> = []
        for (const [sentence, gap] of parts) {
          const offset = text.length
          for (const issue of checkLanguage(sentence)) {
            expected.push({ phrase: issue.phrase, category: issue.category, start: issue.start + offset, end: issue.end + offset, sentence: issue.sentence })
          }
          text += sentence + gap
        }
        const actual = checkLanguage(text).map(({ phrase, category, start, end, sentence }) => ({ phrase, category, start, end, sentence }))
        expect(actual).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  })

  it('never throws and always gives offsets that point at the phrase, whatever the text', () => {
    const words = fc.constantFrom('should', 'have', 'failed', 'to', 'must', 'clearly', '“', '”', '"', "'", '‘', '’', '.', '\n', ' ', 'not', 'If', 'only', 'e.g.', '🙂', '>', '-')
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(words, { maxLength: 40 }).map((w) => w.join(' '))), (text) => {
        for (const issue of checkLanguage(text)) {
          expect(text.slice(issue.start, issue.end)).toBe(issue.phrase)
          expect(text.slice(issue.sentenceStart, issue.sentenceEnd)).toBe(issue.sentence)
          expect(issue.start).toBeGreaterThanOrEqual(issue.sentenceStart)
          expect(issue.end).toBeLessThanOrEqual(issue.sentenceEnd)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('issueKey and dismissals', () => {
  const sentence = 'The GP failed to refer the family to early help.'

  it('stays the same when other text around the sentence changes', () => {
    const [before] = checkLanguage(sentence)
    const [after] = checkLanguage(`A new opening paragraph.\n\nAnother sentence. ${sentence} A closing line.`)
    expect(before && after && issueKey(after)).toBe(before && issueKey(before))
  })

  it('ignores changes of case, curly quotes and spacing in the sentence', () => {
    const [a] = checkLanguage('The GP’s locum failed to refer.')
    const [b] = checkLanguage("the GP's  locum\nFAILED TO refer.")
    expect(a && b && issueKey(b)).toBe(a && issueKey(a))
  })

  it('changes when the sentence itself is rewritten', () => {
    const [a] = checkLanguage(sentence)
    const [b] = checkLanguage('The GP failed to refer the family to the school nurse.')
    expect(a && b && issueKey(b)).not.toBe(a && issueKey(a))
  })

  it('tells apart two uses of the same phrase in one sentence', () => {
    const issues = checkLanguage('The GP failed to refer and the school failed to refer.')
    expect(issues.map((i) => i.occurrence)).toEqual([0, 1])
    expect(new Set(issues.map(issueKey)).size).toBe(2)
  })

  it('splits issues into open and dismissed, keeping the dismissal with its issue', () => {
    const text = `${sentence} Agencies must share information.`
    const issues = checkLanguage(text)
    const mustIssue = issues.find((i) => i.phrase === 'must') as LanguageIssue
    const dismissal = { key: issueKey(mustIssue), reason: 'Quoting the statutory guidance' }
    const { open, dismissed } = partitionByDismissal(checkLanguage(`Preface. ${text}`), [dismissal])
    expect(open.map((i) => i.phrase)).toEqual(['failed to'])
    expect(dismissed.map((d) => [d.issue.phrase, d.dismissal.reason])).toEqual([['must', 'Quoting the statutory guidance']])
  })
})

describe('our own text', () => {
  it('the typology’s labels, descriptions and examples pass the language check', () => {
    const flagged = TYPOLOGY_V1.codes.flatMap((c) =>
      [c.label, c.description, ...c.examples].flatMap((text) => checkLanguage(text).map((i) => `${c.code}: ${i.phrase}`)),
    )
    expect(flagged).toEqual([])
  })
})
