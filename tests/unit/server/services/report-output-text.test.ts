import { describe, expect, it } from 'vitest'
import { pdfDictionaryStrings, zipEntries } from '../../../../server/services/report-output-text.js'
import { renderDocx } from '../../../../templates/docx/render-docx.js'
import { sampleModel } from '../../templates/sample-model.js'

describe('reading an exported file’s own text', () => {
  it('decodes PDF strings: escapes, octal codes, brackets and UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Zoë’s (map)', 'utf16le').swap16()])
    const escaped = utf16.toString('latin1').replace(/[()\\]/g, (c) => `\\${c}`)
    const pdf = Buffer.from(`1 0 obj << /Title (Line\\none \\(a\\) \\101) /Alt (${escaped}) /S /P >> endobj`, 'latin1')
    expect(pdfDictionaryStrings(pdf)).toEqual(['Line\none (a) A', 'Zoë’s (map)'])
  })

  it('unzips every part of a Word file, the map picture included', async () => {
    const entries = zipEntries(await renderDocx(sampleModel()))
    expect([...entries.keys()]).toEqual(expect.arrayContaining(['word/document.xml', 'word/styles.xml', 'docProps/core.xml']))
    expect([...entries.keys()].some((k) => /^word\/media\/.+\.svg$/.test(k))).toBe(true)
    expect([...entries.keys()].some((k) => /^word\/media\/.+\.png$/.test(k))).toBe(true)
  })
})
