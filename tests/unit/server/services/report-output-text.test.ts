import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { OutputUnreadable, outputText, zipEntries } from '../../../../server/services/report-output-text.js'
import { renderDocx } from '../../../../templates/docx/render-docx.js'
import { renderPdf } from '../../../../templates/pdf/render-pdf.js'
import { sampleModel } from '../../templates/sample-model.js'

describe('reading an exported file’s own text', () => {
  it('reads a PDF with pdfjs-dist: each page, and the properties, bookmarks and alt text a reader sees off the page', async () => {
    const { bytes, pages } = await renderPdf(sampleModel())
    const parts = await outputText('pdf', bytes)
    expect(parts.map((p) => p.location)).toEqual([...Array.from({ length: pages }, (_, i) => `page ${i + 1}`), 'document properties, bookmarks and alt text'])
    expect(parts[0]!.text).toContain('Learning review: Child X')
    const hidden = parts.at(-1)!.text
    expect(hidden).toContain('Learning review: Child X') // the document title
    expect(hidden).toContain('Why it happened: the causal map') // a bookmark
    expect(hidden).toMatch(/causal map/i) // the map's alt text
  })

  it('refuses a file that is not a PDF, or a zip that would unpack to too much', async () => {
    await expect(outputText('pdf', Buffer.from('not a pdf'))).rejects.toBeInstanceOf(OutputUnreadable)
    expect(() => zipEntries(Buffer.from('not a zip'))).toThrow(OutputUnreadable)
    const bomb = Buffer.from(zipSync({ 'word/document.xml': new Uint8Array(2 * 1024 * 1024) }, { level: 9 }))
    expect(() => zipEntries(bomb, 1024 * 1024)).toThrow(/unpacks to more/)
    expect(zipEntries(Buffer.from(zipSync({ 'a.xml': strToU8('<a>é</a>') }))).get('a.xml')?.toString('utf8')).toBe('<a>é</a>')
  })

  it('unzips every part of a Word file, the map picture included', async () => {
    const entries = zipEntries(await renderDocx(sampleModel()))
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml', 'docProps/core.xml']))
    expect([...entries.keys()].some((k) => /^word\/media\/.+\.svg$/.test(k))).toBe(true)
    expect([...entries.keys()].some((k) => /^word\/media\/.+\.png$/.test(k))).toBe(true)
  })
})
