// The PDF's contents page, read back from the file produced (pdfjs-dist, through the publication scan's reader):
// every section is listed with a page number, and each number is the page where that section's heading is.
import { describe, expect, it } from 'vitest'
import { renderPdf } from '../../../../templates/pdf/render-pdf.js'
import { contentsSection } from '../../../../templates/model/glossary-section.js'
import { reportSections } from '../../../../templates/report-model.js'
import { outputText } from '../../../../server/services/report-output-text.js'
import { sampleModel } from '../sample-model.js'

describe('PDF contents page', () => {
  it('gives each section the page its heading is on', async () => {
    const model = sampleModel()
    model.contents = contentsSection(reportSections(model))
    const { bytes, pages } = await renderPdf(model)
    const parts = await outputText('pdf', bytes)
    const pageText = (n: number) => parts.find((p) => p.location === `page ${n}`)?.text ?? ''
    const lines = (n: number) => pageText(n).split('\n').map((l) => l.trim())

    expect(lines(2)).toContain('Contents')
    const entries = lines(2).flatMap((line) => {
      const m = /^(\d+)\.\s+(.+?)\s+(\d+)$/.exec(line)
      return m ? [{ title: m[2] as string, page: Number(m[3]) }] : []
    })
    expect(entries.map((e) => e.title)).toEqual(reportSections(model).map((s) => s.title))
    // The sections run in order over the body of the report, starting after the contents.
    expect(entries[0]?.page).toBe(3)
    expect(entries.map((e) => e.page)).toEqual([...entries.map((e) => e.page)].sort((a, b) => a - b))
    expect(Math.max(...entries.map((e) => e.page))).toBeLessThanOrEqual(pages)
    // The long events table and the map push later sections pages on: the numbers are not all the same.
    expect(new Set(entries.map((e) => e.page)).size).toBeGreaterThanOrEqual(3)
    for (const { title, page } of entries) {
      expect(lines(page), `“${title}” on page ${page}`).toContain(title)
      expect(pageText(page)).toContain(`Page ${page} of ${pages}`)
      // Not already on the page before (a heading that follows on is on the page it starts on).
      if (page > 3) expect(lines(page - 1), `“${title}” not before page ${page}`).not.toContain(title)
    }
  })
})
