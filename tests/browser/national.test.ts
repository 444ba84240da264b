import { afterAll, beforeAll, expect, it } from 'vitest'
import { syntheticReturns } from '../../server/demo/national-returns.js'
import { systemActor } from '../../server/services/context.js'
import { fileReturnInTransaction } from '../../server/services/national-store.js'
import { loadTypology } from '../../server/services/typology.js'
import { addUser } from '../support/test-app.js'
import { addFinding, setUpReview } from '../integration/national/national-support.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

describeInBrowser('national learning in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => {
    h = await startBrowserHarness()
    const { current } = await loadTypology(h.t.db)
    await h.t.db.transaction().execute(async (trx) => {
      for (const document of syntheticReturns({ reviews: 40, findings: [2, 5], seed: 11, years: [2020, 2023], typology: current })) {
        await fileReturnInTransaction(trx, h.t.ctx, systemActor, document, 'demo')
      }
    })
  })
  afterAll(async () => { await h?.close() })

  it('shows the dashboard’s charts, tables and filters with no serious accessibility problems and no CSP refusals', async () => {
    const national = await addUser(h.t, 'national')
    const page = await h.newPage()
    await signInAs(page, national.email)
    await expect.poll(() => page.locator('h1').textContent()).toBe('National learning')
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(6)
    expect(await page.locator('svg[role="img"] title').first().textContent()).toBe('Findings by typology family')
    // Some rare codes are suppressed, in the table and in the chart.
    expect(await page.locator('#theme-code td', { hasText: '<5' }).count()).toBeGreaterThan(0)
    expect(await seriousAxeViolations(page)).toEqual([])

    // Filters go in the address, so a view can be shared.
    await page.getByLabel('Typology family or code').selectOption('HRB')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL(/code=HRB/)
    expect(await page.locator('text=Typology code: HRB').count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.goto('/national/findings?q=supervision')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Anonymised findings')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.goto('/national/returns')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(h.problems).toEqual([])
  })

  it('shows the lead reviewer the national return page with no serious accessibility problems', async () => {
    const setup = await setUpReview(h.t)
    await addFinding(h.t, setup.lead, setup.reviewId, { title: 'Plans that do not drive change', pattern: 'Plans are vague.', typologyCodes: ['MAL-2'], boardQuestions: ['What would help?'] })
    const page = await h.newPage()
    await signInAs(page, setup.lead.email)
    await page.goto(`/reviews/${setup.reviewId}/national-return`)
    await expect.poll(() => page.locator('h1').textContent()).toBe('National return')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Submit the national return (version 1)' }).click()
    // A page of exactly what will be sent comes first.
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check the national return before you send it')
    expect(await page.locator('pre.app-code-block').textContent()).toContain('Plans that do not drive change')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Send the national return (version 1)' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('National return submitted (version 1)')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(h.problems).toEqual([])
  })
})
