import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { locateQuote, noteDate, readFrontMatter, segmentNotes } from '../../../../methodology/evidence/conversation-notes.js'

describe('readFrontMatter', () => {
  it('reads key: value lines between --- fences and returns the notes without them', () => {
    const note = '---\npractitioner: Health Visitor 1\nAgency: "Health Visiting"\ndate: 2021-11-16\n---\n\n# Conversation\nText.\n'
    expect(readFrontMatter(note)).toEqual({
      fields: { practitioner: 'Health Visitor 1', agency: 'Health Visiting', date: '2021-11-16' },
      body: '# Conversation\nText.\n',
    })
  })

  it('accepts a byte order mark and Windows line endings', () => {
    expect(readFrontMatter('\uFEFF---\r\nagency: Police\r\n---\r\nNotes').fields).toEqual({ agency: 'Police' })
  })

  it('treats a note without front matter, or with --- later on, as all notes', () => {
    expect(readFrontMatter('# Heading\n---\nagency: Police\n---\n')).toEqual({ fields: {}, body: '# Heading\n---\nagency: Police\n---\n' })
  })
})

describe('noteDate', () => {
  it('reads ISO and day-first dates and refuses impossible ones', () => {
    expect(noteDate('2021-11-16')).toBe('2021-11-16')
    expect(noteDate('16/11/2021')).toBe('2021-11-16')
    expect(noteDate('29/02/2020')).toBe('2020-02-29')
    expect(noteDate('29/02/2021')).toBeNull()
    expect(noteDate('2021-13-01')).toBeNull()
    expect(noteDate('November 2021')).toBeNull()
  })
})

describe('locateQuote', () => {
  it('finds words that differ from the notes only in white space and returns them as the notes have them', () => {
    const notes = 'She said "I could see her face\nand the top of her head."'
    expect(locateQuote(notes, '  I could see her face and the top  ')).toEqual({ start: 10, text: 'I could see her face\nand the top' })
    expect(locateQuote(notes, 'I could see his face')).toBeNull()
    expect(locateQuote(notes, '   ')).toBeNull()
  })

  it('treats characters with a meaning in regular expressions as plain text', () => {
    expect(locateQuote('Score (DASH) was 3+ [standard].', '(DASH) was 3+ [standard]')).toEqual({ start: 6, text: '(DASH) was 3+ [standard]' })
  })

  it('finds any passage of the notes, with its white space changed, at a place where the notes hold exactly that passage', () => {
    const word = fc.stringMatching(/^[A-Za-z'".,()?+*]{1,8}$/)
    const space = fc.constantFrom(' ', '\n', '  ', '\t', ' \n ')
    const words = fc.array(fc.tuple(word, space), { minLength: 1, maxLength: 30 })
    fc.assert(fc.property(words, fc.nat(), fc.nat(), (pairs, a, b) => {
      const notes = pairs.map(([w, s]) => w + s).join('')
      const from = a % pairs.length
      const to = from + (b % (pairs.length - from))
      const picked = pairs.slice(from, to + 1).map(([w]) => w)
      const found = locateQuote(notes, picked.join(' '))
      expect(found).not.toBeNull()
      expect(notes.slice(found!.start, found!.start + found!.text.length)).toBe(found!.text)
      expect(found!.text.split(/\s+/)).toEqual(picked)
    }))
  })
})

describe('segmentNotes', () => {
  it('splits the notes at quote boundaries, marking overlapping quotes on the shared stretch', () => {
    const notes = 'abcdefghij'
    expect(segmentNotes(notes, [{ id: 'q1', start: 2, length: 4 }, { id: 'q2', start: 4, length: 4 }])).toEqual([
      { text: 'ab', quoteIds: [] }, { text: 'cd', quoteIds: ['q1'] }, { text: 'ef', quoteIds: ['q1', 'q2'] }, { text: 'gh', quoteIds: ['q2'] }, { text: 'ij', quoteIds: [] },
    ])
  })

  it('always joins back to the notes, and marks exactly the characters some quote covers', () => {
    const quote = fc.record({ id: fc.uuid(), start: fc.integer({ min: -2, max: 40 }), length: fc.integer({ min: 0, max: 20 }) })
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.array(quote, { maxLength: 6 }), (notes, quotes) => {
      const segments = segmentNotes(notes, quotes)
      expect(segments.map((s) => s.text).join('')).toBe(notes)
      let at = 0
      for (const s of segments) {
        for (let i = at; i < at + s.text.length; i++) {
          const covering = quotes.filter((q) => q.length > 0 && q.start >= 0 && q.start + q.length <= notes.length && q.start <= i && i < q.start + q.length).map((q) => q.id)
          expect(s.quoteIds).toEqual(covering)
        }
        at += s.text.length
      }
    }))
  })
})

describe('locateQuote in Markdown notes', () => {
  it('finds words selected on the rendered page across emphasis, list bullets and headings', () => {
    const notes = '**Who:** Rachel, social worker\n\n## Context\n- "I had 26 children.\n- The target was **18**, and"'
    expect(locateQuote(notes, 'Who: Rachel')).toEqual({ start: 2, text: 'Who:** Rachel' })
    expect(locateQuote(notes, 'worker Context "I had')).toEqual({ start: 24, text: 'worker\n\n## Context\n- "I had' })
    expect(locateQuote(notes, 'children. The target was 18, and')?.text).toBe('children.\n- The target was **18**, and')
    expect(locateQuote(notes, 'Rachel Context')).toBeNull()
  })
})
