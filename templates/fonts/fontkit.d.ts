// The little of fontkit (pdfkit's font engine) the report uses: open a font once and ask what it covers.
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string
    readonly familyName: string
    readonly numGlyphs: number
    hasGlyphForCodePoint(codePoint: number): boolean
  }
  export function create(buffer: Buffer | Uint8Array, postscriptName?: string): Font
}
