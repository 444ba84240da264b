import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { compareTagging, kappaFromTable } from '../../../../methodology/typology/agreement.js'
import type { FamilyAgreement, TaggedFinding } from '../../../../methodology/typology/agreement.js'
import { TYPOLOGY_V1 } from '../../../../methodology/typology/typology-v1.js'

function family(report: ReturnType<typeof compareTagging>, code: string): FamilyAgreement {
  const found = report.families.find((f) => f.family === code)
  if (found === undefined) throw new Error(`no family ${code}`)
  return found
}

/** Findings f1..fn where each reviewer either used a code of MAI (MAI-1) or a code of MGT (MGT-2). */
function mai(first: boolean[], second: boolean[]): TaggedFinding[] {
  return first.map((a, i) => ({
    findingId: `f${i + 1}`,
    first: [a ? 'MAI-1' : 'MGT-2'],
    second: [second[i] ? 'MAI-1' : 'MGT-2'],
  }))
}

describe('Cohen’s kappa per family', () => {
  it('is 1 for perfect agreement', () => {
    // MAI used by both on f1–f3 and by neither on f4–f6.
    // observed = 6/6 = 1; each reviewer says yes 3/6, so expected = 0.5·0.5 + 0.5·0.5 = 0.5;
    // kappa = (1 − 0.5) / (1 − 0.5) = 1.
    const yes = [true, true, true, false, false, false]
    const result = family(compareTagging(mai(yes, yes), TYPOLOGY_V1), 'MAI')
    expect(result).toMatchObject({ n: 6, observed: 1, expected: 0.5, kappa: 1, strength: 'almost perfect', explanation: null })
    expect(result.table).toEqual({ both: 3, firstOnly: 0, secondOnly: 0, neither: 3, markerDiffers: 0 })
  })

  it('is 0 when agreement is exactly what chance predicts', () => {
    // first: yes yes no no; second: yes no yes no (plus two more findings repeating the pattern to reach the minimum).
    // Over 8 findings: both 2, first only 2, second only 2, neither 2.
    // observed = 4/8 = 0.5; each says yes half the time, expected = 0.5; kappa = (0.5 − 0.5) / 0.5 = 0.
    const first = [true, true, false, false, true, true, false, false]
    const second = [true, false, true, false, true, false, true, false]
    const result = family(compareTagging(mai(first, second), TYPOLOGY_V1), 'MAI')
    expect(result).toMatchObject({ n: 8, observed: 0.5, expected: 0.5, kappa: 0, strength: 'slight' })
  })

  it('matches a worked 2×2 example', () => {
    // 50 findings: both 20, first only 5, second only 10, neither 15.
    // observed = (20 + 15) / 50 = 0.70
    // first says yes 25/50 = 0.5, second says yes 30/50 = 0.6
    // expected = 0.5·0.6 + 0.5·0.4 = 0.30 + 0.20 = 0.50
    // kappa = (0.70 − 0.50) / (1 − 0.50) = 0.40
    const first = [...Array(20).fill(true), ...Array(5).fill(true), ...Array(10).fill(false), ...Array(15).fill(false)] as boolean[]
    const second = [...Array(20).fill(true), ...Array(5).fill(false), ...Array(10).fill(true), ...Array(15).fill(false)] as boolean[]
    const result = family(compareTagging(mai(first, second), TYPOLOGY_V1), 'MAI')
    expect(result.table).toEqual({ both: 20, firstOnly: 5, secondOnly: 10, neither: 15, markerDiffers: 0 })
    expect(result.observed).toBeCloseTo(0.7, 12)
    expect(result.expected).toBeCloseTo(0.5, 12)
    expect(result.kappa).toBeCloseTo(0.4, 12)
    expect(result.strength).toBe('fair')
  })

  it('is −1 when the reviewers disagree on every finding with balanced answers', () => {
    // first: yes×3 then no×3; second the reverse. observed = 0; expected = 0.5; kappa = (0 − 0.5) / 0.5 = −1.
    const first = [true, true, true, false, false, false]
    const result = family(compareTagging(mai(first, first.map((x) => !x)), TYPOLOGY_V1), 'MAI')
    expect(result).toMatchObject({ observed: 0, expected: 0.5, kappa: -1, strength: 'less than chance' })
  })

  it('matches a second worked example with unequal rates', () => {
    // 10 findings: both 6, first only 1, second only 0, neither 3.
    // observed = 9/10 = 0.9; first yes 7/10, second yes 6/10;
    // expected = 0.7·0.6 + 0.3·0.4 = 0.42 + 0.12 = 0.54; kappa = (0.9 − 0.54) / 0.46 = 0.36 / 0.46 ≈ 0.7826
    const result = kappaFromTable({ both: 6, firstOnly: 1, secondOnly: 0, neither: 3 }, 'MAI')
    expect(result.expected).toBeCloseTo(0.54, 12)
    expect(result.kappa).toBeCloseTo(0.782608695652174, 12)
    expect(result.strength).toBe('substantial')
  })

  it('explains rather than returning NaN when neither reviewer ever used a family', () => {
    const yes = [true, false, true, false, true]
    const result = family(compareTagging(mai(yes, yes), TYPOLOGY_V1), 'FPI')
    expect(result.kappa).toBeNull()
    expect(result.observed).toBe(1)
    expect(result.expected).toBe(1)
    expect(result.explanation).toBe('Neither reviewer used FPI for any finding, so there is no variation for kappa to measure. They agree on all 5.')
  })

  it('explains rather than calculating when there are too few findings', () => {
    const result = family(compareTagging(mai([true, false, true], [true, true, false]), TYPOLOGY_V1), 'MAI')
    expect(result).toMatchObject({ n: 3, kappa: null })
    expect(result.observed).toBeCloseTo(1 / 3, 12)
    expect(result.explanation).toContain('Only 3 findings were tagged by both reviewers')
  })

  it('explains an empty comparison', () => {
    const result = family(compareTagging([], TYPOLOGY_V1), 'TLS')
    expect(result).toMatchObject({ n: 0, kappa: null, explanation: 'No findings were tagged by both reviewers yet.' })
  })

  it('never returns NaN or a kappa outside −1 to 1, for any table', () => {
    const count = fc.nat(30)
    fc.assert(
      fc.property(count, count, count, count, (both, firstOnly, secondOnly, neither) => {
        const r = kappaFromTable({ both, firstOnly, secondOnly, neither }, 'X', 1)
        if (r.kappa === null) expect(r.explanation).not.toBeNull()
        else {
          expect(Number.isNaN(r.kappa)).toBe(false)
          expect(r.kappa).toBeGreaterThanOrEqual(-1 - 1e-12)
          expect(r.kappa).toBeLessThanOrEqual(1 + 1e-12)
        }
      }),
    )
  })
})

describe('disagreements to resolve', () => {
  it('lists each code one reviewer used and the other did not, even within a family both used', () => {
    const report = compareTagging(
      [
        { findingId: 'f1', first: ['MAI-1', 'HRB-2'], second: ['MAI-2', 'HRB-2'] },
        { findingId: 'f2', first: ['TLS-2'], second: ['TLS-2', 'TLS-2'] },
        { findingId: 'f3', first: [], second: ['FPI-3'] },
      ],
      TYPOLOGY_V1,
    )
    expect(report.disagreements.map((d) => [d.findingId, d.code, d.family, d.taggedBy])).toEqual([
      ['f1', 'MAI-1', 'MAI', 'first'],
      ['f1', 'MAI-2', 'MAI', 'second'],
      ['f3', 'FPI-3', 'FPI', 'second'],
    ])
    expect(report.disagreements[2]?.label).toBe('The child not seen or heard')
    // At family level, f1 is agreement on MAI: both used some MAI code.
    expect(family(report, 'MAI').table.both).toBe(1)
  })

  it('counts a family code for its own family and sets unknown codes aside', () => {
    const report = compareTagging([{ findingId: 'f1', first: ['MGT'], second: ['MGT-4', 'ZZZ-9'] }], TYPOLOGY_V1)
    expect(family(report, 'MGT').table.both).toBe(1)
    expect(report.unknownCodes).toEqual([{ findingId: 'f1', code: 'ZZZ-9', taggedBy: 'second' }])
  })

  it('refuses the same finding twice', () => {
    expect(() => compareTagging([{ findingId: 'f1', first: [], second: [] }, { findingId: 'f1', first: [], second: [] }], TYPOLOGY_V1)).toThrow(
      /appears twice/,
    )
  })
})

describe('the helps/hinders marker in the agreement', () => {
  const marked = (effect: 'helps' | 'hinders') => ({ code: 'MAI-1', effect })
  // (With several markers in play, kappa is over the categories "not used", "helps", "hinders": chance agreement is
  // then lower than for "used or not", so the figure differs from the bare codes' even where every marker matches.)
  it('gives the same report for bare codes as for codes all marked one way', () => {
    const e = fc.constantFrom('helps' as const, 'hinders' as const)
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 12 }), e, (rows, effect) => {
      const bare = rows.map(([a, b], i) => ({ findingId: `f${i}`, first: a ? ['MAI-1'] : [], second: b ? ['MAI-1'] : [] }))
      const withMarkers = rows.map(([a, b], i) => ({ findingId: `f${i}`, first: a ? [marked(effect)] : [], second: b ? [marked(effect)] : [] }))
      const x = family(compareTagging(bare, TYPOLOGY_V1), 'MAI')
      const y = family(compareTagging(withMarkers, TYPOLOGY_V1), 'MAI')
      expect(y.table).toEqual(x.table)
      expect(y.observed).toBeCloseTo(x.observed, 12)
      if (x.kappa === null) expect(y.kappa).toBeNull()
      else expect(y.kappa).toBeCloseTo(x.kappa, 12)
    }))
  })

  it('counts a code used by both with different markers as a disagreement, never as agreement', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 10 }), (differ, agree) => {
      const findings = [
        ...Array.from({ length: differ }, (_, i) => ({ findingId: `d${i}`, first: [marked('helps')], second: [marked('hinders')] })),
        ...Array.from({ length: agree }, (_, i) => ({ findingId: `a${i}`, first: [marked('hinders')], second: [marked('hinders')] })),
      ]
      const report = compareTagging(findings, TYPOLOGY_V1, { minItems: 1 })
      const f = family(report, 'MAI')
      expect(f.table).toEqual({ both: agree, firstOnly: 0, secondOnly: 0, neither: 0, markerDiffers: differ })
      expect(f.observed).toBeCloseTo(agree / (differ + agree), 12)
      expect(f.kappa === null || (f.kappa >= -1 && f.kappa < 1)).toBe(true)
      expect(report.disagreements.filter((d) => d.taggedBy === 'both')).toHaveLength(differ)
      expect(report.disagreements.every((d) => d.effects.first === 'helps' && d.effects.second === 'hinders')).toBe(true)
    }))
  })
})
