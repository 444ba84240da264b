import { describe, expect, it } from 'vitest'
import { recentlyDrawnPng } from '../../../templates/svg-png.js'

/** A PNG's width in pixels, from its header. */
const pngWidth = (png: Buffer) => png.readUInt32BE(16)

describe('recentlyDrawnPng', () => {
  const svg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" viewBox="0 0 200 50"><text x="10" y="30" font-size="13">${text}</text></svg>`

  it('draws a picture once and gives the same one back for the same SVG and width', async () => {
    const first = await recentlyDrawnPng(svg('Caseloads were high'), 300)
    expect(first.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(pngWidth(first)).toBe(300)
    expect(await recentlyDrawnPng(svg('Caseloads were high'), 300)).toBe(first)
  })

  it('draws again for another width or other words', async () => {
    const first = await recentlyDrawnPng(svg('Supervision lapsed'), 300)
    const wider = await recentlyDrawnPng(svg('Supervision lapsed'), 450)
    expect(wider).not.toBe(first)
    expect(pngWidth(wider)).toBe(450)
    const other = await recentlyDrawnPng(svg('The family moved'), 300)
    expect(other).not.toBe(first)
    expect(other.equals(first)).toBe(false)
  })
})
