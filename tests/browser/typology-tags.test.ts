// The findings pages with typology 2.0 in Chromium at 1366×768: a finding tagged against 1.0 is listed for
// re-tagging, re-tagged with a neutral code whose helps/hinders radios appear when its box is ticked, and the
// list then counts good practice apart from problems. axe on every page on the way.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addUser } from '../support/test-app.js'
import { addMember, createReview } from '../../server/services/reviews.js'
import { startTaggingExercise } from '../../server/services/tagging-agreement.js'
import { createFinding } from '../../server/services/findings.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'

describeInBrowser('tagging findings with typology 2.0 in Chromium', () => {
  let h: BrowserHarness
  beforeAll(async () => { h = await startBrowserHarness() })
  afterAll(async () => { await h?.close() })

  it('lists a 1.0 finding for re-tagging, re-tags it with a marker, and counts helps and hinders apart', { timeout: 90_000 }, async () => {
    const lead = await addUser(h.t, 'reviewer')
    const actor = { userId: lead.id, role: lead.role, name: lead.name, via: 'session' as const, requestId: null }
    const review = await createReview(h.t.ctx, actor, {
      title: 'Learning review: Child V', boardName: 'Test partnership', subjectPseudonym: 'Child V', methodology: 'learning-together',
      periodFrom: '2020-01-01', periodTo: '2021-01-01', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    const empty = { pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '', researchQuestionIds: [], kpeIds: [], nodeIds: [], evidence: [], boardQuestions: [] }
    const old = await createFinding(h.t.ctx, actor, review.id, { ...empty, kind: 'systemic', title: 'Agreement taken as change', typologyCodes: ['FPI'] })
    // As an existing review has it: tagged against 1.0 with the retired "disguised compliance".
    await h.t.db.deleteFrom('finding_tags').where('finding_id', '=', old.id).execute()
    await h.t.db.insertInto('finding_tags').values({ finding_id: old.id, code: 'FPI-1', typology_version: '1.0', tagged_by: lead.id, tagged_at: '2025-06-01T10:00:00.000Z', effect: null }).execute()
    await createFinding(h.t.ctx, actor, review.id, { ...empty, kind: 'good-practice', title: 'A trusted worker kept contact going', typologyCodes: ['FPI-12'] })

    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, lead.email)
    await page.goto(`/reviews/${review.id}/findings`)
    expect(await page.locator('#retagging').textContent()).toContain('FPI-1 (version 1.0, retired)')
    expect(await page.getByText('Needs re-tagging').count()).toBe(1)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/typology-v2-findings-before.png', fullPage: true })

    await page.locator('#retagging a').click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Change the finding')
    expect(await page.getByText('Consider FPI-11.', { exact: false }).count()).toBeGreaterThan(0)
    // The marker appears only once a code is ticked.
    const radios = page.locator('#effect-FPI-11-conditional')
    await page.getByText('FPI: Family–professional interaction', { exact: true }).click()
    expect(await radios.isVisible()).toBe(false)
    await page.getByLabel('FPI-11: Checking engagement against change for the child').check()
    await expect.poll(() => radios.isVisible()).toBe(true)
    await radios.getByLabel('Hinders').check()
    await page.getByLabel('FPI-1: Disguised compliance (version 1.0)').uncheck()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/typology-v2-form.png', fullPage: false, clip: { x: 0, y: 0, width: 1366, height: 768 } })
    await page.getByRole('button', { name: 'Save finding' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('Finding saved')
    const tags = page.locator('li', { hasText: 'FPI-11' })
    expect(await tags.first().textContent()).toContain('Hinders')
    expect(await page.getByText('Needs re-tagging').count()).toBe(0)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.goto(`/reviews/${review.id}/findings`)
    expect(await page.locator('#retagging').count()).toBe(0)
    const fpiRow = page.locator('#patterns tr', { hasText: 'FPI: Family–professional interaction' })
    expect((await fpiRow.locator('td').allTextContents()).map((x) => x.trim())).toEqual(['1', '1'])
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.screenshot({ path: '/tmp/typology-v2-findings-after.png', fullPage: true })
    expect(h.problems).toEqual([])
  })

  it('asks for the helps/hinders marker with each code in a blind tagging exercise, and names a missing one', { timeout: 90_000 }, async () => {
    const lead = await addUser(h.t, 'reviewer')
    const second = await addUser(h.t, 'reviewer')
    const actor = { userId: lead.id, role: lead.role, name: lead.name, via: 'session' as const, requestId: null }
    const review = await createReview(h.t.ctx, actor, {
      title: 'Learning review: Child W', boardName: 'Test partnership', subjectPseudonym: 'Child W', methodology: 'learning-together',
      periodFrom: '2020-01-01', periodTo: '2021-01-01', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    await addMember(h.t.ctx, actor, review.id, { email: second.email, role: 'review-team', agency: 'Health Visiting' })
    const empty = { pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '', researchQuestionIds: [], kpeIds: [], nodeIds: [], evidence: [], boardQuestions: [] }
    const finding = await createFinding(h.t.ctx, actor, review.id, { ...empty, kind: 'systemic', title: 'Notices go to one team only', typologyCodes: [] })
    const exercise = await startTaggingExercise(h.t.ctx, actor, review.id, { firstUserId: lead.id, secondUserId: second.id })

    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, lead.email)
    await page.goto(`/reviews/${review.id}/findings/agreement/${exercise.id}`)
    const radios = page.locator(`#effect-${finding.id}-MAL-1-conditional`)
    await page.getByText('MAL: Multi-agency working', { exact: false }).first().click()
    expect(await radios.isVisible()).toBe(false)
    await page.locator(`#tag-${finding.id}-MAL-1`).check()
    await expect.poll(() => radios.isVisible()).toBe(true)
    expect(await seriousAxeViolations(page)).toEqual([])
    // Saved without the marker: refused, the error summary links to the radios.
    await page.getByRole('button', { name: 'Save and come back later' }).click()
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Say whether MAL-1 helps or hinders in this finding')
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe(`#effect-${finding.id}-MAL-1`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.locator(`#effect-${finding.id}-MAL-1-conditional`).getByLabel('Hinders').check()
    await page.getByRole('button', { name: 'Save and come back later' }).click()
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('Your tags are saved')
    expect(await page.locator(`#effect-${finding.id}-MAL-1-hinders`).isChecked()).toBe(true)
    expect(h.problems).toEqual([])
  })
})
