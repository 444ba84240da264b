// A tiny cookie-and-CSRF-aware client over app.inject, so integration tests act like a signed-in browser.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { TEST_PASSWORD } from './test-app.js'

let agents = 0

export class Agent {
  private cookies = new Map<string, string>()
  csrfToken = ''
  /**
   * Each agent is its own browser on its own address: request limits (counted per address, in the database, across
   * app instances) apply to each person apart, as they do to people signing in from different machines.
   */
  private readonly remoteAddress = `10.${(++agents >> 16) & 255}.${(agents >> 8) & 255}.${agents & 255}`

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      if (c.value === '') this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (match?.[1]) this.csrfToken = match[1]
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.remoteAddress, headers: { ...headers, ...(this.cookieHeader() ? { cookie: this.cookieHeader()! } : {}) } })
    this.remember(res)
    return res
  }

  /** Posts a form with the current CSRF token unless `csrf: false`. Arrays become repeated fields. */
  async post(url: string, form: Record<string, string | string[]> = {}, opts: { csrf?: boolean; method?: 'POST' | 'PUT' | 'DELETE' } = {}): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams()
    if (opts.csrf !== false) params.append('_csrf', this.csrfToken)
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item)
    const res = await this.app.inject({
      remoteAddress: this.remoteAddress,
      method: opts.method ?? 'POST', url, payload: params.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookieHeader() ? { cookie: this.cookieHeader()! } : {}) },
    })
    this.remember(res)
    return res
  }

  /** JSON to a page-side endpoint (e.g. the map editor's save), with the CSRF header. */
  async sendJson(method: 'POST' | 'PUT' | 'DELETE', url: string, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      remoteAddress: this.remoteAddress,
      method, url, payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': this.csrfToken, ...headers, ...(this.cookieHeader() ? { cookie: this.cookieHeader()! } : {}) },
    })
    this.remember(res)
    return res
  }

  async multipart(url: string, fields: Record<string, string>, files: { field: string; filename: string; content: Buffer; type?: string }[]): Promise<LightMyRequestResponse> {
    const boundary = '----cwltest' + Math.random().toString(16).slice(2)
    const chunks: Buffer[] = []
    const all = { _csrf: this.csrfToken, ...fields }
    for (const [k, v] of Object.entries(all)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
    for (const f of files) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`))
      chunks.push(f.content, Buffer.from('\r\n'))
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`))
    const res = await this.app.inject({
      remoteAddress: this.remoteAddress,
      method: 'POST', url, payload: Buffer.concat(chunks),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(this.cookieHeader() ? { cookie: this.cookieHeader()! } : {}) },
    })
    this.remember(res)
    return res
  }

  hasSession(): boolean {
    return this.cookies.has('cwl_session')
  }

  sessionCookie(): string | undefined {
    return this.cookies.get('cwl_session')
  }
}

/** Signs in through the real login form; throws if it did not work. */
export async function signIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = new Agent(app)
  await agent.get('/login')
  const res = await agent.post('/login', { email, password })
  if (res.statusCode !== 303) throw new Error(`sign-in failed for ${email}: ${res.statusCode}`)
  await agent.get('/account') // picks up the new session's CSRF token
  return agent
}

/** Multipart body for API calls (bearer token, no CSRF). */
export function multipartBody(fields: Record<string, string>, files: { field: string; filename: string; content: Buffer; type?: string }[]): { payload: Buffer; contentType: string } {
  const boundary = '----cwlapi' + Math.random().toString(16).slice(2)
  const chunks: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`))
    chunks.push(f.content, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}
