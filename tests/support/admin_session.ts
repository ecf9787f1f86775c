import { serverUrl } from '#tests/support/app_process'

/**
 * A signed-in staff panel session for tests that talk to /admin over
 * HTTP: signs in through the login form (as a browser does, with this
 * site's Origin), keeps the cookies, and sends the CSRF token the panel
 * hands out (the XSRF-TOKEN cookie) back as the X-XSRF-TOKEN header.
 */
export class AdminSession {
  readonly cookies = new Map<string, string>()

  constructor(readonly baseUrl: string = serverUrl()) {}

  static async signIn(email: string, password: string, baseUrl = serverUrl()) {
    const session = new AdminSession(baseUrl)
    const response = await session.postForm('/admin/login', { email, password })
    if (response.status !== 302) {
      throw new Error(`Panel sign-in as ${email} failed: ${response.status}`)
    }
    await session.request('GET', '/admin')
    return session
  }

  get csrfToken(): string | undefined {
    return this.cookies.get('XSRF-TOKEN')
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  #remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const separator = pair.indexOf('=')
      const name = pair.slice(0, separator).trim()
      const value = pair.slice(separator + 1).trim()
      const expired = attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute))
      if (expired || value === '') {
        this.cookies.delete(name)
      } else {
        this.cookies.set(name, value)
      }
    }
  }

  /**
   * Any request with the session's cookies, its CSRF header and this
   * site's Origin; redirects are not followed (their status is the answer).
   */
  async request(
    method: string,
    path: string,
    options: { body?: RequestInit['body']; headers?: Record<string, string> } = {}
  ): Promise<Response> {
    const headers: Record<string, string> = {
      origin: this.baseUrl,
      cookie: this.cookieHeader(),
      ...options.headers,
    }
    if (this.csrfToken && !('x-xsrf-token' in headers)) {
      headers['x-xsrf-token'] = this.csrfToken
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body,
      redirect: 'manual',
    })
    this.#remember(response)
    return response
  }

  postForm(path: string, fields: Record<string, string>) {
    return this.request('POST', path, {
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  }

  /**
   * A call to the panel's JSON API (/admin/api/...), as AdminJS's own
   * client makes it.
   */
  async api(method: 'GET' | 'POST', path: string, payload?: Record<string, unknown>) {
    const response = await this.request(method, `/admin/api${path}`, {
      body: payload === undefined ? undefined : JSON.stringify(payload),
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
    })
    const text = await response.text()
    let body: any
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
    return { status: response.status, body, headers: response.headers }
  }
}
