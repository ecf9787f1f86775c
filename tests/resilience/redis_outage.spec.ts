import { test } from '@japa/runner'
import { startApp, type AppProcess } from '#tests/support/app_process'
import { createScratchDatabase, eventually, OwnRedis } from '#tests/support/faults'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { jwtSigner } from '#config/auth'

/**
 * Redis is a cache and a bus here, never the source of truth. These tests
 * need PostgreSQL and a Redis they can kill, so whatever the run's own mode
 * (SQLite by default), they run two app processes on a scratch PostgreSQL
 * database and a redis-server of their own.
 */
test.group('Resilience: Redis stopped during catalog reads', () => {
  test('reads never fail while Redis is down, and caching and invalidation across instances come back with it', async ({
    assert,
    cleanup,
  }) => {
    const scratch = await createScratchDatabase('redis')
    cleanup(() => scratch.drop())
    const redis = await OwnRedis.start()
    cleanup(() => redis.kill())

    const env = {
      ...scratch.appEnv(),
      REDIS_URL: '',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redis.port),
      REDIS_KEY_PREFIX: 'resilience:',
    }
    const a = await startApp(env)
    cleanup(() => a.stop())
    const b = await startApp({ ...env, DB_AUTO_MIGRATE: 'false' })
    cleanup(() => b.stop())

    const category = await CategoryFactory.connection(scratch.name)
      .merge({ slug: 'tents' })
      .create()
    const products = await ProductFactory.connection(scratch.name)
      .merge({ categoryId: category.id, stock: 10 })
      .createMany(12)
    const staff = await UserFactory.connection(scratch.name).apply('staff').create()
    const staffToken = (await jwtSigner.sign(staff)).value

    /**
     * Every catalog read, hitting and missing the cache.
     */
    let round = 0
    const catalogUrls = () => {
      round++
      return [
        '/api/v1/products',
        '/api/v1/products?sort=price',
        `/api/v1/products?page=${(round % 3) + 1}&per_page=5`,
        `/api/v1/products?category=tents&q=${round}`,
        `/api/v1/products/${products[round % products.length].slug}`,
        `/api/v1/products/${products[(round + 1) % products.length].id}`,
        '/api/v1/categories',
        '/api/v1/categories/tents',
      ]
    }
    const readAll = async (app: AppProcess) => {
      const responses = await Promise.all(
        catalogUrls().map(async (url) => {
          const response = await fetch(`${app.url}${url}`)
          const body = await response.text()
          return { url, status: response.status, body }
        })
      )
      for (const response of responses) {
        assert.equal(response.status, 200, `${response.url}: ${response.body}`)
      }
      return responses
    }

    await readAll(a)
    await readAll(b)
    const cacheKeys = () => redis.keys('resilience:*')
    assert.isAbove((await cacheKeys()).length, 0, 'the warm reads were written to Redis')

    await redis.kill()

    /**
     * Reads during the outage, from both instances, the first of them
     * before the app has noticed anything.
     */
    for (let attempt = 0; attempt < 6; attempt++) {
      await Promise.all([readAll(a), readAll(b)])
    }
    const ready = await fetch(`${a.url}/health/ready`)
    assert.equal(ready.status, 503, 'readiness tells the truth about Redis')
    const readyBody = (await ready.json()) as { errors: Array<{ code: string; message: string }> }
    assert.match(readyBody.errors[0].message, /redis/i)

    /**
     * A change during the outage is still visible on the instance that
     * made it (its memory cache was cleared; nothing is served stale from it).
     */
    const renamed = await fetch(`${b.url}/api/v1/products/${products[0].id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
      body: JSON.stringify({ name: 'Renamed during the outage' }),
    })
    assert.equal(renamed.status, 200, await renamed.text())
    const detailOnB = await fetch(`${b.url}/api/v1/products/${products[0].id}`)
    assert.equal(
      ((await detailOnB.json()) as { data: { name: string } }).data.name,
      'Renamed during the outage'
    )

    await redis.start()
    assert.lengthOf(await cacheKeys(), 0, 'the restarted Redis starts empty')

    await eventually(
      async () =>
        (await fetch(`${a.url}/health/ready`)).status === 200 &&
        (await fetch(`${b.url}/health/ready`)).status === 200,
      { timeoutMs: 30_000, what: 'both instances ready again' }
    )

    /**
     * Cache writes reach Redis again.
     */
    await eventually(
      async () => {
        await readAll(a)
        return (await cacheKeys()).length > 0
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'cache entries written to the restarted Redis' }
    )

    /**
     * The changes made while Redis was away are visible everywhere (the
     * recovering instances dropped what they could not be told about).
     */
    await eventually(
      async () => {
        const response = await fetch(`${a.url}/api/v1/products/${products[0].id}`)
        return (
          ((await response.json()) as { data: { name: string } }).data.name ===
          'Renamed during the outage'
        )
      },
      { timeoutMs: 30_000, what: 'the outage-time change visible on the other instance' }
    )

    /**
     * And invalidation across instances works again: a change through B
     * shows on A, which has the old body cached. Polled (the bus
     * resubscribes in the background after the restart): each attempt is a
     * fresh change, so a message sent before resubscription cannot pass it.
     */
    let attempt = 0
    await eventually(
      async () => {
        attempt++
        const name = `After the restart ${attempt}`
        const cached = await fetch(`${a.url}/api/v1/products/${products[1].id}`)
        assert.equal(cached.status, 200)
        const update = await fetch(`${b.url}/api/v1/products/${products[1].id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
          body: JSON.stringify({ name }),
        })
        assert.equal(update.status, 200)
        return eventually(
          async () => {
            const response = await fetch(`${a.url}/api/v1/products/${products[1].id}`)
            return ((await response.json()) as { data: { name: string } }).data.name === name
          },
          { timeoutMs: 2_000, what: `"${name}" on instance A` }
        ).catch(() => false)
      },
      { timeoutMs: 30_000, intervalMs: 0, what: 'a change through B visible on A' }
    )
  }).timeout(180_000)
})
