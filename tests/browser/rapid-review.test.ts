import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { createReview } from '../../server/services/reviews.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

describeInBrowser('a rapid review for the Panel, from the facts to the local review, in Chromium at 1366×768', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('records the facts, the decision and the sign-off, exports it, and starts the local review, staying accessible', async () => {
    const lead = await addUser(h.t, 'reviewer')
    const review = await createReview(h.t.ctx, { userId: lead.id, role: 'reviewer', name: lead.name, via: 'session', requestId: null }, {
      title: 'Rapid review: Child P', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child P', methodology: 'rapid-review',
      periodFrom: '2025-11-01', periodTo: '2026-10-31', incidentDate: '', notificationDate: '2026-11-04', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, lead.email)
    await page.goto(`/reviews/${review.id}/rapid-review`)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Rapid review')
    expect(await page.getByText('The rapid review can be downloaded for the Panel once the decision is recorded.').count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])

    const fillDate = async (name: string, d: string, m: string, y: string) => {
      await page.locator(`#${name}-day`).fill(d)
      await page.locator(`#${name}-month`).fill(m)
      await page.locator(`#${name}-year`).fill(y)
    }

    // The facts: a mistake first (31 February), then put right.
    await page.getByRole('link', { name: 'Change The facts' }).click()
    await page.getByLabel('The child').fill('Child P, aged 2, lives with her mother and Sibling A.')
    await page.getByLabel('The household').fill('Mother; Sibling A (6); mother’s partner stays most nights.')
    await page.getByLabel('Agencies involved').fill('Police\nHealth visiting\nChildren’s social care')
    await page.getByLabel('The incident').fill('Child P was taken to hospital with a head injury.')
    await fillDate('incidentDate', '31', '2', '2026')
    await fillDate('becameAware', '3', '11', '2026')
    await page.getByRole('button', { name: /Save and continue/ }).click()
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('The date of the incident must be a real date')
    expect(await page.getByLabel('The incident').inputValue()).toBe('Child P was taken to hospital with a head injury.')
    expect(await seriousAxeViolations(page)).toEqual([])
    await fillDate('incidentDate', '2', '11', '2026')
    await page.getByRole('button', { name: /Save and continue/ }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Immediate safeguarding action')
    await page.locator('#action-0').fill('Safety plan: Sibling A stays with her grandmother')
    await page.locator('#for-0').fill('Sibling A')
    await page.locator('#by-0').fill('Children’s social care')
    await page.locator('#done-0').check()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('button', { name: /Save and continue/ }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Learning so far')

    // The decision: reasons are required.
    await page.goto(`/reviews/${review.id}/rapid-review/decision`)
    await page.getByLabel('Carry out a local child safeguarding practice review').check()
    await page.getByRole('button', { name: /Save and continue/ }).click()
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Give the reasons for the decision')
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByLabel('Reasons for the decision').fill('Three agencies knew about the partner; how that knowledge moves may show learning beyond this case.')
    await fillDate('decisionDate', '18', '11', '2026')
    await page.getByLabel(/Questions a local review would start from/).fill('How does information about a new partner reach the agencies working with a family?')
    await page.getByRole('button', { name: /Save and continue/ }).click()

    // Sign-off by the three partners.
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign-off by the safeguarding partners')
    for (const [partner, name, role] of [['police', 'Ryan Hale', 'Head of Public Protection'], ['health', 'Priya Natarajan', 'Chief Nurse'], ['local-authority', 'Dana Okafor', 'Director of Children’s Services']] as const) {
      await page.locator(`#name-${partner}`).fill(name)
      await page.locator(`#role-${partner}`).fill(role)
      await fillDate(`date-${partner}`, '19', '11', '2026')
    }
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('button', { name: /Save and continue/ }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sent to the Panel and its response')
    await fillDate('sentToPanel', '20', '11', '2026')
    await page.getByRole('button', { name: 'Save', exact: true }).click()

    // The summary: deadlines with their source sentences, and the exports.
    await expect.poll(() => page.locator('h1').textContent()).toBe('Rapid review')
    expect(await page.locator('#rapid-review-clocks').textContent()).toContain('within 15 working days of becoming aware of the incident')
    expect(await page.locator('#section-sign-off').textContent()).toContain('Priya Natarajan, Chief Nurse')
    expect(await seriousAxeViolations(page)).toEqual([])
    for (const [name, type] of [['PDF', 'application/pdf'], ['Word document (DOCX)', 'wordprocessingml']] as const) {
      const href = await page.getByRole('link', { name }).getAttribute('href')
      const file = await page.request.get(href!)
      expect(file.status()).toBe(200)
      expect(file.headers()['content-type']).toContain(type)
      expect((await file.body()).length).toBeGreaterThan(1000)
    }

    // Start the local review: linked both ways.
    await page.getByRole('button', { name: 'Start the local review' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Local child safeguarding practice review: Child P')
    expect(await page.getByRole('link', { name: 'Started from this rapid review' }).getAttribute('href')).toBe(`/reviews/${review.id}`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('link', { name: 'Started from this rapid review' }).click()
    expect(await page.getByRole('link', { name: 'The local review started from it' }).count()).toBe(1)
    expect(h.problems).toEqual([])
  })
})
