import { describe, expect, it } from 'vitest'
import { renderDocx } from '../../../../templates/docx/render-docx.js'
import { zipEntries } from '../../../../server/services/report-output-text.js'
import { sampleModel } from '../sample-model.js'
import { contentsSection } from '../../../../templates/model/glossary-section.js'
import { reportSections } from '../../../../templates/report-model.js'

describe('the Word edition', () => {
  it('uses real heading styles, repeats table headers, marks every page and says it is in British English', async () => {
    const entries = zipEntries(await renderDocx(sampleModel('internal')))
    const xml = (name: string) => entries.get(name)?.toString('utf8') ?? ''
    const body = xml('word/document.xml')
    expect(body).toContain('<w:pStyle w:val="Title"/>')
    expect(body).toContain('<w:pStyle w:val="Heading1"/>')
    expect(body).toContain('<w:pStyle w:val="Heading2"/>')
    expect(body).toContain('<w:tblHeader/>')
    expect(body).toMatch(/descr="Figure 1\. The causal map\. A causal map of 2 nodes and 1 link/)
    expect(xml('word/styles.xml')).toContain('w:val="en-GB"')
    const headers = [...entries.keys()].filter((k) => /^word\/header\d*\.xml$/.test(k)).map(xml).join('')
    expect(headers).toContain('OFFICIAL-SENSITIVE')
    const footers = [...entries.keys()].filter((k) => /^word\/footer\d*\.xml$/.test(k)).map(xml).join('')
    expect(footers).toContain('PAGE')
    expect(footers).toContain('NUMPAGES')
    expect(xml('docProps/core.xml')).toContain('<dc:title>Learning review: Child X</dc:title>')
  })

  it('lists the sections on the contents page with a page reference to a bookmark on each section’s heading', async () => {
    const model = sampleModel('internal')
    model.contents = contentsSection(reportSections(model))
    const entries = zipEntries(await renderDocx(model))
    const body = entries.get('word/document.xml')?.toString('utf8') ?? ''
    const paragraphs = body.split('</w:p>')
    for (const section of reportSections(model)) {
      // The heading paragraph holds a bookmark around its text ...
      const heading = paragraphs.find((p) => p.includes('<w:pStyle w:val="Heading1"/>') && p.includes(`>${section.title.replace('’', '’')}</w:t>`))
      const name = heading ? /<w:bookmarkStart [^>]*w:name="([^"]+)"/.exec(heading)?.[1] : undefined
      expect(name, section.title).toMatch(/^s_[A-Za-z0-9_]{1,38}$/)
      // ... and the contents entry with the title links to it and ends in a PAGEREF field to it.
      const entry = paragraphs.find((p) => !p.includes('w:pStyle') && p.includes(`>${section.title}</w:t>`))
      expect(entry, section.title).toContain(`w:anchor="${name}"`)
      expect(entry).toMatch(new RegExp(`PAGEREF ${name}\\b`))
      expect(entry).toContain('w:leader="dot"')
    }
    // Word works the page numbers out when it opens the file.
    expect(entries.get('word/settings.xml')?.toString('utf8')).toMatch(/<w:updateFields( w:val="(true|1|on)")?\/>/)
  })

  it('draws the map as an SVG picture with a PNG beside it for older word processors', async () => {
    const entries = zipEntries(await renderDocx(sampleModel()))
    const png = [...entries.entries()].find(([k]) => k.endsWith('.png'))?.[1]
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG')
    // The PNG is drawn at 1.5 pixels per pixel of the picture on the page (144 dpi), sharp enough for 8 pt text.
    const extentEmu = Number(/<wp:extent cx="(\d+)"/.exec(entries.get('word/document.xml')?.toString('utf8') ?? '')?.[1])
    expect(png?.readUInt32BE(16)).toBe(Math.round((extentEmu / 9525) * 1.5))
    const svg = [...entries.entries()].find(([k]) => k.endsWith('.svg'))?.[1]?.toString('utf8') ?? ''
    expect(svg).toContain('Police notifications go only to the front door &amp; &lt;nowhere else&gt;')
  })
})
