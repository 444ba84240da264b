import { describe, it, expect } from 'vitest'
import { splitSentences } from '../../../../methodology/language/sentences.js'
import { findQuotedSpans } from '../../../../methodology/language/quoted-spans.js'
import { gerund } from '../../../../methodology/language/language-rules.js'

function sentences(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end))
}

function quotes(text: string): string[] {
  return findQuotedSpans(text).map((s) => text.slice(s.start, s.end))
}

describe('splitSentences', () => {
  it('splits at end punctuation before a capital, a quote or a digit, and at blank lines', () => {
    expect(sentences('One. Two? Three!\n\nFour\nstill four. “Five.” 6 is six')).toEqual([
      'One.', 'Two?', 'Three!', 'Four\nstill four.', '“Five.”', '6 is six',
    ])
  })

  it('does not split after a title or a Latin abbreviation', () => {
    expect(sentences('Dr. Shah saw Child D. Mrs. Green, i.e. The aunt, was there.')).toEqual([
      'Dr. Shah saw Child D.', 'Mrs. Green, i.e. The aunt, was there.',
    ])
  })

  it('starts a new sentence at each list item', () => {
    expect(sentences('Questions:\n- first one\n* second one\n1. third one\n2) fourth')).toEqual([
      'Questions:', '- first one', '* second one', '1. third one', '2) fourth',
    ])
  })
})

describe('findQuotedSpans', () => {
  it('finds curly, straight and single quotes', () => {
    expect(quotes('a “one” b "two" c ‘three’ d \'four\' e «five»')).toEqual(['“one”', '"two"', '‘three’', "'four'", '«five»'])
  })

  it('tells apostrophes from closing single quotes', () => {
    expect(quotes('The GP’s view: ‘I didn’t think she’d go.’ Later the parents\' view changed.')).toEqual([
      '‘I didn’t think she’d go.’',
    ])
  })

  it('drops a quote left open at a blank line', () => {
    expect(quotes('He said "this\n\nand "that"')).toEqual(['"that"'])
  })

  it('treats a Markdown block quote line as quoted', () => {
    expect(quotes('Intro\n> Quoted line\nAfter')).toEqual(['> Quoted line'])
    expect(quotes('> First line quoted')).toEqual(['> First line quoted'])
  })
})

describe('gerund', () => {
  it.each([
    ['share', 'sharing'], ['refer', 'referring'], ['stop', 'stopping'], ['see', 'seeing'], ['visit', 'visiting'],
    ['identify', 'identifying'], ['act', 'acting'], ['be', 'being'], ['lie', 'lying'], ['follow', 'following'],
  ])('%s becomes %s', (verb, expected) => {
    expect(gerund(verb)).toBe(expected)
  })
})
