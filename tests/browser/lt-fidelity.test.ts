// Learning Together fidelity pages at 1366×768 with axe: the tunnel per agency (more pages join as they land).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createEpisode } from '../../server/services/key-practice-episodes.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'
import { insertEvents, setUpAnalysisReview, type AnalysisFixture } from '../integration/analysis/analysis-fixture.js'

const SHOTS = process.env.SCREENSHOT_DIR

describeInBrowser('Learning Together fidelity pages in Chromium', () => {
  let h: BrowserHarness
  let f: AnalysisFixture
  beforeAll(async () => {
    h = await startBrowserHarness()
    f = await setUpAnalysisReview(h.t)
  })
  afterAll(async () => { await h?.close() })

  it("sets one agency's records beside the merged tunnel at 1366×768, with no serious axe findings", async () => {
    await insertEvents(h.t, f.reviewId, "Children's Social Care", [
      { date: '2021-03-20', summary: 'Home visit, written up the same day', recordedAt: '2021-03-20T16:05' },
      { date: '2021-04-02', summary: 'Strategy discussion notes typed later', recordedAt: '2021-04-19' },
    ])
    const episodeId = await createEpisode(h.t.ctx, f.lead.actor, f.reviewId,
      { title: 'Second call and its follow-up', dateStart: '2021-03-10', dateEnd: '2021-04-10', agencies: ['Police', "Children's Social Care"] }, { eventIds: [f.events.march] })
    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, f.lead.user.email)
    await page.goto(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}#tunnel`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('link', { name: /Show Police's records/ }).click()
    await page.waitForSelector('#agency-tunnel')
    // Side by side at this width: the agency's column starts left of the merged picture, on the same line.
    const [own, merged] = await Promise.all([page.locator('#agency-tunnel').boundingBox(), page.locator('#agency-tunnel + div').boundingBox()])
    expect(own!.x + own!.width).toBeLessThanOrEqual(merged!.x)
    expect(Math.abs(own!.y - merged!.y)).toBeLessThan(5)
    expect(await seriousAxeViolations(page)).toEqual([])
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/tunnel-agency.png`, fullPage: true })
    expect(h.problems).toEqual([])
  }, 60_000)

  it('refuses to save a causal loop drawn in the editor, then saves it with the closing link marked as feedback, at 1366×768', async () => {
    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, f.lead.user.email)
    await page.goto(`/reviews/${f.reviewId}/map`)
    await page.waitForSelector('#map-editor[data-map-ready="true"]', { timeout: 20_000 })
    const addNode = async (label: string, kind: string, level: string) => {
      await page.locator('#add-label').fill(label)
      await page.locator('#add-kind').selectOption({ label: kind })
      await page.locator('#add-level').selectOption({ label: level })
      await page.getByRole('button', { name: 'Add node' }).click()
      await expect.poll(() => page.locator('[data-node-id]').filter({ hasText: label }).count()).toBe(1)
    }
    const addLink = async (from: string, to: string, type: 'Causal' | 'Feedback') => {
      await page.locator('#connect-source').selectOption({ label: from })
      await page.locator('#connect-target').selectOption({ label: to })
      await page.locator('#connect-type').selectOption({ label: type })
      await page.getByRole('button', { name: 'Add link' }).click()
      await expect.poll(() => page.locator('#panel-heading').textContent()).toBe('Link')
    }
    await addNode('High caseloads', 'Contributory factor', 'Team and supervision')
    await addNode('Visits cut short', 'Event or action', 'Frontline practice')
    await addNode('Child seriously injured', 'Harm to the child', 'Child and family')
    await addLink('High caseloads', 'Visits cut short', 'Causal')
    await addLink('Visits cut short', 'High caseloads', 'Causal')
    await expect.poll(() => page.locator('[data-map-checks]').getByText('These causal links go round in a loop').count()).toBeGreaterThan(0)
    // Saving the loop is refused: the refusal is focused and read out, names the links, and the drawing stays.
    await page.locator('[data-action="save"]').click()
    const problems = page.locator('[data-map-problems]')
    await expect.poll(() => problems.isVisible()).toBe(true)
    expect(await problems.getAttribute('role')).toBe('alert')
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-map-problems'))).toBe(true)
    expect(await problems.locator('h2').textContent()).toBe('The map has a loop of causal links')
    expect(await problems.textContent()).toContain('the link from "Visits cut short" to "High caseloads"')
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Not saved/ }).count()).toBe(1)
    expect(await page.locator('[data-node-id]').count()).toBe(3)
    expect(await seriousAxeViolations(page)).toEqual([])
    // "Select this link" takes the reviewer to the closing link in the side panel, where it is marked as feedback:
    // the error goes, a warning stays.
    await problems.getByRole('button', { name: 'Select this link' }).click()
    await expect.poll(() => page.locator('#panel-heading').textContent()).toBe('Link')
    await page.locator('#panel-link-type').selectOption('feedback')
    const checks = page.locator('[data-map-checks]')
    await expect.poll(() => checks.getByText('These causal links go round in a loop').count()).toBe(0)
    await expect.poll(() => checks.getByText('feeds back into').count()).toBeGreaterThan(0)
    expect(await seriousAxeViolations(page)).toEqual([])
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/map-feedback.png` })
    await page.locator('[data-action="save"]').click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: /changes saved|Unsaved|Saving/ }).textContent()).toMatch(/^All changes saved/)
    await expect.poll(() => problems.isVisible()).toBe(false)
    await page.goto(`/reviews/${f.reviewId}/map/table`)
    expect(await seriousAxeViolations(page)).toEqual([])
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/map-table.png`, fullPage: true })
    expect(h.problems).toEqual([])
  }, 90_000)
})
