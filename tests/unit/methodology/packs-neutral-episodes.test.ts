// Learning Together: key practice episodes are neutral (good practice and problematic practice alike), so the
// pack's own guidance must not describe them as missed opportunities.
import { describe, expect, it } from 'vitest'
import { checkLanguage } from '../../../methodology/language/language-check.js'
import { learningTogether } from '../../../methodology/packs/learning-together.js'

describe('key practice episode guidance', () => {
  const stage = learningTogether.stages.find((s) => s.key === 'key-practice-episodes')!
  it('calls episodes neutral and includes good practice', () => {
    const text = stage.guidance.join(' ')
    expect(text).toMatch(/neutral/)
    expect(text).toMatch(/good practice/)
  })
  it('has no missed-opportunity framing the language check would flag', () => {
    expect(stage.guidance.flatMap((g) => checkLanguage(g)).filter((i) => /missed|opportunit/i.test(i.phrase)).map((i) => i.phrase)).toEqual([])
  })
})
