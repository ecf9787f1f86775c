import { test } from '@japa/runner'
import { startApp, type AppProcess } from '#tests/support/app_process'
import { createScratchDatabase, eventually, OwnRedis } from '#tests/support/faults'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { jwtSigner } from '#config/auth'

/**
 * Issue 14, finding 6: a stalled Redis (SIGSTOP: connections open, nothing
 * answered, as in a partition) hung every Redis-backed route and
 * /health/ready for the whole stall. Now commands time out, the cache
 * falls back to the database, the rate limiter fails open, and readiness
 * says Redis is down, each within about two seconds.
 */
const BUDGET_MS = 3_000

async function timed(app: AppProcess, path: string, init?: RequestInit) {
  const started = Date.now()
  const response = await fetch(`${app.url}${path}`, {
    ...init,
    signal: AbortSignal.timeout(30_000),
  })
  const body = await response.text()
  return { path, status: response.status, body, ms: Date.now() - started }
}

test.group('Resilience: Redis stalled (SIGSTOP)', () => {
  test('catalog reads, sign-in and readiness answer within seconds during the stall, and all recovers after SIGCONT', async ({
    assert,
    cleanup,
  }) => {
    const scratch = await createScratchDatabase('redis_stall')
    cleanup(() => scratch.drop())
    const redis = await OwnRedis.start()
    cleanup(async () => {
      redis.resume()
      await redis.kill()
    })

    const app = await startApp({
      ...scratch.appEnv(),
      REDIS_URL: '',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redis.port),
      REDIS_KEY_PREFIX: 'stall:',
    })
    cleanup(() => app.stop())

    const category = await CategoryFactory.connection(scratch.name)
      .merge({ slug: 'stoves' })
      .create()
    const products = await ProductFactory.connection(scratch.name)
      .merge({ categoryId: category.id, stock: 10 })
      .createMany(6)
    const customer = await UserFactory.connection(scratch.name).create()
    const staff = await UserFactory.connection(scratch.name).apply('staff').create()
    const staffToken = (await jwtSigner.sign(staff)).value
    const login = () =>
      timed(app, '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: customer.email, password: 'password123' }),
      })
    const reads = (round: number) => [
      '/api/v1/products',
      `/api/v1/products?sort=price&q=${round}`,
      `/api/v1/products/${products[round % products.length].id}`,
      '/api/v1/categories',
      '/api/v1/categories/stoves',
    ]

    /**
     * Warm: everything answers and the cache reaches Redis. During the
     * stall: reads, sign-ins, a staff write (its cache invalidation is
     * published on the bus) and readiness, in parallel and one by one.
     */
    for (const path of reads(0)) {
      assert.equal((await timed(app, path)).status, 200, path)
    }
    assert.equal((await login()).status, 200)
    assert.equal((await timed(app, '/health/ready')).status, 200)
    assert.isAbove((await redis.keys('stall:*')).length, 0)

    redis.pause()

    const during: Array<{ path: string; status: number; ms: number; body: string }> = []
    for (let round = 1; round <= 3; round++) {
      const parallel = await Promise.all([
        ...reads(round).map((path) => timed(app, path)),
        login(),
        timed(app, '/health/ready'),
      ])
      during.push(...parallel)
      during.push(await timed(app, reads(round)[2]))
      during.push(await login())
      during.push(
        await timed(app, `/api/v1/products/${products[0].id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
          body: JSON.stringify({ name: `Renamed in the stall ${round}` }),
        })
      )
    }
    for (const response of during) {
      assert.isBelow(response.ms, BUDGET_MS, `${response.path} took ${response.ms} ms`)
      if (response.path === '/health/ready') {
        assert.equal(response.status, 503, response.body)
        assert.match(response.body, /redis/i)
      } else {
        assert.equal(response.status, 200, `${response.path}: ${response.body}`)
      }
    }

    redis.resume()

    await eventually(async () => (await timed(app, '/health/ready')).status === 200, {
      timeoutMs: 30_000,
      what: 'ready again after SIGCONT',
    })
    for (const path of reads(9)) {
      assert.equal((await timed(app, path)).status, 200, path)
    }
    const renamed = await timed(app, `/api/v1/products/${products[0].id}`)
    assert.include(renamed.body, 'Renamed in the stall 3')
    assert.equal((await login()).status, 200)
    await eventually(
      async () => {
        await timed(app, `/api/v1/products?q=after-${Date.now()}`)
        return (await redis.keys('stall:*cache*')).length > 0
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the cache writing to Redis again' }
    )
  }).timeout(180_000)
})
