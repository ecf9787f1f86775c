import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import IdempotencyKey from '#models/idempotency_key'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { setStock } from '#tests/support/variants'
import { hashRequest } from '#services/idempotency_service'
import { dbTimestamp } from '#services/db_time'
import { CheckoutService } from '#services/checkout_service'
import { ApiError } from '#exceptions/api_error'
import type Order from '#models/order'
import type User from '#models/user'
import type { CheckoutInput } from '#validators/order'

async function orderCount() {
  const rows = await db.from('orders').count('* as total')
  return Number(rows[0].total)
}

test.group('Checkout: Idempotency-Key', (group) => {
  group.each.setup(() => truncateAll())

  test('the same key twice: one order, identical answers', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const body = { items: [{ product_id: product.id, quantity: 2 }] }

    const first = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'order-7f3a')
      .json(body)
    first.assertStatus(201)
    const retry = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'order-7f3a')
      .json(body)
    retry.assertStatus(201)
    assert.equal(retry.text(), first.text())
    retry.assertHeader('idempotent-replayed', 'true')

    assert.equal(await orderCount(), 1)
    await product.refresh()
    assert.equal(product.stock, 8)
  })

  test('the same key with another body is 422 and creates nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'k1')
      .json({ items: [{ product_id: product.id, quantity: 1 }] })
    const other = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'k1')
      .json({ items: [{ product_id: product.id, quantity: 3 }] })
    other.assertStatus(422)
    other.assertBodyContains({
      errors: [{ code: 'E_IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' }],
    })
    assert.equal(await orderCount(), 1)
  })

  test('keys belong to one user: the same key by another user is a new order', async ({
    client,
    assert,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const body = { items: [{ product_id: product.id, quantity: 1 }] }
    const a = await client
      .post('/api/v1/orders')
      .loginAs(alice)
      .header('Idempotency-Key', 'same')
      .json(body)
    const b = await client
      .post('/api/v1/orders')
      .loginAs(bob)
      .header('Idempotency-Key', 'same')
      .json(body)
    a.assertStatus(201)
    b.assertStatus(201)
    assert.notEqual(a.body().data.number, b.body().data.number)
    assert.equal(b.body().data.user_id, bob.id)
  })

  test('a request still in flight with the key is 409; an abandoned one is taken over', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const body = { items: [{ product_id: product.id, quantity: 1 }] }
    const running = await IdempotencyKey.create({
      userId: user.id,
      key: 'busy',
      requestHash: hashRequest(body),
      state: 'in_flight',
    })

    const busy = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'busy')
      .json(body)
    busy.assertStatus(409)
    busy.assertBodyContains({ errors: [{ code: 'E_IDEMPOTENCY_IN_FLIGHT' }] })
    assert.equal(await orderCount(), 0)

    await db
      .from('idempotency_keys')
      .where('id', running.id)
      .update({ updated_at: dbTimestamp(undefined, DateTime.now().minus({ minutes: 5 })) })
    const takenOver = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'busy')
      .json(body)
    takenOver.assertStatus(201)
    assert.equal(await orderCount(), 1)
  })

  test('concurrent requests with one key make one order; the others replay it or are told it is in flight', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 100 }).create()
    const body = { items: [{ product_id: product.id, quantity: 1 }] }
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.post('/api/v1/orders').loginAs(user).header('Idempotency-Key', 'burst').json(body)
      )
    )
    const created = responses.filter((response) => response.status() === 201)
    const inFlight = responses.filter((response) => response.status() === 409)
    assert.equal(created.length + inFlight.length, 10)
    assert.isAtLeast(created.length, 1)
    assert.lengthOf(new Set(created.map((response) => response.body().data.number)), 1)
    assert.equal(await orderCount(), 1)
    await product.refresh()
    assert.equal(product.stock, 99)
  })

  test('a failed checkout releases its key: the retry after a restock succeeds', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 1 }).create()
    const body = { items: [{ product_id: product.id, quantity: 2 }] }
    const short = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'r1')
      .json(body)
    short.assertStatus(409)
    assert.equal(await IdempotencyKey.query().where('key', 'r1').first(), null)

    await setStock(product, 5)
    const retry = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'r1')
      .json(body)
    retry.assertStatus(201)
  })

  test('the recorded answer is written with the order: status 201, the exact bytes sent, the order id', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const placed = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'recorded')
      .json({ items: [{ product_id: product.id, quantity: 1 }] })
    placed.assertStatus(201)

    const row = await IdempotencyKey.query()
      .where({ userId: user.id, key: 'recorded' })
      .firstOrFail()
    const order = await db.from('orders').where('number', placed.body().data.number).firstOrFail()
    assert.equal(row.state, 'completed')
    assert.equal(row.responseStatus, 201)
    assert.equal(row.responseBody, placed.text())
    assert.equal(Number(row.orderId), order.id)
  })

  test('a checkout that fails after writing its order rolls back the order and the answer, and sends nothing', async ({
    client,
    assert,
    cleanup,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 4 }).create()
    const body = { items: [{ product_id: product.id, quantity: 2 }] }
    class FailsAfterWriting extends CheckoutService {
      async placeOrder(
        buyer: User,
        input: CheckoutInput,
        trx?: TransactionClientContract
      ): Promise<Order> {
        await super.placeOrder(buyer, input, trx)
        throw ApiError.conflict('The order could not be completed')
      }
    }
    app.container.swap(CheckoutService, () => new FailsAfterWriting())
    const events = emitter.fake(['order:placed', 'stock:changed'])
    cleanup(() => {
      app.container.restore(CheckoutService)
      emitter.restore()
    })

    const failed = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'rolled-back')
      .json(body)
    failed.assertStatus(409)
    failed.assertBodyContains({ errors: [{ code: 'E_CONFLICT' }] })
    assert.equal(await orderCount(), 0)
    assert.equal(await IdempotencyKey.query().where('key', 'rolled-back').first(), null)
    await product.refresh()
    assert.equal(product.stock, 4)
    events.assertNoneEmitted()

    app.container.restore(CheckoutService)
    const retry = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .header('Idempotency-Key', 'rolled-back')
      .json(body)
    retry.assertStatus(201)
    assert.equal(await orderCount(), 1)
    await product.refresh()
    assert.equal(product.stock, 2)
  })

  test('a malformed key is 422', async ({ client }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.create()
    for (const key of ['x'.repeat(256), 'has space', 'tab\there']) {
      const response = await client
        .post('/api/v1/orders')
        .loginAs(user)
        .header('Idempotency-Key', key)
        .json({ items: [{ product_id: product.id, quantity: 1 }] })
      response.assertStatus(422)
      response.assertBodyContains({ errors: [{ field: 'Idempotency-Key' }] })
    }
  })
})
