import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { htmlBytes, markFragments, pageBytes } from '../../../../server/views-support/html-bytes.js'

// Stands in for the template: puts each model value into the page as Handlebars' triple-stash would.
const render = (model: Record<string, unknown>, text: (parts: string[]) => string) => text(Object.values(model).map(String))

describe('pages sent as bytes with kept fragments spliced in', () => {
  it('gives the same bytes as rendering the fragments as text', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 4 }), fc.array(fc.string({ unit: 'grapheme' }), { minLength: 5, maxLength: 5 }), (fragments, glue) => {
      const model = Object.fromEntries(fragments.map((f, i) => [`f${i}`, htmlBytes(f)]))
      const { model: marked, fragments: kept } = markFragments({ title: 'Chronology', ...model })
      const join = (parts: string[]) => parts.map((p, i) => `${glue[i % glue.length]}${p}`).join('’')
      const bytes = pageBytes(render(marked, join), kept)
      expect(bytes.toString('utf8')).toBe(join(['Chronology', ...fragments]))
    }))
  })

  it('leaves a model without fragments as it is, and escaped text that looks like a mark as text', () => {
    const model = { rows: '&lt;!--cwl-bytes-x-0--&gt;' }
    expect(markFragments(model).model).toBe(model)
    expect(pageBytes('<p>€ “quoted”</p>', []).toString('utf8')).toBe('<p>€ “quoted”</p>')
  })

  it('keeps the fragment as UTF-8 bytes made once', () => {
    const kept = htmlBytes('<td>Children’s Social Care</td>')
    expect(kept.bytes.equals(Buffer.from('<td>Children’s Social Care</td>'))).toBe(true)
    const { model, fragments } = markFragments({ rowsHtml: kept })
    expect(fragments[0]).toBe(kept.bytes)
    expect(String(model.rowsHtml)).toMatch(/^<!--cwl-bytes-/)
  })
})
