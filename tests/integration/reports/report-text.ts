// Reading exported reports back in tests: PDF text and properties with pdfjs-dist (as the publication leak scan
// reads them: server/services/report-output-text.ts), DOCX and HTML text the same way. Only what needs a renderer
// stays with poppler: which fonts are embedded (pdffonts) and pages drawn as pictures (pdftoppm).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { outputText } from '../../../server/services/report-output-text.js'

/** The text of every page, in order (the document's properties, bookmarks and alt text are not included). */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await outputText('pdf', pdf)).filter((p) => p.location.startsWith('page ')).map((p) => p.text).join('\n')
}

/** The document's title, page count and whether it is tagged, read with pdfjs-dist. */
export async function pdfInfo(pdf: Buffer): Promise<{ Title: string; Pages: string; Tagged: 'yes' | 'no' }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise
  try {
    const { info } = await doc.getMetadata()
    const markInfo = await doc.getMarkInfo()
    return { Title: String((info as { Title?: unknown }).Title ?? ''), Pages: String(doc.numPages), Tagged: markInfo?.Marked ? 'yes' : 'no' }
  } finally {
    await doc.destroy()
  }
}

export function pdfFonts(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-pdf-'))
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf)
    return execFileSync('pdffonts', [join(dir, 'r.pdf')]).toString('utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Renders pages to greyscale pictures and returns, per page, the share of pixels that are not white. */
export function inkPerPage(pdf: Buffer, first: number, last: number): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-pdf-'))
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf)
    execFileSync('pdftoppm', ['-r', '30', '-gray', '-f', String(first), '-l', String(last), join(dir, 'r.pdf'), join(dir, 'page')])
    return readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort().map((f) => {
      const data = readFileSync(join(dir, f))
      // PGM: "P5\n<w> <h>\n<max>\n" then one byte a pixel.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.toString('latin1', 0, 40))
      if (!header) throw new Error('not a PGM picture')
      const pixels = data.subarray(header[0].length)
      let ink = 0
      for (const p of pixels) if (p < 200) ink++
      return ink / pixels.length
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function docxText(docx: Buffer): Promise<string> {
  return (await outputText('docx', docx)).map((p) => p.text).join('\n')
}

export async function htmlText(html: Buffer): Promise<string> {
  return (await outputText('html', html)).map((p) => p.text).join('\n')
}

export function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' })
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'
  }
}
