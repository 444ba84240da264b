import { describe, expect, it } from 'vitest'
import { BadInput } from '../../../../server/errors.js'
import { MAX_MAP_BYTES, checkMapPayloadSize, parseIfMatch } from '../../../../server/services/causal-map.js'

describe('reading If-Match', () => {
  it.each([['3', 3], ['"3"', 3], ['W/"12"', 12], [' 0 ', 0]])('reads %s as version %i', (header, version) => {
    expect(parseIfMatch(header)).toBe(version)
  })

  it.each([[undefined], [''], ['*'], ['"abc"'], ['-1'], ['1.5']])('gives no version for %s', (header) => {
    expect(parseIfMatch(header)).toBeNull()
  })
})

describe('the map size limit', () => {
  it('accepts a map at the limit and refuses one over it with its size in the message', () => {
    expect(() => checkMapPayloadSize(MAX_MAP_BYTES)).not.toThrow()
    try {
      checkMapPayloadSize(10 * 1024 * 1024)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(BadInput)
      expect((error as BadInput).details[0]?.message).toContain('The map sent was 10.0 MB; a map can be at most 5.0 MB')
    }
  })
})
