import { test } from '@japa/runner'
import { rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { freePort, startApp } from '#tests/support/app_process'
import { runsOnPostgres, runsWithRedis } from '#tests/support/modes'
import { truncateAll } from '#tests/support/database'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { jwtSigner } from '#config/auth'
import { LiveClient } from '#tests/support/live_client'

test.group('Catalog: Redis away', () => {
  test('with Redis at a dead port the catalog still answers 200 from the database', async ({
    assert,
    cleanup,
  }) => {
    const file = fileURLToPath(
      new URL(`../../../tmp/redis_dead_${randomBytes(4).toString('hex')}.sqlite3`, import.meta.url)
    )
    cleanup(() => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    })
    const app = await startApp({
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: file,
      DATABASE_URL: '',
      DEMO_DATA: 'true',
      REDIS_URL: '',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(await freePort()),
    })
    cleanup(() => app.stop())

    for (let attempt = 0; attempt < 3; attempt++) {
      const list = await fetch(`${app.url}/api/v1/products?sort=price`)
      assert.equal(list.status, 200)
      const body = (await list.json()) as { data: unknown[] }
      assert.isAbove(body.data.length, 0)
    }
    const tree = await fetch(`${app.url}/api/v1/categories`)
    assert.equal(tree.status, 200)
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'customer@shop.test', password: 'password123' }),
    })
    assert.equal(login.status, 200)
    assert.match(app.output(), /Redis is unreachable/)
  }).timeout(90_000)
})

/**
 * Several instances share PostgreSQL and Redis: a change made through one is
 * visible on the very next read through another. Only meaningful with
 * Redis, so it runs in the PostgreSQL + Redis suite (npm run test:pg).
 */
if (runsOnPostgres && runsWithRedis) {
  test.group('Several instances', (group) => {
    group.each.setup(() => truncateAll())

    test('an update on instance B is visible on the next read from instance A', async ({
      assert,
      cleanup,
    }) => {
      const [a, b] = await Promise.all([startApp({}), startApp({})])
      cleanup(() => a.stop())
      cleanup(() => b.stop())

      const staff = await UserFactory.apply('staff').create()
      const token = (await jwtSigner.sign(staff)).value
      const product = await ProductFactory.merge({ name: 'Before', stock: 5 }).create()

      const read = async (url: string) => {
        const response = await fetch(`${url}/api/v1/products/${product.id}`)
        return ((await response.json()) as { data: { name: string; stock: number } }).data
      }
      const list = async (url: string) => {
        const response = await fetch(`${url}/api/v1/products`)
        return ((await response.json()) as { data: Array<{ stock: number }> }).data
      }

      assert.equal((await read(a.url)).name, 'Before')
      assert.equal((await list(a.url))[0].stock, 5)
      assert.equal((await read(a.url)).name, 'Before')

      const update = await fetch(`${b.url}/api/v1/products/${product.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: JSON.stringify({ name: 'After' }),
      })
      assert.equal(update.status, 200)
      /**
       * Stock moves only through adjustments (issue 14, finding 7).
       */
      const adjusted = await fetch(`${b.url}/api/v1/products/${product.id}/stock-adjustments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: JSON.stringify({ delta: -3, reason: 'recount' }),
      })
      assert.equal(adjusted.status, 200)

      assert.equal((await read(a.url)).name, 'After')
      assert.equal((await list(a.url))[0].stock, 2)
    }).timeout(120_000)
    test('an order shipped through instance B reaches a subscriber of instance A', async ({
      assert,
      cleanup,
    }) => {
      const [a, b] = await Promise.all([startApp({}), startApp({})])
      cleanup(() => a.stop())
      cleanup(() => b.stop())

      const customer = await UserFactory.create()
      const staff = await UserFactory.apply('staff').create()
      const product = await ProductFactory.merge({ stock: 5 }).create()
      const customerToken = (await jwtSigner.sign(customer)).value
      const staffToken = (await jwtSigner.sign(staff)).value

      const live = new LiveClient({ token: customerToken, baseUrl: a.url })
      cleanup(() => live.close())
      const channel = await live.subscribe(`users/${customer.id}/orders`)
      assert.equal(channel.status, 204)
      const staffLive = new LiveClient({ token: staffToken, baseUrl: a.url })
      cleanup(() => staffLive.close())
      const staffChannel = await staffLive.subscribe('staff/orders')

      const placed = await fetch(`${b.url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${customerToken}` },
        body: JSON.stringify({ items: [{ product_id: product.id, quantity: 1 }] }),
      })
      assert.equal(placed.status, 201)
      const number = ((await placed.json()) as { data: { number: string } }).data.number
      await staffChannel.next(
        (event: any) => event.order_number === number && event.to === 'pending'
      )

      const shipped = await fetch(`${b.url}/api/v1/admin/orders/${number}/status`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
        body: JSON.stringify({ status: 'shipped' }),
      })
      assert.equal(shipped.status, 200)
      const message = await channel.next((event: any) => event.to === 'shipped')
      assert.containsSubset(message, { order_number: number, from: 'pending', to: 'shipped' })
    }).timeout(120_000)
  })
}
