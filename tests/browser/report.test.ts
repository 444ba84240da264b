import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'
import { seedReportReview, type ReportReview } from '../integration/reports/report-fixture.js'
import { demoCaseDir } from '../../server/demo/case/demo-case.js'

describeInBrowser('exporting the learning report in Chromium', () => {
  let h: BrowserHarness
  let r: ReportReview
  beforeAll(async () => {
    h = await startBrowserHarness()
    r = await seedReportReview(h.t, { dir: demoCaseDir, rowsPerFile: 3 })
  }, 60_000)
  afterAll(async () => { await h?.close() })

  it('exports with progress shown, runs the leak scan, and stays accessible', async () => {
    const page = await h.newPage()
    await signInAs(page, r.lead.email)
    await page.goto(`/reviews/${r.reviewId}`)
    await page.getByRole('link', { name: 'Report', exact: true }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Report')
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByLabel('Publication edition (OFFICIAL)').check()
    await page.getByLabel('Web page (HTML)').check()
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    // The export page follows the job and shows the result by itself.
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 30_000 }).toBe('Your report is ready')
    expect(await page.getByRole('link', { name: /Download learning-review-child-m-publication\.html/ }).count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])

    // The exported page itself: self-contained and accessible on its own.
    const href = await page.getByRole('link', { name: /Download learning-review-child-m-publication\.html/ }).getAttribute('href')
    const file = await page.request.get(href!)
    expect(file.headers()['content-disposition']).toContain('attachment')
    const exported = await h.newPage()
    await exported.setContent(await file.text())
    expect(await exported.locator('h1').textContent()).toBe('Learning review: Child M')
    expect(await exported.locator('html').getAttribute('lang')).toBe('en-GB')
    expect(await seriousAxeViolations(exported)).toEqual([])
    await exported.close()

    await page.getByRole('link', { name: 'Back to the report page' }).click()
    await page.getByRole('button', { name: 'Run the leak scan' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent(), { timeout: 30_000 }).toContain('The leak scan found no identifying details')
    expect(await page.locator('.govuk-tag', { hasText: 'Passed' }).count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(h.problems).toEqual([])
  }, 90_000)
})
