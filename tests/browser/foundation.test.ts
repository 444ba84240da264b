import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

describeInBrowser('signing in and the dashboard in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('has no serious accessibility problems on the sign-in page, the dashboard or the admin pages, and no CSP refusals', async () => {
    const admin = await addUser(h.t, 'admin')
    const page = await h.newPage()
    await page.goto('/login')
    expect(await page.title()).toBe('Sign in – Casework Lens')
    expect(await seriousAxeViolations(page)).toEqual([])

    // A failed sign-in shows the error summary, focused, and still passes axe.
    await page.getByLabel('Email address').fill(admin.email)
    await page.getByLabel('Password').fill('wrong password, sorry')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.locator('.govuk-error-summary').isVisible()).toBe(true)
    expect(await page.title()).toBe('Error: Sign in – Casework Lens')
    expect(await seriousAxeViolations(page)).toEqual([])

    await signInAs(page, admin.email)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Your reviews')
    // GOV.UK Frontend's JavaScript ran under the strict CSP (it marks the body when it starts).
    expect(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(true)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.goto('/admin')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.goto('/admin/audit')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(h.problems).toEqual([])
  })
})
