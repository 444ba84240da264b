import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cleanFileName } from '../../../../server/export/file-names.js'

describe('cleanFileName', () => {
  it('drops NUL, control and bidi characters, so a name shows as what it is', () => {
    expect(cleanFileName('police\u0000.csv')).toBe('police.csv')
    expect(cleanFileName('report\u202Efdp.exe')).toBe('reportfdp.exe')
    expect(cleanFileName('\u2066notes\u2069 \u200bMarch\u00ad.docx')).toBe('notes March.docx')
    expect(cleanFileName('line\r\nbreak\t.txt')).toBe('linebreak.txt')
    expect(cleanFileName('  Zoë’s notes  (final).md ')).toBe('Zoë’s notes (final).md')
  })

  it('gives the fallback when nothing visible is left, and keeps names to 255 characters', () => {
    expect(cleanFileName('\u0000\u202E\u200b')).toBe('upload')
    expect(cleanFileName('', 'unnamed file')).toBe('unnamed file')
    expect([...cleanFileName(`${'😀'.repeat(300)}.csv`)]).toHaveLength(255)
  })

  it('never returns a control or format character (fast-check)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (name) => {
      expect(/[\p{Cc}\p{Cf}]/u.test(cleanFileName(name))).toBe(false)
    }), { numRuns: 1000 })
  })
})
