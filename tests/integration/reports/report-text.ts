// Reading exported reports back in tests: PDF text with pdftotext, pages as pictures with pdftoppm, DOCX text
// from its XML parts.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { outputText } from '../../../server/services/report-output-text.js'

export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8')
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'cwl-pdf-'))
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf)
    const out = execFileSync('pdfinfo', [join(dir, 'r.pdf')]).toString('utf8')
    return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]))
  } finally {
    rmSync(dir, { recursive: true, force: true })
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
