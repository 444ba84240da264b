// A signed-in browser over real HTTP (fetch), for tests of a server running in another process (a restored
// database, the cluster): cookies kept, the form's CSRF token picked up, redirects not followed.
export class HttpAgent {
  private cookies = new Map<string, string>()
  csrfToken = ''

  constructor(private readonly base: string) {}

  private remember(res: Response, body: string): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const at = pair.indexOf('=')
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()]
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(body)
    if (match?.[1]) this.csrfToken = match[1]
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    return { ...extra, ...(cookie ? { cookie } : {}) }
  }

  async get(url: string): Promise<{ status: number; body: string; headers: Headers }> {
    const res = await fetch(`${this.base}${url}`, { headers: this.headers(), redirect: 'manual' })
    const body = await res.text()
    this.remember(res, body)
    return { status: res.status, body, headers: res.headers }
  }

  async post(url: string, form: Record<string, string>): Promise<{ status: number; body: string; headers: Headers }> {
    const res = await fetch(`${this.base}${url}`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: this.csrfToken, ...form }).toString(),
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
    })
    const body = await res.text()
    this.remember(res, body)
    return { status: res.status, body, headers: res.headers }
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
