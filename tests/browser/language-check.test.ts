import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { createReview } from '../../server/services/reviews.js'
import { createEpisode } from '../../server/services/key-practice-episodes.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

describeInBrowser('the language check on a key practice episode’s appraisal in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('lists flagged wording under the field as the reviewer types, announces it, describes the field by it, and shows what was saved', { timeout: 90_000 }, async () => {
    const lead = await addUser(h.t, 'reviewer')
    const actor = { userId: lead.id, role: lead.role, name: lead.name, via: 'session' as const, requestId: null }
    const review = await createReview(h.t.ctx, actor, {
      title: 'Learning review: Child T', boardName: 'Test partnership', subjectPseudonym: 'Child T', methodology: 'learning-together',
      periodFrom: '2020-01-01', periodTo: '2021-01-01', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    const episodeId = await createEpisode(h.t.ctx, actor, review.id, { title: 'The February visit', dateStart: '2020-02-03', dateEnd: '', agencies: ['Health Visiting'] })

    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, lead.email)
    await page.goto(`/reviews/${review.id}/analysis/episodes/${episodeId}`)
    const field = page.getByLabel('What happened')
    const box = page.locator('#whatHappened-language')
    expect(await box.getAttribute('aria-live')).toBe('polite')
    expect(await box.locator('li').count()).toBe(0)

    await field.fill('Child T did not attend the hearing test. Had the health visitor chased it, the injury would not have happened.')
    await expect.poll(() => box.locator('li').count()).toBe(2)
    const text = (await box.textContent()) ?? ''
    // Not colour alone: a heading, the category as words, the phrase in quotation marks, the reason and a suggestion.
    expect(text).toContain('Wording to check')
    expect(text).toContain('Was not brought')
    expect(text).toContain('“did not attend”')
    expect(text).toContain('Counterfactual')
    expect(text).toContain('Try: Say the child was not brought')
    expect(await field.getAttribute('aria-describedby')).toContain('whatHappened-language')
    expect(await seriousAxeViolations(page)).toEqual([])

    // Reported speech and a clinical term are left alone; the list empties and the field is no longer described by it.
    await field.fill('The health visitor said: "we should have chased it". The baby was seen for failure to thrive.')
    await expect.poll(() => box.locator('li').count()).toBe(0)
    expect(await field.getAttribute('aria-describedby') ?? '').not.toContain('whatHappened-language')

    // Saved wording is checked on the server too, so the flags are there when the page comes back.
    await page.getByLabel('What was known at the time').fill('The nursery was lacking in professional curiosity.')
    await page.getByRole('button', { name: 'Save appraisal' }).click()
    await expect.poll(() => page.locator('#knownAtTime-language li').count()).toBe(1)
    expect(await page.locator('#knownAtTime-language').textContent()).toContain('Deficit')
    expect(await page.getByLabel('What was known at the time').getAttribute('aria-describedby')).toContain('knownAtTime-language')
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(h.problems).toEqual([])
  })
})
