import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

describeInBrowser('setting up a review and walking its task list in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('sets up a review, opens a stage from the task list, adds a research question, and stays accessible', async () => {
    const lead = await addUser(h.t, 'reviewer')
    const page = await h.newPage()
    await signInAs(page, lead.email)
    await page.getByRole('button', { name: 'Set up a review' }).click()
    expect(await seriousAxeViolations(page)).toEqual([])

    // First a mistake: the error summary links to the field.
    await page.getByRole('button', { name: 'Set up review' }).click()
    await expect.poll(() => page.locator('.govuk-error-summary').isVisible()).toBe(true)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByLabel('Title of the review').fill('Learning review: Child M')
    await page.getByLabel('Local safeguarding partnership').fill('Westmere Safeguarding Children Partnership')
    await page.getByLabel("Child's pseudonym").fill('Child M')
    await page.getByLabel('Learning Together').check()
    const fillDate = async (name: string, d: string, m: string, y: string) => {
      await page.locator(`#${name}-day`).fill(d)
      await page.locator(`#${name}-month`).fill(m)
      await page.locator(`#${name}-year`).fill(y)
    }
    await fillDate('periodFrom', '1', '10', '2020')
    await fillDate('periodTo', '30', '9', '2021')
    await fillDate('decisionDate', '7', '10', '2021')
    await page.getByRole('button', { name: 'Set up review' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Learning review: Child M')
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('Review set up')
    expect(await page.locator('.govuk-task-list__item').count()).toBe(9)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByRole('link', { name: '1. Scoping and research questions' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Scoping and research questions')
    expect(await page.getByText('Readiness checks').count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByRole('link', { name: 'Scope, research questions and joint working' }).click()
    await page.getByLabel('Add a research question').fill('How do agencies bring together what they know about a new adult in the home?')
    await page.getByRole('button', { name: 'Add question' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('Research question added')
    expect(await page.locator('textarea[name="question"]').first().inputValue()).toContain('new adult in the home')
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.getByRole('link', { name: 'Overview' }).click()
    await expect.poll(() => page.locator('#stage-scoping-status').textContent()).toContain('In progress')
    expect(h.problems).toEqual([])
  })
})
