import fs from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from 'cytoscape'
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
    await expect.poll(() => page.getByRole('status').filter({ hasText: /changes saved|Unsaved|Saving/ }).textContent()).toMatch(/^All changes saved/)
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
    // The evidence picker searches: words, agency and date narrow it to the one record.
    await page.locator('#panel-add-evidence').fill('video health 05/2021')
    await expect.poll(() => page.locator('#panel-add-evidence-count').textContent()).toBe('1 found.')
    await page.locator('.app-evidence-picker__choice').filter({ hasText: 'One-year review by video' }).click()
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
    await page.keyboard.press('End') // the last kind: the harm to the child
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
    await expect.poll(() => page.locator('[data-map-save-state]').textContent()).toMatch(/^All changes saved/)
    const added = (await loadMap(h.t.db, f.reviewId)).map.nodes.find((n) => n.label === 'Typed without a mouse')
    expect(added).toMatchObject({ kind: 'harm', level: 'child-family' })

    // Choose it in the list of nodes, then move it with the arrow keys while the drawing has focus.
    await typed().focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => typed().getAttribute('aria-pressed')).toBe('true')
    await page.locator('[data-map-canvas]').focus()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.locator('[data-map-save-state]').textContent()).toMatch(/^All changes saved/)
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

  /** What the drawing shows now, measured in the page: Cytoscape's own rendered label size, in CSS pixels. */
  async function drawing(page: Page) {
    return page.evaluate(() => {
      const canvas = document.querySelector('[data-map-canvas]') as HTMLElement & { _cyreg: { cy: Core } }
      const cy = canvas._cyreg.cy
      const box = canvas.getBoundingClientRect()
      const sizes = cy.nodes('[kind]').map((n) => Number.parseFloat(n.renderedStyle('font-size')))
      // Each level name's middle, and the rendered extent of that level's nodes, in page pixels.
      const levels = [...document.querySelectorAll<HTMLElement>('[data-map-levels] [data-level]')].filter((l) => !l.hidden).map((l) => {
        const r = l.getBoundingClientRect()
        const nodes = cy.nodes(`[level = "${l.dataset.level}"]`).filter((n) => n.data('kind') !== undefined)
        const bb = nodes.renderedBoundingBox({ includeLabels: false })
        return { level: l.dataset.level, middle: r.top + r.height / 2 - box.top, top: r.top - box.top, bottom: r.bottom - box.top, nodesTop: bb.y1, nodesBottom: bb.y2 }
      })
      return { top: box.top, bottom: box.bottom, height: box.height, width: box.width, smallestLabel: Math.min(...sizes), minimap: !(document.querySelector('[data-map-minimap]') as HTMLElement).hidden, levels }
    })
  }

  it('at 1366×768 shows the drawing without scrolling, with labels of at least 11 CSS pixels and level names beside their rows at every zoom', async () => {
    // A map too big to read in one view: 8 nodes a level on every level.
    const current = await loadMap(h.t.db, f.reviewId)
    const levels = ['government', 'regulators', 'local-partnership', 'agency-management', 'team', 'frontline', 'child-family']
    const nodes = levels.flatMap((level, l) => Array.from({ length: 8 }, (_, i) => ({ id: `big-${l}-${i}`, kind: 'condition', level, label: `Level ${l + 1} node ${i + 1} with a label long enough to wrap` })))
    const edges = nodes.slice(8).map((n, i) => ({ id: `big-e-${i}`, source: nodes[i]!.id, target: n.id, evidence: [] }))
    expect((await api(h.t, f.lead.token, 'PUT', `/api/v1/reviews/${f.reviewId}/map`, { nodes, edges }, { 'if-match': String(current.version) })).statusCode).toBe(200)

    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    const fitted = await drawing(page)
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
    expect(fitted.top).toBeGreaterThanOrEqual(0)
    expect(fitted.bottom).toBeLessThanOrEqual(768)
    expect(fitted.height).toBeGreaterThan(400)
    expect(fitted.smallestLabel).toBeGreaterThanOrEqual(11)
    // Too big to fit readably: the editor stays readable and offers the minimap instead.
    expect(fitted.minimap).toBe(true)

    const lineUp = (d: Awaited<ReturnType<typeof drawing>>) => {
      expect(d.levels.length).toBeGreaterThan(0)
      for (const l of d.levels) {
        // The name's box spans its level's row of nodes.
        expect(l.top, l.level).toBeLessThanOrEqual(l.nodesTop + 1)
        expect(l.bottom, l.level).toBeGreaterThanOrEqual(Math.min(l.nodesBottom, d.height) - 1)
      }
    }
    lineUp(fitted)
    await page.locator('[data-action="zoom-out"]').click()
    await page.locator('[data-action="zoom-out"]').click()
    await page.waitForTimeout(100)
    lineUp(await drawing(page))
    await page.locator('[data-action="zoom-in"]').click()
    await page.locator('[data-action="zoom-in"]').click()
    await page.locator('[data-action="zoom-in"]').click()
    await page.waitForTimeout(100)
    lineUp(await drawing(page))

    // Hiding the panel gives the drawing the room.
    await page.locator('[data-action="panel"]').click()
    await expect.poll(async () => (await drawing(page)).width).toBeGreaterThan(fitted.width + 300)
    expect(await page.locator('[data-action="panel"]').getAttribute('aria-expanded')).toBe('false')
    expect(await seriousAxeViolations(page)).toEqual([])

    // A small map fits whole, still readable, with no minimap.
    const big = await loadMap(h.t.db, f.reviewId)
    expect((await api(h.t, f.lead.token, 'PUT', `/api/v1/reviews/${f.reviewId}/map`, { nodes: nodes.slice(0, 2), edges: [] }, { 'if-match': String(big.version) })).statusCode).toBe(200)
    await openEditor(page)
    const small = await drawing(page)
    expect(small.smallestLabel).toBeGreaterThanOrEqual(11)
    expect(small.minimap).toBe(false)
    expect(h.problems).toEqual([])
  }, 90_000)

  it('saves the label with Enter (Shift+Enter for a new line), never with a trailing newline, and says the save state as a status', async () => {
    const page = await h.newPage()
    await page.setViewportSize({ width: 1366, height: 768 })
    await signInAs(page, f.lead.user.email)
    await openEditor(page)
    await addNode(page, 'Label to edit', 'Condition or state', 'Frontline practice')
    const state = page.getByRole('status').filter({ hasText: /saved|Unsaved|Saving|Not saved/ })
    await expect.poll(() => state.textContent()).toBe('Unsaved changes')
    await page.locator('[data-node-id]').filter({ hasText: 'Label to edit' }).click()
    const label = page.locator('#panel-label')
    await label.fill('First line')
    await label.press('Shift+Enter')
    await label.pressSequentially('second line ')
    await label.press('Enter')
    await expect.poll(() => state.textContent()).toMatch(/^All changes saved \(version \d+\)$/)
    const stored = (await loadMap(h.t.db, f.reviewId)).map.nodes.find((n) => n.label.startsWith('First line'))
    expect(stored?.label).toBe('First line\nsecond line')
    // The save state is not a button.
    expect(await page.getByRole('button', { name: /saved/i }).count()).toBe(0)

    // A label of 2,000 characters: a clear message, and nothing changed.
    await label.fill('x'.repeat(2000))
    await label.press('Enter')
    await expect.poll(() => page.locator('#panel-label-error').textContent()).toContain('300 characters or fewer (this is 2,000)')
    expect(await label.getAttribute('aria-invalid')).not.toBeNull()
    expect((await loadMap(h.t.db, f.reviewId)).map.nodes.some((n) => n.label.startsWith('xxx'))).toBe(false)
    await page.locator('#add-label').fill('y'.repeat(2000))
    await page.locator('#add-label').press('Enter')
    await expect.poll(() => page.locator('#add-label-error').textContent()).toContain('(this is 2,000)')
    expect(await page.locator('[data-node-id]').filter({ hasText: 'yyyy' }).count()).toBe(0)
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(h.problems).toEqual([])
  }, 60_000)

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
