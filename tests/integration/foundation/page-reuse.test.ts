// Pages are rendered once per model and kept (plugins/views.ts): a kept page must still carry each request's own
// CSRF token and CSP nonce, and each viewer's own page. The process must keep the engine's own JSON: a library
// that replaces JSON.stringify and JSON.parse (pdfjs-dist's legacy build carries core-js, which does) made every
// page key and audit entry several times slower when it was loaded at start.
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'

let t: TestApp
afterEach(async () => { await t?.close() })

const nonceOf = (csp: unknown) => /script-src 'self' 'nonce-([0-9a-f]{32})'/.exec(String(csp))?.[1]

describe('kept pages', () => {
  it('gives every request of the same page its own nonce and the session’s own CSRF token', async () => {
    t = await createTestApp()
    const alice = await addUser(t, 'reviewer', { name: 'Alice Able' })
    const bob = await addUser(t, 'reviewer', { name: 'Bob Baker' })
    const a = await signIn(t.app, alice.email)
    const b = await signIn(t.app, bob.email)
    const pages = [await a.get('/account'), await a.get('/account'), await b.get('/account')]
    const nonces = new Set<string>()
    for (const page of pages) {
      expect(page.statusCode).toBe(200)
      const nonce = nonceOf(page.headers['content-security-policy'])!
      expect(nonce).toBeTruthy()
      nonces.add(nonce)
      const tags = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      expect(tags.length).toBeGreaterThan(0)
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`)
      expect(page.body).not.toMatch(/cwlcsrf|cwlnonce|cwl-bytes-/)
    }
    expect(nonces.size).toBe(3)
    const tokenIn = (body: string) => [...body.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1])
    expect(tokenIn(pages[1]!.body).length).toBeGreaterThan(0)
    expect(new Set(tokenIn(pages[1]!.body))).toEqual(new Set([a.csrfToken]))
    expect(new Set(tokenIn(pages[2]!.body))).toEqual(new Set([b.csrfToken]))
    expect(a.csrfToken).not.toBe(b.csrfToken)
    // Each sees their own name: the viewer is part of what a kept page is kept for.
    expect(pages[1]!.body).toContain('Alice Able')
    expect(pages[2]!.body).toContain('Bob Baker')
    expect(pages[2]!.body).not.toContain('Alice Able')
    // A form posted from a kept page is accepted: its token is the session's.
    expect((await a.post('/logout')).statusCode).toBeLessThan(400)
  })

  it('leaves the engine’s JSON.stringify, JSON.parse and Array.prototype.push in place once the app is built', () => {
    const code = `
      const s = JSON.stringify, p = JSON.parse, push = Array.prototype.push
      const { createTestApp } = await import('./tests/support/test-app.ts')
      const t = await createTestApp()
      await t.close()
      console.log(s([JSON.stringify === s, JSON.parse === p, Array.prototype.push === push]))`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
    expect(run.stderr).not.toMatch(/Error/)
    expect(run.stdout.trim().split('\n').at(-1)).toBe('[true,true,true]')
  })
})
