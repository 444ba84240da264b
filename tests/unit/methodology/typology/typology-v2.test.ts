import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { TYPOLOGY_V1 } from '../../../../methodology/typology/typology-v1.js'
import { TYPOLOGY_V2 } from '../../../../methodology/typology/typology-v2.js'
import { countingLine, findingLines, splitLineInfo } from '../../../../methodology/typology/typology-counting.js'
import { SCIE_ANCHORS_V2, scieAnchor } from '../../../../methodology/typology/scie-patterns.js'
import { defaultEffect, findingTypeOf } from '../../../../methodology/typology/tag-effect.js'
import { isTaggable, validateNewVersion, type CrosswalkEntry, type TypologyCode, type TypologyVersion } from '../../../../methodology/typology/typology-versions.js'

const both = [TYPOLOGY_V1, TYPOLOGY_V2]
const familiesOf = (v: TypologyVersion) => v.codes.filter((c) => c.parent === null).map((c) => c.code)

describe('typology 2.0 as published', () => {
  it('passes every check for a new version after 1.0', () => {
    expect(validateNewVersion(TYPOLOGY_V1, TYPOLOGY_V2)).toEqual([])
  })

  it('keeps the six families of 1.0', () => {
    expect(familiesOf(TYPOLOGY_V2)).toEqual(familiesOf(TYPOLOGY_V1))
    expect(familiesOf(TYPOLOGY_V2)).toHaveLength(6)
  })

  it('has codes for harm outside the home, identity and culture, and transitions between services, ages and areas', () => {
    const labels = TYPOLOGY_V2.codes.map((c) => `${c.code} ${c.label}`.toLowerCase())
    expect(labels.filter((l) => l.includes('harm outside the home'))).toHaveLength(2)
    expect(labels.some((l) => l.includes('identity, culture and faith'))).toBe(true)
    expect(labels.some((l) => l.includes('transitions between services'))).toBe(true)
    expect(labels.some((l) => l.includes('transitions at key ages'))).toBe(true)
    expect(labels.some((l) => l.includes('moves between areas'))).toBe(true)
  })

  it('uses no contested label and frames codes neutrally rather than as failures', () => {
    const text = TYPOLOGY_V2.codes.map((c) => c.label).join('\n').toLowerCase()
    for (const contested of ['disguised compliance', 'hostile', 'failure', 'not seen or heard', 'over-optimism', 'fixed thinking', 'unclear']) {
      expect(text).not.toContain(contested)
    }
  })

  it('retires the contested codes with neutral codes to re-tag with, and refuses them for new tags with that advice', () => {
    const retired = TYPOLOGY_V2.crosswalk!.filter((e) => e.change === 'retired')
    expect(retired.map((e) => e.from)).toEqual(['FPI-1', 'FPI-2'])
    for (const entry of retired) expect(entry.suggested?.length).toBeGreaterThan(0)
    const verdict = isTaggable('FPI-1', TYPOLOGY_V2, both)
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('Consider FPI-11') })
  })

  it('numbers every new code from 11, so it cannot be mistaken for a code of 1.0', () => {
    const v1 = new Set(TYPOLOGY_V1.codes.map((c) => c.code))
    for (const c of TYPOLOGY_V2.codes.filter((c) => !v1.has(c.code))) expect(Number(c.code.split('-')[1])).toBeGreaterThanOrEqual(11)
  })

  it('points every code of 2.0 at a category of SCIE’s published typology, and every sub-pattern at a real category', () => {
    expect(Object.keys(SCIE_ANCHORS_V2).sort()).toEqual(TYPOLOGY_V2.codes.map((c) => c.code).sort())
    for (const c of TYPOLOGY_V2.codes) expect(scieAnchor('2.0', c.code)?.categoryTitle).toBeTruthy()
    // The families line up with SCIE's six categories one to one.
    expect(new Set(familiesOf(TYPOLOGY_V2).map((f) => scieAnchor('2.0', f)!.category)).size).toBe(6)
    expect(scieAnchor('1.0', 'MAI')).toBeNull()
  })
})

describe('counting tags of 1.0 in 2.0', () => {
  it('loses no code of 1.0: every one counts on exactly one line of 2.0', () => {
    for (const c of TYPOLOGY_V1.codes) {
      const line = countingLine(c.code, '1.0', both)
      expect(line.kind, c.code).not.toBe('unknown')
    }
  })

  it('counts a retired code under its family', () => {
    expect(countingLine('FPI-1', '1.0', both)).toMatchObject({ kind: 'family', key: 'FPI', family: 'FPI', retired: { code: 'FPI-1', version: '2.0', suggested: ['FPI-11'] } })
    expect(countingLine('FPI-2', '1.0', both)).toMatchObject({ kind: 'family', key: 'FPI' })
  })

  it('flags a split code for re-tagging on one line of its own instead of counting it under every new code', () => {
    expect(countingLine('MAL-5', '1.0', both)).toMatchObject({ kind: 'split', key: 'MAL-5', family: 'MAL', split: { into: ['MAL-11', 'MAL-12', 'MAL-13'], version: '2.0' } })
    expect(splitLineInfo('MAL-5', both)).toMatchObject({ label: 'Moves between areas and services', family: 'MAL' })
    expect(splitLineInfo('MAL-11', both)).toBeNull()
  })

  it('carries a reworded code to itself', () => {
    expect(countingLine('HRB-2', '1.0', both)).toEqual({ kind: 'code', key: 'HRB-2', family: 'HRB' })
  })
})

describe('helps and hinders', () => {
  it('defaults a marker from the finding’s kind and derives the finding type from the markers', () => {
    expect(defaultEffect('good-practice')).toBe('helps')
    expect(defaultEffect('systemic')).toBe('hinders')
    expect(findingTypeOf('systemic', ['helps', 'helps'])).toBe('good-practice')
    expect(findingTypeOf('good-practice', ['helps', 'hinders'])).toBe('area-for-improvement')
    expect(findingTypeOf('good-practice', [null])).toBe('good-practice')
    expect(findingTypeOf('systemic', [])).toBe('area-for-improvement')
  })
})

// ---- Properties over random chains of versions ----

type Change = 'same' | 'renamed' | 'split' | 'merged' | 'retired'

/**
 * A chain of versions built from random choices, each valid by validateNewVersion: families stay, each
 * specific code is kept, renamed, split, merged into another surviving code of its family, or retired.
 */
const chainArb = fc.record({
  families: fc.integer({ min: 1, max: 3 }),
  perFamily: fc.integer({ min: 1, max: 4 }),
  steps: fc.array(fc.array(fc.constantFrom<Change>('same', 'same', 'renamed', 'split', 'merged', 'retired'), { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
}).map(({ families, perFamily, steps }) => {
  let next = 1
  const fresh = (family: string): TypologyCode => ({ code: `${family}-${next++}`, label: `L${next}`, parent: family, description: '', examples: [] })
  const fams = ['A', 'B', 'C'].slice(0, families)
  const first: TypologyVersion = {
    version: '1', publishedAt: '2020-01-01', crosswalk: null,
    codes: fams.flatMap((f) => [{ code: f, label: f, parent: null, description: '', examples: [] } as TypologyCode, ...Array.from({ length: perFamily }, () => fresh(f))]),
  }
  const chain = [first]
  steps.forEach((choices, s) => {
    const before = chain[chain.length - 1]!
    const codes: TypologyCode[] = []
    const crosswalk: CrosswalkEntry[] = []
    const subs = before.codes.filter((c) => c.parent !== null)
    const kept = new Set<string>()
    subs.forEach((c, i) => {
      if (choices[i % choices.length] === 'same' || choices[i % choices.length] === 'merged') kept.add(c.code)
    })
    for (const f of before.codes.filter((c) => c.parent === null)) {
      codes.push(f)
      crosswalk.push({ from: f.code, to: [f.code], change: 'same', note: '' })
    }
    subs.forEach((c, i) => {
      let change = choices[i % choices.length]!
      const survivor = subs.find((o) => o.code !== c.code && o.parent === c.parent && kept.has(o.code) && choices[subs.indexOf(o) % choices.length] === 'same')
      if (change === 'merged' && survivor === undefined) change = 'same'
      switch (change) {
        case 'same':
          codes.push(c)
          crosswalk.push({ from: c.code, to: [c.code], change, note: '' })
          break
        case 'renamed': {
          const n = fresh(c.parent!)
          codes.push(n)
          crosswalk.push({ from: c.code, to: [n.code], change, note: '' })
          break
        }
        case 'split': {
          const parts = [fresh(c.parent!), fresh(c.parent!)]
          codes.push(...parts)
          crosswalk.push({ from: c.code, to: parts.map((p) => p.code), change, note: '' })
          break
        }
        case 'merged':
          crosswalk.push({ from: c.code, to: [survivor!.code], change, note: '' })
          break
        case 'retired':
          crosswalk.push({ from: c.code, to: [], change, note: 'gone' })
          break
      }
    })
    chain.push({ version: String(s + 2), publishedAt: '2020-01-01', codes, crosswalk })
  })
  return chain
})

/** Every tag anyone could have made: each code of each version, against that version. */
function allTags(chain: readonly TypologyVersion[]): Array<{ code: string; version: string }> {
  return chain.flatMap((v) => v.codes.map((c) => ({ code: c.code, version: v.version })))
}

describe('crosswalk counting properties', () => {
  it('the generated chains are valid versions (so the properties below are about real crosswalks)', () => {
    fc.assert(fc.property(chainArb, (chain) => {
      for (let i = 1; i < chain.length; i++) expect(validateNewVersion(chain[i - 1]!, chain[i]!, chain.slice(0, i))).toEqual([])
    }), { numRuns: 200 })
  })

  it('no code is lost: every code of every version counts on exactly one line, and that line exists in the latest version or is a marked split line', () => {
    fc.assert(fc.property(chainArb, (chain) => {
      const latest = chain[chain.length - 1]!
      for (const tag of allTags(chain)) {
        const line = countingLine(tag.code, tag.version, chain)
        if (line.kind === 'unknown') return false
        const inLatest = latest.codes.some((c) => c.code === line.key)
        if (line.kind === 'split' ? inLatest || splitLineInfo(line.key, chain) === null : !inLatest) return false
        if (!latest.codes.some((c) => c.code === line.family && c.parent === null)) return false
      }
      return true
    }), { numRuns: 300 })
  })

  it('a retired code counts under its own family', () => {
    fc.assert(fc.property(chainArb, (chain) => {
      for (let i = 1; i < chain.length; i++) {
        for (const entry of chain[i]!.crosswalk!.filter((e) => e.change === 'retired')) {
          const family = chain[i - 1]!.codes.find((c) => c.code === entry.from)!.parent
          const line = countingLine(entry.from, chain[i - 1]!.version, chain)
          if (line.kind !== 'family' || line.key !== family) return false
        }
      }
      return true
    }), { numRuns: 300 })
  })

  it('a split code is flagged on one line and never counted under any of the codes it was split into', () => {
    fc.assert(fc.property(chainArb, (chain) => {
      for (let i = 1; i < chain.length; i++) {
        for (const entry of chain[i]!.crosswalk!.filter((e) => e.change === 'split')) {
          const line = countingLine(entry.from, chain[i - 1]!.version, chain)
          if (line.kind !== 'split' || line.key !== entry.from) return false
          if (entry.to.includes(line.key)) return false
        }
      }
      return true
    }), { numRuns: 300 })
  })

  it('counting findings: each finding counts at most once per line, and a line total never exceeds the findings', () => {
    fc.assert(fc.property(chainArb, fc.array(fc.array(fc.nat(), { maxLength: 5 }), { minLength: 1, maxLength: 30 }), (chain, picks) => {
      const tags = allTags(chain)
      const findings = picks.map((p) => p.map((n) => tags[n % tags.length]!))
      const perLine = new Map<string, number>()
      for (const f of findings) {
        const lines = findingLines(f, chain)
        if (new Set(lines.map((l) => l.key)).size !== lines.length) return false
        for (const l of lines) perLine.set(l.key, (perLine.get(l.key) ?? 0) + 1)
        // A finding tagged only with one split code counts on one line, not on each of the new codes.
        if (f.length === 1 && lines.length !== 1) return false
      }
      return [...perLine.values()].every((n) => n <= findings.length)
    }), { numRuns: 200 })
  })
})
