import { describe, expect, it } from 'vitest'
import { kept, pageKey } from '../../../../server/views-support/page-key.js'

describe('the key a rendered page is kept by', () => {
  it('is the same for the same model and differs with any value, the template or the fragments', () => {
    const model = { user: { name: 'A' }, rows: [{ n: 1 }, { n: 2 }], when: new Date('2026-01-01T00:00:00Z') }
    const key = pageKey('pages/a', model, [1])
    expect(pageKey('pages/a', structuredClone(model), [1])).toBe(key)
    expect(pageKey('pages/a', { ...model, rows: [{ n: 1 }, { n: 3 }] }, [1])).not.toBe(key)
    expect(pageKey('pages/b', model, [1])).not.toBe(key)
    expect(pageKey('pages/a', model, [2])).not.toBe(key)
  })

  it('is null (the page is rendered afresh) for anything JSON would not stand for faithfully', () => {
    for (const odd of [() => 'x', new Set([1]), new Map([[1, 2]]), Number.NaN, Infinity, 1n, new (class Thing {})()]) {
      expect(pageKey('pages/a', { deep: [{ value: odd }] }, [])).toBeNull()
    }
  })
})

describe('kept parts of a model', () => {
  it('are frozen all the way down, so the key worked out once for them stays right', () => {
    const options = kept({ agencies: [{ value: 'Police', text: 'Police (3)' }], pages: { next: '/x?page=2' } })
    expect(Object.isFrozen(options.agencies[0])).toBe(true)
    expect(() => { (options.agencies as Array<{ value: string }>).push({ value: 'GP' }) }).toThrow()
    const key = pageKey('pages/a', { options, who: 'A' }, [])
    expect(pageKey('pages/a', { options, who: 'A' }, [])).toBe(key)
    expect(pageKey('pages/a', { options: { agencies: [{ value: 'Police', text: 'Police (3)' }], pages: { next: '/x?page=2' } }, who: 'A' }, [])).toBe(key)
    expect(pageKey('pages/a', { options, who: 'B' }, [])).not.toBe(key)
    expect(pageKey('pages/a', { options: kept({ ...options, pages: { next: '/x?page=3' } }), who: 'A' }, [])).not.toBe(key)
  })
})
