import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { WebhookReceiver, waitUntil } from '#tests/support/webhook_receiver'
import jobsConfig from '#config/jobs'
import webhooksConfig from '#config/webhooks'
import { JobQueue } from '#services/job_queue'
import { CheckoutService } from '#services/checkout_service'
import type { CheckoutInput } from '#validators/order'
import { ApiError } from '#exceptions/api_error'
import type User from '#models/user'
import type Order from '#models/order'

const WEBHOOKS = '/api/v1/admin/webhooks'

async function deliveryStatuses() {
  const rows = await db.from('webhook_deliveries').orderBy('id').select('status')
  return rows.map((row) => row.status as string)
}

test.group('Webhooks: deliveries from the outbox', (group) => {
  let receiver: WebhookReceiver
  const saved = {
    allowPrivate: webhooksConfig.allowPrivate,
    pollMs: jobsConfig.pollMs,
    retry: { ...jobsConfig.retries.byJob['webhook.deliver'] },
  }

  group.setup(async () => {
    receiver = await WebhookReceiver.start()
    webhooksConfig.allowPrivate = true
    jobsConfig.pollMs = 100
    jobsConfig.retries.byJob['webhook.deliver'].backoffMs = 100
    await JobQueue.start({ worker: true })
    return async () => {
      await JobQueue.stop()
      await receiver.close()
      webhooksConfig.allowPrivate = saved.allowPrivate
      jobsConfig.pollMs = saved.pollMs
      Object.assign(jobsConfig.retries.byJob['webhook.deliver'], saved.retry)
    }
  })
  group.each.timeout(60_000)
  group.each.setup(async () => {
    await truncateAll()
    receiver.received.length = 0
    receiver.respond = () => 200
    webhooksConfig.allowPrivate = true
  })

  async function register(client: any, events: string[]) {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post(WEBHOOKS)
      .loginAs(admin)
      .json({ url: receiver.url, events, description: 'ERP' })
    response.assertStatus(201)
    return { admin, endpoint: response.body().data as { id: number; secret: string } }
  }

  test('an order placed is delivered once, signed, with the versioned payload', async ({
    client,
    assert,
  }) => {
    const { admin, endpoint } = await register(client, ['order.placed', 'order.cancelled'])
    assert.match(endpoint.secret, /^whsec_/)
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()

    const number = await placeOrder(client, customer, [[product, 2]])
    await waitUntil(async () => (await deliveryStatuses())[0] === 'succeeded', 'delivered')

    assert.lengthOf(receiver.received, 1)
    const [request] = receiver.received
    assert.isTrue(WebhookReceiver.verifies(request, endpoint.secret))
    assert.isFalse(
      WebhookReceiver.verifies(request, 'whsec_' + Buffer.alloc(32).toString('base64'))
    )
    const body = JSON.parse(request.body)
    assert.match(body.id, /^evt_/)
    assert.equal(request.id, body.id)
    assert.equal(body.type, 'order.placed')
    assert.equal(body.version, 1)
    assert.isString(body.created_at)
    assert.equal(body.data.order.number, number)
    assert.equal(body.data.to_status, 'pending')

    const log = await client.get(`${WEBHOOKS}/${endpoint.id}/deliveries`).loginAs(admin)
    log.assertStatus(200)
    const [delivery] = log.body().data
    assert.equal(delivery.status, 'succeeded')
    assert.equal(delivery.event_id, body.id)
    assert.lengthOf(delivery.attempt_log, 1)
    assert.equal(delivery.attempt_log[0].status_code, 200)
    assert.equal(delivery.attempt_log[0].response_excerpt, 'ok')
    assert.isTrue(delivery.attempt_log[0].succeeded)
  })

  test('a checkout that rolls back sends nothing', async ({ client, assert, cleanup }) => {
    await register(client, ['order.placed'])
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
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
    cleanup(() => app.container.restore(CheckoutService))

    const failed = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .header('Idempotency-Key', 'rolled-back')
      .json({ items: [{ product_id: product.id, quantity: 1 }] })
    failed.assertStatus(409)
    app.container.restore(CheckoutService)
    assert.deepEqual(await deliveryStatuses(), [])
    assert.lengthOf(await db.from('outbox_messages'), 0)

    const number = await placeOrder(client, customer, [[product, 1]])
    await waitUntil(async () => (await deliveryStatuses())[0] === 'succeeded', 'delivered')
    assert.lengthOf(receiver.received, 1)
    assert.equal(JSON.parse(receiver.received[0].body).data.order.number, number)
    assert.lengthOf(await db.from('webhook_events'), 1)
  })

  test('a receiver answering 500 three times, then 200: one success after three logged failures, the same event id on every attempt', async ({
    client,
    assert,
  }) => {
    const { admin, endpoint } = await register(client, ['order.placed'])
    receiver.respond = (index) => (index < 3 ? 500 : 200)
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()

    await placeOrder(client, customer, [[product, 1]])
    await waitUntil(async () => (await deliveryStatuses())[0] === 'succeeded', 'delivered')

    assert.deepEqual(
      receiver.received.map((request) => request.answered),
      [500, 500, 500, 200]
    )
    assert.lengthOf(new Set(receiver.received.map((request) => request.id)), 1)
    assert.lengthOf(new Set(receiver.received.map((request) => request.body)), 1)
    assert.isTrue(receiver.received.every((r) => WebhookReceiver.verifies(r, endpoint.secret)))

    const log = await client.get(`${WEBHOOKS}/${endpoint.id}/deliveries`).loginAs(admin)
    log.assertStatus(200)
    const [delivery] = log.body().data
    assert.equal(delivery.attempts, 4)
    assert.deepEqual(
      delivery.attempt_log.map((a: any) => [a.attempt, a.succeeded, a.status_code]),
      [
        [1, false, 500],
        [2, false, 500],
        [3, false, 500],
        [4, true, 200],
      ]
    )
    assert.equal(delivery.attempt_log[0].response_excerpt, 'not now')
    assert.equal(delivery.attempt_log[0].error, 'The receiver answered 500')
    const endpointNow = await client.get(`${WEBHOOKS}/${endpoint.id}`).loginAs(admin)
    assert.isFalse(endpointNow.body().data.is_failing)
  })

  test('a delivery out of attempts fails and marks its endpoint failing; resend sends the same event again', async ({
    client,
    assert,
  }) => {
    const retry = jobsConfig.retries.byJob['webhook.deliver']
    const attempts = retry.attempts
    retry.attempts = 2
    try {
      const { admin, endpoint } = await register(client, ['order.placed'])
      receiver.respond = () => 503
      const customer = await UserFactory.create()
      const product = await ProductFactory.merge({ stock: 5 }).create()
      await placeOrder(client, customer, [[product, 1]])
      await waitUntil(async () => (await deliveryStatuses())[0] === 'failed', 'failed')

      assert.lengthOf(receiver.received, 2)
      const failing = await client.get(`${WEBHOOKS}/${endpoint.id}`).loginAs(admin)
      assert.isTrue(failing.body().data.is_failing)
      assert.isString(failing.body().data.failing_since)

      receiver.respond = () => 200
      const [delivery] = await db.from('webhook_deliveries').select('id')
      const resent = await client
        .post(`${WEBHOOKS}/${endpoint.id}/deliveries/${delivery.id}/resend`)
        .loginAs(admin)
      resent.assertStatus(202)
      await waitUntil(async () => (await deliveryStatuses())[0] === 'succeeded', 'resent')
      assert.lengthOf(receiver.received, 3)
      assert.lengthOf(new Set(receiver.received.map((request) => request.id)), 1)
      const healthy = await client.get(`${WEBHOOKS}/${endpoint.id}`).loginAs(admin)
      assert.isFalse(healthy.body().data.is_failing)
    } finally {
      retry.attempts = attempts
    }
  })

  test('an address that became private is refused at delivery time, without traffic', async ({
    client,
    assert,
  }) => {
    const { admin, endpoint } = await register(client, ['order.placed'])
    webhooksConfig.allowPrivate = false
    const retry = jobsConfig.retries.byJob['webhook.deliver']
    const attempts = retry.attempts
    retry.attempts = 1
    try {
      const customer = await UserFactory.create()
      const product = await ProductFactory.merge({ stock: 5 }).create()
      await placeOrder(client, customer, [[product, 1]])
      await waitUntil(async () => (await deliveryStatuses())[0] === 'failed', 'refused')
    } finally {
      retry.attempts = attempts
    }
    assert.lengthOf(receiver.received, 0)
    const log = await client.get(`${WEBHOOKS}/${endpoint.id}/deliveries`).loginAs(admin)
    assert.match(log.body().data[0].attempt_log[0].error, /^Not sent: /)
    assert.isNull(log.body().data[0].attempt_log[0].status_code)
  })

  test('product created, updated and deleted by staff are announced to endpoints that asked', async ({
    client,
    assert,
  }) => {
    const { admin } = await register(client, ['product.created', 'product.deleted'])
    const created = await client
      .post('/api/v1/products')
      .loginAs(admin)
      .json({ name: 'Desk lamp', price: '19.99', stock: 3 })
    created.assertStatus(201)
    const id = created.body().data.id
    ;(
      await client.patch(`/api/v1/products/${id}`).loginAs(admin).json({ name: 'Lamp' })
    ).assertStatus(200)
    ;(await client.delete(`/api/v1/products/${id}`).loginAs(admin)).assertStatus(204)
    await waitUntil(
      async () => (await deliveryStatuses()).filter((s) => s === 'succeeded').length === 2,
      'delivered'
    )
    const bodies = receiver.received.map((request) => JSON.parse(request.body))
    assert.deepEqual(bodies.map((body) => [body.type, body.data.product.id]).sort(), [
      ['product.created', id],
      ['product.deleted', id],
    ])
    assert.equal(bodies.find((b) => b.type === 'product.created').data.product.price, '19.99')
  })
})
