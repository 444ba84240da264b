// Real headless Chromium (Debian's package) driven by playwright-core, against the real app listening on a
// free port. Without Chromium the browser tests are skipped locally with a clear warning; in CI they fail.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { describe } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM_PATH)

/** describe() for browser tests: skipped with a warning when Chromium is absent, except in CI where that is an error. */
export function describeInBrowser(name: string, fn: () => void): void {
  if (!HAVE_CHROMIUM) {
    if (process.env.CI) throw new Error(`Browser tests need Chromium at ${CHROMIUM_PATH} (CI installs it with apt-get install chromium)`)
    console.warn(`Skipping browser tests "${name}": no Chromium at ${CHROMIUM_PATH}. Install it with: apt-get install chromium`)
    describe.skip(name, fn)
    return
  }
  describe(name, fn)
}

export interface BrowserHarness {
  t: TestApp
  baseUrl: string
  browser: Browser
  /** Messages from the browser console that show a CSP refusal or a script error. */
  problems: string[]
  newPage(): Promise<Page>
  close(): Promise<void>
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const t = await createTestApp()
  // The browser keeps real time: cookies dated by a clock in the past would expire on arrival.
  t.clock.set(new Date())
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 })
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  })
  const problems: string[] = []
  return {
    t, baseUrl: address, browser, problems,
    async newPage() {
      const context = await browser.newContext({ baseURL: address })
      const page = await context.newPage()
      page.on('console', (msg) => {
        const text = msg.text()
        if (msg.type() === 'error' && /Content Security Policy|Refused to|Uncaught/i.test(text)) problems.push(text)
      })
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      return page
    },
    async close() {
      await browser.close()
      await t.close()
    },
  }
}

export async function signInAs(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

const require = createRequire(import.meta.url)
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/**
 * Runs axe-core in the page (through the DevTools protocol, so the page's strict CSP stays on) and returns
 * the serious and critical violations.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
