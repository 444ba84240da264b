// A signed-in browser over real HTTP, for tests of a server running in another process (a restored database,
// the cluster): cookies kept, the form's CSRF token picked up, redirects not followed. Each request opens a
// connection of its own (no keep-alive), so under npm run start:cluster successive requests reach the workers in turn.
import http from 'node:http'

export interface HttpResponse { status: number; body: string; headers: http.IncomingHttpHeaders }

function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }))
      res.on('error', reject)
    })
    request.on('error', reject)
    request.setTimeout(30_000, () => request.destroy(new Error(`${method} ${url} timed out`)))
    request.end(body)
  })
}

export class HttpAgent {
  private cookies = new Map<string, string>()
  csrfToken = ''

  constructor(private readonly base: string) {}

  private remember(res: HttpResponse): void {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()]
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (match?.[1]) this.csrfToken = match[1]
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    return { ...extra, ...(cookie ? { cookie } : {}) }
  }

  async get(url: string): Promise<HttpResponse> {
    const res = await send(`${this.base}${url}`, 'GET', this.headers())
    this.remember(res)
    return res
  }

  async post(url: string, form: Record<string, string>): Promise<HttpResponse> {
    const res = await send(`${this.base}${url}`, 'POST', this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      new URLSearchParams({ _csrf: this.csrfToken, ...form }).toString())
    this.remember(res)
    return res
  }

  sessionCookie(): string | undefined {
    return this.cookies.get('cwl_session')
  }
}

/** Signs in through the real login form over HTTP; throws if it did not work. */
export async function signInOverHttp(base: string, email: string, password: string): Promise<HttpAgent> {
  const agent = new HttpAgent(base)
  await agent.get('/login')
  const res = await agent.post('/login', { email, password })
  if (res.status !== 303) throw new Error(`sign-in failed for ${email}: ${res.status} ${res.body.slice(0, 200)}`)
  await agent.get('/account') // the new session's CSRF token
  return agent
}
