import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { RateLimiter } from '#services/rate_limiter'
import type { RateLimits } from '#config/rate_limits'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'

const password = 'password123'

/**
 * Posts the panel's sign-in form as a browser on this site does (its own
 * Origin unless another is given); redirects are not followed.
 */
function postSignIn(email: string, attempt: string, headers: Record<string, string> = {}) {
  return fetch(`${serverUrl()}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'origin': serverUrl(),
      ...headers,
    },
    body: new URLSearchParams({ email, password: attempt }).toString(),
  })
}

async function signInCookie(response: Response): Promise<string> {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')
}

/**
 * The test client's per-IP sign-in count starts at zero in each test.
 */
async function resetClientIpBudget() {
  const limits = app.config.get<RateLimits>('rate_limits')
  await RateLimiter.reset('login_ip_127.0.0.1', {
    requests: limits.loginPerIpPerMinute,
    duration: '1 minute',
  })
}

test.group('Panel sign-in: budgets, origin, audit', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await resetClientIpBudget()
  })

  // issue 14, finding 3
  test('after the budget of wrong passwords the panel answers 429 with Retry-After, even for the right one', async ({
    assert,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'desk@shop.test' }).create()
    const budget = app.config.get<RateLimits>('rate_limits').loginPerEmailPerMinute

    for (let attempt = 0; attempt < budget; attempt++) {
      const wrong = await postSignIn('desk@shop.test', `wrong-${attempt}-pass`)
      assert.equal(wrong.status, 401)
    }
    const right = await postSignIn('desk@shop.test', password)
    assert.equal(right.status, 429)
    const retryAfter = Number(right.headers.get('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 60)
    assert.include(right.headers.get('content-type') ?? '', 'text/html')
    assert.include(await right.text(), 'Too many sign-in attempts. Try again in')
    assert.notInclude(right.headers.get('location') ?? '', '/admin')
  })

  // issue 14, finding 3
  test('200 parallel wrong passwords on the panel: at most the budget is checked', async ({
    assert,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'flood@shop.test' }).create()
    const budget = app.config.get<RateLimits>('rate_limits').loginPerEmailPerMinute
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) => postSignIn('flood@shop.test', `guess-${index}`))
    )
    const statuses = responses.map((response) => response.status)
    assert.equal(statuses.filter((status) => status === 401).length, budget)
    assert.equal(statuses.filter((status) => status === 429).length, 200 - budget)
    await Promise.all(responses.map((response) => response.body?.cancel()))
  })

  // issue 14, finding 3
  test('the budget is shared with the API sign-in for the same e-mail', async ({
    client,
    assert,
  }) => {
    await UserFactory.apply('admin').merge({ email: 'boss@shop.test' }).create()
    const budget = app.config.get<RateLimits>('rate_limits').loginPerEmailPerMinute
    for (let attempt = 0; attempt < budget; attempt++) {
      const response = await client
        .post('/api/v1/auth/login')
        .json({ email: 'boss@shop.test', password: `wrong-${attempt}-pass` })
      response.assertStatus(401)
    }
    const panel = await postSignIn('BOSS@shop.test', password)
    assert.equal(panel.status, 429)
  })

  // issue 14, findings 3 and 14
  test('a staff member signs in with the right password, also with a fullwidth spelling of the e-mail', async ({
    assert,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'clerk@shop.test' }).create()
    const response = await postSignIn('ｃｌｅｒｋ＠ｓｈｏｐ．ｔｅｓｔ', password)
    assert.equal(response.status, 302)
    assert.equal(response.headers.get('location'), '/admin')

    const panel = await fetch(`${serverUrl()}/admin`, {
      redirect: 'manual',
      headers: { cookie: await signInCookie(response) },
    })
    assert.equal(panel.status, 200)
  })

  // issue 14, finding 8
  test('a sign-in form posted from another site is refused with 403 and signs nobody in', async ({
    assert,
  }) => {
    await UserFactory.apply('admin').merge({ email: 'target@shop.test' }).create()
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: '', referer: 'https://evil.example/page' },
    ]
    for (const headers of foreign) {
      const response = await postSignIn('target@shop.test', password, headers)
      assert.equal(response.status, 403, JSON.stringify(headers))
      assert.include(await response.text(), 'sent from another site')

      const panel = await fetch(`${serverUrl()}/admin`, {
        redirect: 'manual',
        headers: { cookie: await signInCookie(response) },
      })
      assert.equal(panel.status, 302)
      assert.match(panel.headers.get('location') ?? '', /\/admin\/login$/)
    }
  })

  // issue 14, finding 8
  test('a form posted from this site (Origin, or only a Referer) signs in', async ({ assert }) => {
    await UserFactory.apply('staff').merge({ email: 'local@shop.test' }).create()
    const byOrigin = await postSignIn('local@shop.test', password)
    assert.equal(byOrigin.status, 302)
    const byReferer = await postSignIn('local@shop.test', password, {
      origin: '',
      referer: `${serverUrl()}/admin/login`,
    })
    assert.equal(byReferer.status, 302)
  })

  // issue 14, finding 22 (panel half)
  test('sign-ins and failed sign-ins are written to the audit log with the e-mail tried, the IP and the outcome', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').merge({ email: 'audited@shop.test' }).create()
    await postSignIn('audited@shop.test', 'not-the-password')
    await postSignIn('nobody@shop.test', password)
    await postSignIn('audited@shop.test', password, { origin: 'https://evil.example' })
    await postSignIn('audited@shop.test', password)

    const entries = await db.from('admin_actions').where('resource', 'session').orderBy('id')
    assert.deepEqual(
      entries.map((entry) => ({
        adminId: entry.admin_id,
        adminEmail: entry.admin_email,
        action: entry.action,
        ip: entry.ip,
        ...JSON.parse(entry.changes ?? '{}'),
      })),
      [
        {
          adminId: null,
          adminEmail: 'audited@shop.test',
          action: 'sign_in_failed',
          ip: '127.0.0.1',
          outcome: 'wrong_credentials',
        },
        {
          adminId: null,
          adminEmail: 'nobody@shop.test',
          action: 'sign_in_failed',
          ip: '127.0.0.1',
          outcome: 'wrong_credentials',
        },
        {
          adminId: null,
          adminEmail: 'audited@shop.test',
          action: 'sign_in_failed',
          ip: '127.0.0.1',
          outcome: 'foreign_origin',
        },
        {
          adminId: staff.id,
          adminEmail: 'audited@shop.test',
          action: 'sign_in',
          ip: '127.0.0.1',
          outcome: 'signed_in',
        },
      ]
    )
  })

  // issue 14, finding 22 (panel half)
  test('a throttled panel sign-in is audited as failed, with its outcome', async ({ assert }) => {
    await UserFactory.apply('staff').merge({ email: 'busy@shop.test' }).create()
    const budget = app.config.get<RateLimits>('rate_limits').loginPerEmailPerMinute
    for (let attempt = 0; attempt <= budget; attempt++) {
      await postSignIn('busy@shop.test', `wrong-${attempt}-pass`)
    }
    const last = await db
      .from('admin_actions')
      .where('resource', 'session')
      .orderBy('id', 'desc')
      .first()
    assert.equal(last?.action, 'sign_in_failed')
    assert.equal(JSON.parse(last?.changes ?? '{}').outcome, 'throttled')
  })
})
