import { test } from '@japa/runner'
import { startApp, type AppProcess } from '#tests/support/app_process'
import { createScratchDatabase, eventually, type ScratchDatabase } from '#tests/support/faults'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { jwtSigner } from '#config/auth'

/**
 * Checkouts wait their turn for one of CHECKOUT_CONCURRENCY places
 * (app/services/bulkhead.ts). An app allowed one checkout at a time, with
 * a wait of 200 ms: the test holds the product's row lock, so the first
 * checkout keeps the only place while a second one waits. Runs on a
 * scratch PostgreSQL database whatever the run's own mode (the row lock is
 * PostgreSQL's).
 */
test.group('Resilience: checkouts past CHECKOUT_CONCURRENCY wait, then 503', (group) => {
  let scratch: ScratchDatabase
  let app: AppProcess
  let tokens: string[]
  let productId: number

  group.setup(async () => {
    scratch = await createScratchDatabase('bulkhead')
    try {
      app = await startApp({
        ...scratch.appEnv(),
        REDIS_URL: '',
        REDIS_HOST: '',
        JOBS_IN_PROCESS: 'false',
        CHECKOUT_CONCURRENCY: '1',
        CHECKOUT_QUEUE_TIMEOUT_MS: '200',
      })
    } catch (error) {
      await scratch.drop()
      throw error
    }
    const users = await UserFactory.connection(scratch.name).createMany(3)
    tokens = await Promise.all(users.map(async (user) => (await jwtSigner.sign(user)).value))
    productId = (await ProductFactory.connection(scratch.name).merge({ stock: 5 }).create()).id
    return async () => {
      await app.stop()
      await scratch.drop()
    }
  })

  function checkout(token: string) {
    return fetch(`${app.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
      body: JSON.stringify({ items: [{ product_id: productId, quantity: 1 }] }),
    })
  }

  test('the second checkout gets E_OVERLOADED with Retry-After; the first and the next are placed', async ({
    assert,
  }) => {
    const blocker = await scratch.client.transaction()
    let first: Promise<Response>
    try {
      await blocker.rawQuery('select id from products where id = ? for update', [productId])
      first = checkout(tokens[0])
      // The first checkout holds the only place, waiting for the row lock.
      await eventually(
        async () => {
          const waiting = await scratch.client.rawQuery(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`
          )
          return waiting.rows[0].n > 0
        },
        { intervalMs: 20, what: 'the first checkout waiting for the row lock' }
      )

      const second = await checkout(tokens[1])
      assert.equal(second.status, 503)
      assert.equal(second.headers.get('retry-after'), '5')
      const refusal = (await second.json()) as any
      assert.lengthOf(refusal.errors, 1)
      assert.equal(refusal.errors[0].code, 'E_OVERLOADED')
      assert.match(refusal.errors[0].message, /Too many checkout requests at once/)
    } finally {
      await blocker.commit()
    }

    const placed = await first!
    assert.equal(placed.status, 201)
    const next = await checkout(tokens[2])
    assert.equal(next.status, 201, 'the place was given back')

    const orders = await scratch.client.from('orders').select('user_id')
    assert.lengthOf(orders, 2, 'the refused checkout wrote nothing')
    const product = await scratch.client.from('products').where('id', productId).firstOrFail()
    assert.equal(Number(product.stock), 3)
  })
})
