// The national dashboard with the keyboard alone (issue 16): Tab, Enter and Space through the filters, the choice of
// rows and columns, a two-way table, a drill-down and a download, at a laptop's 1366×768 and on a large screen, with
// axe-core on every state and a screenshot of each kept in the system's temporary folder to look at.
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { syntheticReturns } from '../../server/demo/national-returns.js'
import { systemActor } from '../../server/services/context.js'
import { fileReturnInTransaction } from '../../server/services/national-store.js'
import { loadTypology } from '../../server/services/typology.js'
import { addUser } from '../support/test-app.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

/** Presses Tab until the focused element matches `selector` (and says so if it never does). */
async function tabTo(page: Page, selector: string, limit = 300): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null
  // A visible focus: the GOV.UK focus style gives a yellow outline or background.
  const style = el ? getComputedStyle(el) : null
  return { tag: el?.tagName ?? '', text: el?.textContent?.trim() ?? '', outline: style ? `${style.outlineStyle} ${style.backgroundColor} ${style.boxShadow}` : '' }
})

describeInBrowser('the national dashboard by keyboard', () => {
  let h: BrowserHarness
  beforeAll(async () => {
    h = await startBrowserHarness()
    const { current } = await loadTypology(h.t.db)
    await h.t.db.transaction().execute(async (trx) => {
      for (const document of syntheticReturns({ reviews: 60, findings: [2, 5], seed: 16, years: [2021, 2023], typology: current })) {
        await fileReturnInTransaction(trx, h.t.ctx, systemActor, document, 'demo')
      }
    })
  })
  afterAll(async () => { await h?.close() })

  for (const [name, viewport] of [['laptop', { width: 1366, height: 768 }], ['large', { width: 2560, height: 1440 }]] as const) {
    it(`walks filters, two-way table, drill-down and downloads with Tab, Enter and Space (${name}, ${viewport.width}×${viewport.height})`, async () => {
      const national = await addUser(h.t, 'national')
      const page = await h.newPage()
      await page.setViewportSize(viewport)
      await signInAs(page, national.email)
      const shot = async (step: string) => page.screenshot({ path: path.join(os.tmpdir(), `national-keyboard-${name}-${step}.png`), fullPage: false })
      const axe = async () => expect(await seriousAxeViolations(page)).toEqual([])

      // Filters: a family chosen with the arrow keys, applied with Enter.
      await tabTo(page, 'select[name="code"]')
      await page.keyboard.press('ArrowDown')
      const code = await page.locator('select[name="code"]').inputValue()
      expect(code).not.toBe('')
      await tabTo(page, 'button[type="submit"]')
      await page.keyboard.press('Enter')
      await page.waitForURL(new RegExp(`code=${code}`))
      expect(await page.locator(`text=Typology code: ${code}`).count()).toBe(1)
      await axe()
      await shot('1-filtered')

      // The timeliness section is reachable from the contents list by keyboard.
      await tabTo(page, 'a[href="#timeliness-region"]')
      await page.keyboard.press('Enter')
      await page.waitForURL(/#timeliness-region$/)
      await axe()
      await shot('2-timeliness')

      // Downloads: a table's CSV link, followed with Enter.
      await tabTo(page, '#timeliness-region a[href*="format=csv"]')
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
      expect(download.suggestedFilename()).toMatch(/^national-timeliness-region-\d{4}-\d{2}-\d{2}\.csv$/)

      // Two-way tables: rows and columns chosen by typing, shown with Space.
      await page.goto('/national')
      await tabTo(page, 'a[href^="/national/cross"]')
      await page.keyboard.press('Enter')
      await page.waitForURL(/\/national\/cross/)
      await tabTo(page, 'select[name="by"]')
      await page.keyboard.type('Region')
      await tabTo(page, 'select[name="cross"]')
      await page.keyboard.type('Year')
      await tabTo(page, 'button[type="submit"]')
      await page.keyboard.press('Space')
      await page.waitForURL(/by=region&cross=year|cross=year.*by=region/)
      expect(await page.locator('select[name="by"]').inputValue()).toBe('region')
      await axe()
      await shot('3-cross')

      // Drill-down from a shown cell of the table, with Enter; the list names the table it came from.
      await tabTo(page, 'table a[href^="/national/findings"]')
      expect((await focused(page)).tag).toBe('A')
      await page.keyboard.press('Enter')
      await page.waitForURL(/\/national\/findings\?.*by=region&cross=year/)
      await expect.poll(() => page.locator('h1').textContent()).toBe('Anonymised findings')
      expect(await page.locator('.app-national-finding').count()).toBeGreaterThan(0)
      await axe()
      await shot('4-drill-down')
      expect(h.problems).toEqual([])
    }, 240_000)
  }
})
