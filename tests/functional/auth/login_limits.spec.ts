import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { AccountService } from '#services/account_service'
import { ApiError } from '#exceptions/api_error'
import { RateLimiter } from '#services/rate_limiter'
import { LoginThrottle } from '#services/login_throttle'
import type { RateLimits } from '#config/rate_limits'
import { truncateAll } from '#tests/support/database'

const password = 'correct-horse-9'

/**
 * A sign-in from another client IP than the test client's (127.0.0.1),
 * straight through the service the login route calls: 'ok', 'wrong'
 * (401) or 'throttled' (429).
 */
async function loginFrom(ip: string, email: string, attempt: string) {
  const accounts = await app.container.make(AccountService)
  try {
    await accounts.login(email, attempt, ip)
    return 'ok'
  } catch (error) {
    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) return 'throttled'
    if (error instanceof ApiError && error.status === 401) return 'wrong'
    throw error
  }
}

function withLimits(overrides: Partial<RateLimits>) {
  const saved = { ...app.config.get<RateLimits>('rate_limits') }
  for (const [key, value] of Object.entries(overrides)) {
    app.config.set(`rate_limits.${key}`, value)
  }
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      app.config.set(`rate_limits.${key}`, value)
    }
  }
}

/**
 * The test client's per-IP sign-in count starts at zero in each test
 * (the store is shared by the whole run: never flushed, keys deleted).
 */
async function resetClientIpBudget() {
  const limits = app.config.get<RateLimits>('rate_limits')
  await RateLimiter.reset('login_ip_127.0.0.1', {
    requests: limits.loginPerIpPerMinute,
    duration: '1 minute',
  })
}

test.group('Auth: sign-in budgets', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await resetClientIpBudget()
  })

  // issue 14, finding 2
  test('200 parallel wrong passwords for one email: at most the budget gets a verdict, the rest are 429', async ({
    client,
    assert,
  }) => {
    await client
      .post('/api/v1/auth/register')
      .json({ email: 'parallel@example.com', password, full_name: 'Parallel' })
    const budget = app.config.get<RateLimits>('rate_limits').loginPerEmailPerMinute

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        client
          .post('/api/v1/auth/login')
          .json({ email: 'parallel@example.com', password: `wrong-guess-${index}` })
      )
    )
    const statuses = responses.map((response) => response.status())
    const verdicts = statuses.filter((status) => status === 401).length
    const throttled = statuses.filter((status) => status === 429).length
    assert.equal(verdicts, budget)
    assert.equal(throttled, 200 - budget)

    const right = await client
      .post('/api/v1/auth/login')
      .json({ email: 'parallel@example.com', password })
    right.assertStatus(429)
  })

  // issue 14, finding 2
  test('parallel guesses for many emails from one IP: at most the per-IP budget is checked', async ({
    client,
    assert,
    cleanup,
  }) => {
    cleanup(withLimits({ loginPerIpPerMinute: 7 }))
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        client
          .post('/api/v1/auth/login')
          .json({ email: `nobody-${index}@example.com`, password: 'wrong-guess' })
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(statuses.filter((status) => status === 401).length, 7)
    assert.equal(statuses.filter((status) => status === 429).length, 33)
  })

  // issue 14, finding 24
  test("a stranger's wrong guesses from another IP do not lock the owner out", async ({
    client,
    assert,
  }) => {
    await client
      .post('/api/v1/auth/register')
      .json({ email: 'owner@example.com', password, full_name: 'Owner' })

    const stranger: string[] = []
    for (let attempt = 0; attempt < 8; attempt++) {
      stranger.push(await loginFrom('203.0.113.9', 'owner@example.com', `guess-${attempt}-pass`))
    }
    assert.deepEqual(stranger, [
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'throttled',
      'throttled',
      'throttled',
    ])

    const owner = await client
      .post('/api/v1/auth/login')
      .json({ email: 'owner@example.com', password })
    owner.assertStatus(200)
    // the stranger stays held to their budget
    assert.equal(await loginFrom('203.0.113.9', 'owner@example.com', password), 'throttled')
  })

  // issue 14, finding 24
  test('a successful sign-in gives its attempts back: a mistyped password or two never add up to a lock', async ({
    client,
  }) => {
    await client
      .post('/api/v1/auth/register')
      .json({ email: 'typo@example.com', password, full_name: 'Typo' })
    for (let round = 0; round < 3; round++) {
      for (let attempt = 0; attempt < 4; attempt++) {
        const wrong = await client
          .post('/api/v1/auth/login')
          .json({ email: 'typo@example.com', password: `typo-${round}-${attempt}-x` })
        wrong.assertStatus(401)
      }
      const right = await client
        .post('/api/v1/auth/login')
        .json({ email: 'typo@example.com', password })
      right.assertStatus(200)
    }
  })

  // issue 14, finding 24
  test('the per-email ceiling bounds guesses spread over many IPs', async ({ assert, cleanup }) => {
    cleanup(withLimits({ loginPerEmailPerMinute: 3, loginPerAccountPerMinute: 7 }))
    const outcomes: string[] = []
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      for (let attempt = 0; attempt < 3; attempt++) {
        outcomes.push(await loginFrom(ip, 'spread@example.com', `guess-${ip}-${attempt}`))
      }
    }
    assert.deepEqual(outcomes, [
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'throttled',
      'throttled',
    ])
  })

  // issue 14, finding 2: only verdicts count
  test('an attempt that ends without a verdict (the database away) is given back', async ({
    assert,
  }) => {
    const budget = app.config.get<RateLimits>('rate_limits').loginPerEmailPerMinute
    for (let attempt = 0; attempt < budget * 2; attempt++) {
      await assert.rejects(
        () =>
          LoginThrottle.attempt('outage@example.com', '192.0.2.1', async () => {
            throw new Error('database unreachable')
          }),
        'database unreachable'
      )
    }
    const outcomes: string[] = []
    for (let attempt = 0; attempt <= budget; attempt++) {
      outcomes.push(await loginFrom('192.0.2.1', 'outage@example.com', `guess-${attempt}-pass`))
    }
    assert.deepEqual(outcomes, [...Array(budget).fill('wrong'), 'throttled'])
  })
})
