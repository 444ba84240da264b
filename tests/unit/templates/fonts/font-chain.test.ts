import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { chainCovers, fontRuns, primaryFontName } from '../../../../templates/fonts/font-chain.js'

describe('the report font chain', () => {
  it('keeps plain English text in one run of the main font', () => {
    expect(fontRuns('Child M’s health visitor – 12 June 2020 £5', 'regular')).toEqual([{ font: 'Report-Regular', text: 'Child M’s health visitor – 12 June 2020 £5' }])
    expect(fontRuns('Bold heading', 'bold')).toEqual([{ font: primaryFontName('bold'), text: 'Bold heading' }])
  })

  it('sends Chinese to the CJK font and emoji to the emoji font, keeping Cyrillic, Greek, Arabic and Hebrew in the main font', () => {
    const runs = fontRuns('Кириллица ελληνικά العربية עברית 中文 👍', 'regular')
    // A space stays in the run it follows.
    expect(runs.map((r) => r.font)).toEqual(['Report-Regular', 'Report-CJK', 'Report-Emoji'])
    expect(runs[1]?.text).toBe('中文 ')
  })

  it('keeps a skin-tone modifier and a variation selector with the emoji they change', () => {
    const runs = fontRuns('ok 👍🏽 and ❤️', 'regular')
    const emoji = runs.find((r) => r.font === 'Report-Emoji')
    expect(emoji?.text.startsWith('👍🏽')).toBe(true)
    expect(runs.map((r) => r.text).join('')).toBe('ok 👍🏽 and ❤️')
  })

  it('covers the scripts the report promises and admits what it cannot draw', () => {
    expect(chainCovers('Кириллица ελληνικά العربية עברית 中文汉字 日本語のかな 😀👍🏽')).toBe(true)
    expect(chainCovers('\u{1D11E}\u{13000}')).toBe(false) // a musical symbol and a hieroglyph
  })

  it('never loses or reorders a character, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      const runs = fontRuns(text, 'regular')
      expect(runs.map((r) => r.text).join('')).toBe(text)
      for (let i = 1; i < runs.length; i++) expect(runs[i]?.font).not.toBe(runs[i - 1]?.font)
    }), { numRuns: 300 })
  })
})
