import fs from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { loadMap } from '../../server/services/causal-map.js'
import { createEpisode } from '../../server/services/key-practice-episodes.js'
import { describeInBrowser, seriousAxeViolations, signInAs, startBrowserHarness, type BrowserHarness } from './support/browser.js'
import { api, setUpAnalysisReview, type AnalysisFixture } from '../integration/analysis/analysis-fixture.js'

describeInBrowser('the causal why-map editor in Chromium', () => {
  let h: BrowserHarness
  let f: AnalysisFixture
  beforeAll(async () => {
    h = await startBrowserHarness()
    f = await setUpAnalysisReview(h.t)
  })
  afterAll(async () => { await h?.close() })

  const editor = () => `/reviews/${f.reviewId}/map`

  async function openEditor(page: Page): Promise<void> {
    await page.goto(editor())
    await page.waitForSelector('#map-editor[data-map-ready="true"]', { timeout: 20_000 })
  }

  async function addNode(page: Page, label: string, kind: string, level: string): Promise<void> {
    await page.locator('#add-label').fill(label)
    await page.locator('#add-kind').selectOption({ label: kind })
    await page.locator('#add-level').selectOption({ label: level })
    await page.getByRole('button', { name: 'Add node' }).click()
    await expect.poll(() => page.locator('[data-node-id]').filter({ hasText: label }).count()).toBe(1)
  }

  async function saveAndWait(page: Page): Promise<void> {
    await page.locator('[data-action="save"]').click()
    await expect.poll(() => page.locator('[data-action="save"]').textContent()).toBe('Saved')
  }

  it('builds a small map, links two nodes with evidence and a counterfactual answer, and finds it all after a reload', async () => {
    const page = await h.newPage()
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    await addNode(page, 'Caseloads of 26 against a target of 18', 'Contributory factor', 'Team and supervision')
    await addNode(page, 'One-year review held by video', 'Event or action', 'Frontline practice')

    await page.locator('#connect-source').selectOption({ label: 'Caseloads of 26 against a target of 18' })
    await page.locator('#connect-target').selectOption({ label: 'One-year review held by video' })
    await page.locator('#connect-strength').selectOption('moderate')
    await page.getByRole('button', { name: 'Add link' }).click()
    await expect.poll(() => page.locator('#panel-heading').textContent()).toBe('Link')

    // Evidence and the counterfactual answer, in the side panel.
    const evidence = await page.locator('#panel-add-evidence option').filter({ hasText: 'One-year review by video' }).getAttribute('value')
    await page.locator('#panel-add-evidence').selectOption(evidence!)
    await page.getByRole('button', { name: 'Add evidence' }).click()
    await page.getByLabel('No: it would probably not have happened').check()
    await page.locator('#panel-note').fill('Without the caseload the review would have been in person.')
    await page.locator('#panel-note').blur()
    await saveAndWait(page)

    await page.reload()
    await page.waitForSelector('#map-editor[data-map-ready="true"]')
    expect(await page.locator('[data-node-id]').allTextContents()).toEqual([
      'Caseloads of 26 against a target of 18 Contributory factor',
      'One-year review held by video Event or action',
    ])
    const stored = (await loadMap(h.t.db, f.reviewId)).map
    expect(stored.edges).toHaveLength(1)
    expect(stored.edges[0]).toMatchObject({ strength: 'moderate', evidence: [{ type: 'event', id: f.events.may }], counterfactual: { answer: 'no', note: 'Without the caseload the review would have been in person.' } })
    // Positions are saved with the map.
    expect(stored.nodes.every((n) => typeof n.x === 'number' && typeof n.y === 'number')).toBe(true)

    // Clicking the node in the list shows its links in the panel.
    await page.locator('[data-node-id]').filter({ hasText: 'One-year review held by video' }).click()
    await expect.poll(() => page.locator('[data-map-panel]').textContent()).toContain('Caused by')
    expect(await page.locator('[data-map-panel]').textContent()).toContain('Caseloads of 26 against a target of 18')
    expect(h.problems).toEqual([])
  })

  it('adds, undoes, redoes, saves and moves a node using only the keyboard', async () => {
    const page = await h.newPage()
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    const typed = () => page.locator('[data-node-id]').filter({ hasText: 'Typed without a mouse' })
    await page.locator('body').focus()
    await page.keyboard.press('n')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('add-label')
    await page.keyboard.type('Typed without a mouse')
    await page.keyboard.press('Tab') // kind
    await page.keyboard.press('End') // the last kind: outcome
    await page.keyboard.press('Tab') // level
    await page.keyboard.press('End') // the last level: child and family
    await page.keyboard.press('Tab') // Add node
    await page.keyboard.press('Enter')
    await expect.poll(() => typed().count()).toBe(1)
    // Undo and redo, outside a text field.
    await page.locator('[data-map-canvas]').focus()
    await page.keyboard.press('Control+z')
    await expect.poll(() => typed().count()).toBe(0)
    await page.keyboard.press('Control+Shift+z')
    await expect.poll(() => typed().count()).toBe(1)
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('[data-action="save"]').textContent()).toBe('Saved')
    const added = (await loadMap(h.t.db, f.reviewId)).map.nodes.find((n) => n.label === 'Typed without a mouse')
    expect(added).toMatchObject({ kind: 'outcome', level: 'child-family' })

    // Choose it in the list of nodes, then move it with the arrow keys while the drawing has focus.
    await typed().focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => typed().getAttribute('aria-pressed')).toBe('true')
    await page.locator('[data-map-canvas]').focus()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('[data-action="save"]').textContent()).toBe('Saved')
    const moved = (await loadMap(h.t.db, f.reviewId)).map.nodes.find((n) => n.id === added!.id)
    expect({ x: moved!.x, y: moved!.y }).toEqual({ x: added!.x! + 10, y: added!.y! + 50 })
    expect(h.problems).toEqual([])
  })

  it('says someone else changed the map when saving over a newer version, and reloads their change', async () => {
    const page = await h.newPage()
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    // Meanwhile the review team saves through the API.
    const current = await loadMap(h.t.db, f.reviewId)
    const theirs = { nodes: [...current.map.nodes, { id: 'team-node', kind: 'system-factor', level: 'local-partnership', label: 'Added by the review team' }], edges: current.map.edges }
    expect((await api(h.t, f.team.token, 'PUT', `/api/v1/reviews/${f.reviewId}/map`, theirs, { 'if-match': String(current.version) })).statusCode).toBe(200)

    await addNode(page, 'Added by the lead', 'Condition or state', 'Frontline practice')
    await page.locator('[data-action="save"]').click()
    const banner = page.locator('[data-map-stale]')
    await expect.poll(() => banner.isVisible()).toBe(true)
    expect(await banner.textContent()).toContain('Someone else changed this map')
    expect((await loadMap(h.t.db, f.reviewId)).map.nodes.some((n) => n.label === 'Added by the lead')).toBe(false)

    await page.getByRole('button', { name: 'Reload the map' }).click()
    await expect.poll(() => banner.isVisible()).toBe(false)
    await expect.poll(() => page.locator('[data-node-id]').filter({ hasText: 'Added by the review team' }).count()).toBe(1)
    expect(await page.locator('[data-node-id]').filter({ hasText: 'Added by the lead' }).count()).toBe(0)
    expect(h.problems).toEqual([])
  })

  it('lays out a map saved without positions with ELK in a worker, top-down by level, under the CSP', async () => {
    const current = await loadMap(h.t.db, f.reviewId)
    const unplaced = {
      nodes: [
        { id: 'gov', kind: 'system-factor', level: 'government', label: 'National guidance on bruising in babies' },
        { id: 'front', kind: 'event', level: 'frontline', label: 'Bruise recorded, no referral' },
        { id: 'child', kind: 'outcome', level: 'child-family', label: 'Injury' },
      ],
      edges: [{ id: 'l1', source: 'gov', target: 'front', evidence: [], counterfactual: null }, { id: 'l2', source: 'front', target: 'child', evidence: [], counterfactual: null }],
    }
    expect((await api(h.t, f.lead.token, 'PUT', `/api/v1/reviews/${f.reviewId}/map`, unplaced, { 'if-match': String(current.version) })).statusCode).toBe(200)
    const page = await h.newPage()
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    await page.locator('[data-action="layout"]').click()
    await expect.poll(() => page.locator('[data-map-status]').textContent(), { timeout: 20_000 }).toMatch(/Map laid out in/)
    await saveAndWait(page)
    const placed = (await loadMap(h.t.db, f.reviewId)).map.nodes
    const y = (id: string) => placed.find((n) => n.id === id)?.y ?? NaN
    expect(y('gov')).toBeLessThan(y('front'))
    expect(y('front')).toBeLessThan(y('child'))
    expect(h.problems).toEqual([])
  })

  it('downloads the saved map as a PNG drawn on the server from the report figure', async () => {
    const page = await h.newPage()
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action="png"]').click()])
    expect(download.suggestedFilename()).toMatch(/^why-map-v\d+\.png$/)
    const file = fs.readFileSync((await download.path())!)
    expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(file.length).toBeGreaterThan(1000)
    expect(h.problems).toEqual([])
  })

  it('has no serious accessibility problems on the editor, the table view, the history and the analysis pages', async () => {
    const page = await h.newPage()
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    if ((await page.locator('[data-node-id]').count()) === 0) await addNode(page, 'A node to select', 'Event or action', 'Frontline practice')
    await page.locator('[data-node-id]').first().click()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.goto(`${editor()}/table`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.goto(`${editor()}/history`)
    expect(await seriousAxeViolations(page)).toEqual([])
    // The analysis pages: the list, an episode seen from the tunnel (and with hindsight), its evidence and a factor.
    const episodeId = await createEpisode(h.t.ctx, f.lead.actor, f.reviewId, { title: 'The second call', dateStart: '2021-03-10', dateEnd: '2021-03-10', agencies: ['Police'] }, { eventIds: [f.events.march] })
    for (const path of ['/analysis', `/analysis/episodes/${episodeId}`, `/analysis/episodes/${episodeId}?hindsight=shown`, `/analysis/episodes/${episodeId}/evidence`, `/analysis/episodes/${episodeId}/factors/new`]) {
      await page.goto(`/reviews/${f.reviewId}${path}`)
      expect(await seriousAxeViolations(page), path).toEqual([])
    }
    expect(h.problems).toEqual([])
  }, 90_000)
})
