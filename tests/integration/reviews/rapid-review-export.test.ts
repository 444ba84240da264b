import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { docxText } from '../reports/report-text.js'
import { COMPLETE } from './rapid-review-fixture.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

async function api(token: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, payload: body !== undefined ? JSON.stringify(body) : undefined })
}

async function rapidReview() {
  const lead = await addUser(t, 'reviewer')
  const { token } = await createApiToken(t.ctx, systemActor, lead.email, 'x')
  const created = await api(token, 'POST', '/api/v1/reviews', { title: 'Rapid review: Child P', methodology: 'rapid-review', subject: { pseudonym: 'Child P' }, reviewPeriod: { from: '2025-01-01', to: '2025-12-31' } })
  return { token, id: created.json().id as string }
}

/** The PDF's text, page by page, read back with pdfjs. */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  const pages: string[] = []
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  return pages.join('\n').replace(/\s+/g, ' ')
}

const IN_ORDER = [
  '1. The child, the household and the incident', '2. Agencies involved', '3. Immediate safeguarding action', '4. Learning identified so far',
  '5. Criteria for a local child safeguarding practice review', '6. Decision and reasons', '7. Sign-off by the safeguarding partners', '8. Sent to the Panel and its response',
]

function expectInOrder(text: string, parts: string[]) {
  let at = -1
  for (const part of parts) {
    const found = text.indexOf(part, at + 1)
    expect(found, `"${part}" after position ${at}`).toBeGreaterThan(at)
    at = found
  }
}

describe('exporting the rapid review for the Panel', () => {
  it('refuses while there is no decision, with a clear message, and records no export', async () => {
    const { token, id } = await rapidReview()
    await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { ...COMPLETE, decision: null, decisionReasons: '', decisionDate: null, signOff: [], sentToPanel: null, panelResponse: null })
    for (const format of ['docx', 'pdf', 'json']) {
      const res = await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review/export?format=${format}`)
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ error: 'no-decision', message: expect.stringContaining('has no decision yet') })
    }
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'rapid-review.export').execute()).toEqual([])
  })

  it('writes a PDF that reads back with every section of the template in order', async () => {
    const { token, id } = await rapidReview()
    await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, COMPLETE)
    const res = await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review/export?format=pdf`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toContain('rapid-review-child-p.pdf')
    expect(res.headers['cache-control']).toBe('no-store')
    const text = await pdfText(res.rawPayload)
    expectInOrder(text, IN_ORDER)
    for (const fact of ['Rapid review: Child P', 'Sibling A placed with maternal grandmother', 'Carry out a local child safeguarding practice review', 'Priya Natarajan', '3 February 2026', 'OFFICIAL-SENSITIVE']) {
      expect(text).toContain(fact)
    }
    expect(await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'rapid-review.export').execute()).toHaveLength(1)
  })

  it('writes a DOCX that reads back with the same sections and the sign-off of all three partners', async () => {
    const { token, id } = await rapidReview()
    await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, COMPLETE)
    const res = await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review/export?format=docx`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('wordprocessingml')
    const text = (await docxText(res.rawPayload)).replace(/\s+/g, ' ')
    expectInOrder(text, IN_ORDER)
    for (const name of ['Dana Okafor', 'Det Supt Ryan Hale', 'Priya Natarajan', 'The Panel agrees a local review is the right course.']) expect(text).toContain(name)
  })

  it('gives the same record as JSON, and refuses an unknown format', async () => {
    const { token, id } = await rapidReview()
    await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, COMPLETE)
    const json = await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review/export?format=json`)
    expect(json.statusCode).toBe(200)
    expect(JSON.parse(json.body)).toMatchObject({ decision: 'lcspr', signOff: COMPLETE.signOff, sections: expect.any(Array) })
    const bad = await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review/export?format=odt`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].path).toContain('format')
  })
})
