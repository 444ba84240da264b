import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { createReview } from '../../server/services/reviews.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

const CSV = [
  'Date,Worker,Type,Narrative,Follow-up',
  '03/02/2021,Health Visitor 1,Home visit,"Seen at home; cot bumper removed, safe sleep discussed",Review in two weeks',
  '31/02/2021,Health Visitor 1,Phone call,Mother rang about a rash,Advice given',
  '17/02/2021,Health Visitor 1,Home visit,Baby weighed: gaining well,None',
  ',Health Visitor 1,Letter,Letter to GP about low mood,Sent',
].join('\r\n')

describeInBrowser('importing a chronology and searching it in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('uploads a file with progress, shows rejected rows, takes a corrected mapping, commits, and finds an event by search; no serious accessibility problems', async () => {
    const lead = await addUser(h.t, 'reviewer')
    const review = await createReview(h.t.ctx, { userId: lead.id, role: 'reviewer', name: lead.name, via: 'session', requestId: null }, {
      title: 'Browser chronology review', boardName: 'Test partnership', subjectPseudonym: 'Child B', methodology: 'learning-together',
      periodFrom: '2020-10-01', periodTo: '2021-09-30', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    const page = await h.newPage()
    await signInAs(page, lead.email)

    await page.goto(`/reviews/${review.id}/imports/new`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByLabel('Agency').fill('Health Visiting')
    await page.getByLabel('Chronology file').setInputFiles({ name: 'health-visiting.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) })
    // With JavaScript the form is sent in the background (upload progress), answered at once with 202.
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/reviews/${review.id}/imports`)
    await page.getByRole('button', { name: 'Upload and check' }).click()
    expect((await posted).status()).toBe(202)
    await page.waitForURL(/\/imports\/[^/]+$/)
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Check the Health Visiting chronology')

    // Rejected rows are listed with row, column and reason.
    const rejected = page.locator('#rejected + p + table')
    await expect.poll(() => rejected.locator('tbody tr').count()).toBe(2)
    expect(await rejected.textContent()).toContain('31/02/2021 is not a real date')
    expect(await rejected.textContent()).toContain('the date is blank')
    expect(await seriousAxeViolations(page)).toEqual([])

    // Correct the mapping: the follow-up column holds the outcome.
    await page.getByLabel('Outcome or action').selectOption('Follow-up')
    await page.getByLabel('What happened', { exact: true }).selectOption('Narrative')
    const reread = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/settings'))
    await page.getByRole('button', { name: 'Check the file again' }).click()
    expect((await reread).status()).toBe(202)
    await expect.poll(async () => (await page.locator('table').first().textContent()) ?? '', { timeout: 15_000 }).toContain('Review in two weeks')
    expect(await page.getByLabel('Outcome or action').inputValue()).toBe('Follow-up')

    await page.getByRole('button', { name: 'Add to the chronology' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner__heading').textContent()).toBe('2 events added to the chronology')
    // After the commit: the summary in words and a way to upload the next file.
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('day/month/year, such as 31/01/2020')
    expect(await page.getByRole('button', { name: 'Upload another chronology' }).count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.goto(`/reviews/${review.id}/imports`)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.goto(`/reviews/${review.id}/chronology`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByLabel('Search the words').fill('cot bumper')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL(/q=cot/)
    const rows = page.locator('table tbody tr')
    expect(await rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('Seen at home; cot bumper removed, safe sleep discussed')
    expect(await rows.first().textContent()).toContain('health-visiting.csv')
    expect(await seriousAxeViolations(page)).toEqual([])

    // The start of a word finds it, and OR finds either.
    await page.getByLabel('Search the words').fill('weigh OR bump')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL(/q=weigh/)
    expect(await rows.count()).toBe(2)
    expect(await page.locator('table tbody').textContent()).toContain('Baby weighed: gaining well')
    await page.getByLabel('Search the words').fill('weigh bump')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.waitForURL(/q=weigh\+bump/)
    expect(await page.locator('table tbody tr').count()).toBe(0)
    expect(h.problems).toEqual([])
  }, 90_000)
})
