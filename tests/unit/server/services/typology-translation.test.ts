import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { TYPOLOGY_V1 } from '../../../../methodology/typology/typology-v1.js'
import type { TypologyVersion } from '../../../../methodology/typology/typology-versions.js'
import { draftNextVersion, readTypologyVersion, translateTagsThrough } from '../../../../server/services/typology.js'

/** 1.1 merges MAI-5 into MAI-4 and retires HRB-5; 1.2 splits MAL-1 into MAL-7 and MAL-8. */
function history(): TypologyVersion[] {
  const d1 = draftNextVersion(TYPOLOGY_V1)
  const v11: TypologyVersion = {
    version: '1.1', publishedAt: '2025-06-01',
    codes: d1.codes.filter((c) => c.code !== 'MAI-5' && c.code !== 'HRB-5'),
    crosswalk: d1.crosswalk.map((e) =>
      e.from === 'MAI-5' ? { from: 'MAI-5', to: ['MAI-4'], change: 'merged' as const, note: '' }
        : e.from === 'HRB-5' ? { from: 'HRB-5', to: [], change: 'retired' as const, note: 'Rarely used' } : e),
  }
  const d2 = draftNextVersion(v11)
  const mal1 = d2.codes.find((c) => c.code === 'MAL-1')!
  const v12: TypologyVersion = {
    version: '1.2', publishedAt: '2026-01-01',
    codes: d2.codes.filter((c) => c.code !== 'MAL-1').concat([{ ...mal1, code: 'MAL-7' }, { ...mal1, code: 'MAL-8' }]),
    crosswalk: d2.crosswalk.map((e) => (e.from === 'MAL-1' ? { from: 'MAL-1', to: ['MAL-7', 'MAL-8'], change: 'split' as const, note: '' } : e)),
  }
  return [v12, TYPOLOGY_V1, v11] // out of order on purpose: translation sorts by version number
}

describe('translating stored tags to the latest version', () => {
  it('carries merges, retirements and splits across two crosswalks', () => {
    const out = translateTagsThrough(history(), [
      { code: 'MAI-5', version: '1.0' }, { code: 'HRB-5', version: '1.0' }, { code: 'MAL-1', version: '1.0' }, { code: 'MAL-1', version: '1.1' }, { code: 'MAL-7', version: '1.2' },
    ])
    expect(out.map((t) => t.codes)).toEqual([['MAI-4'], [], ['MAL-7', 'MAL-8'], ['MAL-7', 'MAL-8'], ['MAL-7']])
    expect(out[1]!.retired).toEqual({ code: 'HRB-5', version: '1.1', note: 'Rarely used' })
    expect(out.every((t) => t.latestVersion === '1.2')).toBe(true)
  })

  it('marks a tag unknown when its code or version is not known, rather than guessing', () => {
    const [badCode, badVersion] = translateTagsThrough(history(), [{ code: 'MAL-7', version: '1.0' }, { code: 'MAL-1', version: '3.0' }])
    expect(badCode).toMatchObject({ codes: [], unknown: "'MAL-7' is not a code in typology version 1.0" })
    expect(badVersion).toMatchObject({ codes: [], unknown: 'typology version 3.0 is not known here' })
  })

  it('only ever gives codes of the latest version', () => {
    const versions = history()
    const latest = new Set(versions.find((v) => v.version === '1.2')!.codes.map((c) => c.code))
    const tags = versions.flatMap((v) => v.codes.map((c) => ({ code: c.code, version: v.version })))
    fc.assert(fc.property(fc.array(fc.constantFrom(...tags), { maxLength: 20 }), (sample) => {
      for (const t of translateTagsThrough(versions, sample)) {
        expect(t.unknown).toBeNull()
        for (const code of t.codes) expect(latest.has(code)).toBe(true)
      }
    }))
  })
})

describe('reading a proposed typology version', () => {
  it('names each shape problem by its path and returns no version', () => {
    const { version, details } = readTypologyVersion({ version: '', publishedAt: '2026-01-01', codes: [{ code: 'A', examples: 'x' }, 7], crosswalk: [{ from: 'A', to: 'B', change: 'moved' }] })
    expect(version).toBeNull()
    expect(details.map((d) => d.path)).toEqual(['version', 'codes[0].examples', 'codes[1]', 'crosswalk[0].to', 'crosswalk[0].change'])
  })

  it('refuses something that is not an object at all', () => {
    expect(readTypologyVersion([]).details).toEqual([{ path: 'body', message: 'Send the new version as a JSON object' }])
  })
})
