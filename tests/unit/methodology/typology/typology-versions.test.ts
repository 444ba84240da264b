import { describe, it, expect } from 'vitest'
import {
  compareVersions,
  explainTranslation,
  isTaggable,
  translateCode,
  validateNewVersion,
  validateTypologyCodes,
} from '../../../../methodology/typology/typology-versions.js'
import type { CrosswalkEntry, TypologyCode, TypologyVersion } from '../../../../methodology/typology/typology-versions.js'
import { TYPOLOGY_V1 } from '../../../../methodology/typology/typology-v1.js'

function code(c: string, parent: string | null = c.includes('-') ? (c.split('-')[0] as string) : null): TypologyCode {
  return { code: c, label: `Label ${c}`, parent, description: `About ${c}`, examples: [] }
}

function same(...codes: string[]): CrosswalkEntry[] {
  return codes.map((c) => ({ from: c, to: [c], change: 'same', note: '' }))
}

// Three versions exercising every kind of change. Hand-traced expectations are in each test.
const v1: TypologyVersion = {
  version: '1.0',
  publishedAt: '2025-01-01',
  codes: ['F', 'F-1', 'F-2', 'F-3', 'F-4', 'G', 'G-1', 'G-3'].map((c) => code(c)),
  crosswalk: null,
}

const v11: TypologyVersion = {
  version: '1.1',
  publishedAt: '2025-06-01',
  codes: ['F', 'F-1', 'F-5', 'F-6', 'F-7', 'G', 'G-2'].map((c) => code(c)),
  crosswalk: [
    ...same('F', 'F-1', 'G'),
    { from: 'F-2', to: ['F-5'], change: 'renamed', note: 'Clearer wording' },
    { from: 'F-3', to: ['F-6', 'F-7'], change: 'split', note: 'Two different problems' },
    { from: 'F-4', to: [], change: 'retired', note: 'Rarely used and overlapped with MGT' },
    { from: 'G-1', to: ['G-2'], change: 'merged', note: 'Combined with G-3' },
    { from: 'G-3', to: ['G-2'], change: 'merged', note: 'Combined with G-1' },
  ],
}

const v2: TypologyVersion = {
  version: '2.0',
  publishedAt: '2026-01-01',
  codes: ['F', 'F-6', 'F-8', 'F-9', 'F-10', 'F-11', 'G', 'G-4'].map((c) => code(c)),
  crosswalk: [
    ...same('F', 'F-6', 'G'),
    { from: 'F-1', to: ['F-11'], change: 'renamed', note: '' },
    { from: 'F-5', to: ['F-8'], change: 'merged', note: '' },
    { from: 'F-7', to: ['F-9', 'F-10'], change: 'split', note: '' },
    { from: 'G-2', to: [], change: 'retired', note: 'Now covered by the tools family' },
  ],
}

const all = [v2, v1, v11] // deliberately out of order

describe('compareVersions', () => {
  it('compares dotted numbers numerically', () => {
    expect(compareVersions('1.10', '1.9')).toBe(1)
    expect(compareVersions('1.0', '1')).toBe(0)
    expect(compareVersions('1.1', '2.0')).toBe(-1)
  })
})

describe('translateCode', () => {
  it('follows a rename one version on', () => {
    expect(translateCode('F-2', '1.0', '1.1', all)).toEqual(['F-5'])
  })

  it('follows a rename then a merge across three versions', () => {
    // F-2 → F-5 (renamed in 1.1) → F-8 (merged in 2.0)
    expect(translateCode('F-2', '1.0', '2.0', all)).toEqual(['F-8'])
  })

  it('gives every target of a split, and splits again later', () => {
    expect(translateCode('F-3', '1.0', '1.1', all)).toEqual(['F-6', 'F-7'])
    // F-3 → F-6 (kept in 2.0) and F-7 → F-9, F-10
    expect(translateCode('F-3', '1.0', '2.0', all)).toEqual(['F-6', 'F-9', 'F-10'])
  })

  it('gives the single target of a merge from either side', () => {
    expect(translateCode('G-1', '1.0', '1.1', all)).toEqual(['G-2'])
    expect(translateCode('G-3', '1.0', '1.1', all)).toEqual(['G-2'])
  })

  it('gives no code for a retired one, with the reason available', () => {
    expect(translateCode('F-4', '1.0', '2.0', all)).toEqual([])
    const merged = explainTranslation('G-1', '1.0', '2.0', all)
    expect(merged.codes).toEqual([])
    expect(merged.retired).toEqual([{ code: 'G-2', version: '2.0', note: 'Now covered by the tools family' }])
    expect(merged.steps.map((s) => `${s.from}:${s.change}`)).toEqual(['G-1:merged', 'G-2:retired'])
  })

  it('carries unchanged codes through and leaves a code alone within its own version', () => {
    expect(translateCode('F', '1.0', '2.0', all)).toEqual(['F'])
    expect(translateCode('F-4', '1.0', '1.0', all)).toEqual(['F-4'])
  })

  it('explains a code that was never in the starting version', () => {
    const result = explainTranslation('F-9', '1.0', '2.0', all)
    expect(result.codes).toEqual([])
    expect(result.unknown).toContain("'F-9' is not a code in typology version 1.0")
  })

  it('refuses to translate backwards or through an unknown version', () => {
    expect(() => translateCode('F-8', '2.0', '1.0', all)).toThrow(/forwards only/)
    expect(() => translateCode('F-1', '1.0', '3.0', all)).toThrow(/3.0 is not known/)
  })
})

describe('validateNewVersion', () => {
  it('accepts each well-formed version in the chain', () => {
    expect(validateNewVersion(v1, v11)).toEqual([])
    expect(validateNewVersion(v11, v2, [v1, v11])).toEqual([])
  })

  it('names each previous code the crosswalk does not account for', () => {
    const next = { ...v11, crosswalk: (v11.crosswalk ?? []).filter((e) => e.from !== 'F-4' && e.from !== 'G') }
    const messages = validateNewVersion(v1, next).map((d) => d.message)
    expect(messages).toEqual([
      "'F-4' from version 1.0 is not accounted for: map it to its new code or codes, or retire it",
      "'G' from version 1.0 is not accounted for: map it to its new code or codes, or retire it",
    ])
  })

  it('refuses targets missing from the new version, and sources missing from the old one', () => {
    const next: TypologyVersion = {
      ...v11,
      crosswalk: [
        ...(v11.crosswalk ?? []).filter((e) => e.from !== 'F-2'),
        { from: 'F-2', to: ['F-99'], change: 'renamed', note: '' },
        { from: 'Z-1', to: ['F-5'], change: 'renamed', note: '' },
      ],
    }
    const details = validateNewVersion(v1, next)
    expect(details).toContainEqual({ path: 'crosswalk[7].to[0]', message: "'F-99' is not a code in version 1.1" })
    expect(details).toContainEqual({ path: 'crosswalk[8].from', message: "'Z-1' is not a code in version 1.0" })
  })

  it('checks that each kind of change has the right number of targets', () => {
    const next: TypologyVersion = {
      ...v11,
      crosswalk: [
        ...same('F', 'F-1', 'G'),
        { from: 'F-2', to: ['F-5', 'F-6'], change: 'renamed', note: '' },
        { from: 'F-3', to: ['F-6'], change: 'split', note: '' },
        { from: 'F-4', to: [], change: 'retired', note: ' ' },
        { from: 'G-1', to: [], change: 'merged', note: '' },
        { from: 'G-3', to: ['G-2'], change: 'same', note: '' },
      ],
    }
    const paths = validateNewVersion(v1, next).map((d) => d.path)
    expect(paths).toEqual(['crosswalk[3].to', 'crosswalk[4].to', 'crosswalk[5].note', 'crosswalk[6].to', 'crosswalk[7].to'])
  })

  it('refuses duplicate codes, missing parents and parents that are not families', () => {
    const next: TypologyVersion = {
      ...v11,
      codes: [...v11.codes, code('F-5'), code('H-1'), code('F-12', 'F-1')],
    }
    const messages = validateNewVersion(v1, next).map((d) => d.message)
    expect(messages).toContain("duplicate code 'F-5' (also codes[2])")
    expect(messages).toContain("parent 'H' is not a code in version 1.1")
    expect(messages).toContain("parent 'F-1' must be a family (a code with no parent)")
  })

  it('refuses a version number that does not move forward and an impossible date', () => {
    const details = validateNewVersion(v11, { ...v2, version: '1.1', publishedAt: '2026-02-30' }, [v1, v11])
    expect(details.map((d) => d.path)).toEqual(['version', 'publishedAt'])
  })

  it('detects a swap of two codes within one crosswalk as a cycle', () => {
    const next: TypologyVersion = {
      ...v11,
      crosswalk: [
        ...(v11.crosswalk ?? []).filter((e) => e.from !== 'F' && e.from !== 'F-1'),
        { from: 'F', to: ['F-1'], change: 'renamed', note: '' },
        { from: 'F-1', to: ['F'], change: 'renamed', note: '' },
      ],
    }
    const messages = validateNewVersion(v1, next).map((d) => d.message)
    expect(messages.some((m) => m.startsWith('the crosswalks form a cycle') && m.includes('F → F-1 (1.1) → F (1.1)'))).toBe(true)
    expect(messages).toContain("'F' is renamed in version 1.1, so it cannot also remain a code there")
  })

  it('detects a code renamed away and then brought back in a later version', () => {
    // F-2 became F-5 in 1.1; a 2.0 that renames F-5 back to F-2 would close the loop F-2 → F-5 → F-2.
    const next: TypologyVersion = {
      ...v2,
      codes: [...v2.codes, code('F-2')],
      crosswalk: [...(v2.crosswalk ?? []).filter((e) => e.from !== 'F-5'), { from: 'F-5', to: ['F-2'], change: 'renamed', note: '' }],
    }
    const messages = validateNewVersion(v11, next, [v1, v11]).map((d) => d.message)
    expect(messages).toContain('the crosswalks form a cycle, so old tags would be ambiguous: F-2 → F-5 (1.1) → F-2 (2.0)')
    expect(messages).toContain("'F-2' was used in version 1.0 and later withdrawn; codes are never reused, so choose a new one")
  })

  it('refuses to reuse a retired code for something new, even without a cycle', () => {
    const next: TypologyVersion = { ...v2, codes: [...v2.codes, code('F-4')] }
    const messages = validateNewVersion(v11, next, [v1, v11]).map((d) => d.message)
    expect(messages).toEqual(["'F-4' was used in version 1.0 and later withdrawn; codes are never reused, so choose a new one"])
  })

  it('insists on a crosswalk for every version after the first', () => {
    expect(validateNewVersion(v1, { ...v11, crosswalk: null }).map((d) => d.path)).toEqual(['crosswalk'])
  })
})

describe('isTaggable', () => {
  it('accepts a current code, family or specific', () => {
    expect(isTaggable('F-5', v11)).toEqual({ ok: true })
    expect(isTaggable('G', v11)).toEqual({ ok: true })
  })

  it('refuses a code retired in this version and gives the reason', () => {
    expect(isTaggable('F-4', v11)).toEqual({ ok: false, reason: 'F-4 was retired in version 1.1: Rarely used and overlapped with MGT' })
  })

  it('refuses a replaced code and says what to use instead', () => {
    expect(isTaggable('F-3', v11)).toEqual({ ok: false, reason: 'F-3 was split in version 1.1: use F-6 or F-7 (Two different problems)' })
    expect(isTaggable('G-1', v11)).toMatchObject({ ok: false, reason: expect.stringContaining('merged into G-2') })
    expect(isTaggable('F-2', v11)).toMatchObject({ ok: false, reason: expect.stringContaining('renamed in version 1.1: use F-5') })
  })

  it('explains codes from two versions back when given the history', () => {
    expect(isTaggable('F-3', v2, [v1, v11])).toEqual({ ok: false, reason: 'F-3 belongs to version 1.0; in version 2.0 use F-6, F-9 or F-10' })
    expect(isTaggable('G-1', v2, [v1, v11])).toEqual({ ok: false, reason: 'G-1 was retired in version 2.0: Now covered by the tools family' })
  })

  it('refuses an unknown code', () => {
    expect(isTaggable('XYZ-1', v2, [v1, v11])).toEqual({ ok: false, reason: 'XYZ-1 is not a code in typology version 2.0' })
  })
})

describe('typology version 1.0', () => {
  const families = TYPOLOGY_V1.codes.filter((c) => c.parent === null)

  it('has the six families with their codes and labels', () => {
    expect(families.map((f) => f.code)).toEqual(['MAI', 'MAL', 'HRB', 'FPI', 'TLS', 'MGT'])
    expect(families[0]?.label).toBe('Multi-agency working in response to incidents and crises')
    expect(TYPOLOGY_V1.version).toBe('1.0')
    expect(TYPOLOGY_V1.crosswalk).toBeNull()
  })

  it('gives each family three to six numbered codes with a description and examples', () => {
    for (const family of families) {
      const children = TYPOLOGY_V1.codes.filter((c) => c.parent === family.code)
      expect(children.length).toBeGreaterThanOrEqual(3)
      expect(children.length).toBeLessThanOrEqual(6)
      children.forEach((child, i) => {
        expect(child.code).toBe(`${family.code}-${i + 1}`)
        expect(child.description.length).toBeGreaterThan(20)
        expect(child.examples.length).toBeGreaterThan(0)
      })
    }
  })

  it('passes its own structural checks', () => {
    expect(validateTypologyCodes(TYPOLOGY_V1)).toEqual([])
  })
})
