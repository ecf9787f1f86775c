import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { SmtpReceiver } from '#tests/support/smtp_receiver'
import jobsConfig from '#config/jobs'
import { JobQueue } from '#services/job_queue'
import StockSubscription from '#models/stock_subscription'

const subscriptions = (product: number | string) =>
  `/api/v1/products/${product}/stock-subscriptions`
const adjust = (product: number) => `/api/v1/products/${product}/stock-adjustments`

async function queuedBackInStock() {
  const rows = await db.from('outbox_messages').where('job_name', 'mail.send').orderBy('id')
  return rows
    .map((row) => JSON.parse(row.payload))
    .filter((payload) => payload.kind === 'back_in_stock')
}

test.group('Back in stock: asking', (group) => {
  group.each.setup(() => truncateAll())

  test('a customer asks once per product: 201, then 200 with the same request', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 0 }).create()

    const first = await client.post(subscriptions(product.id)).loginAs(customer)
    first.assertStatus(201)
    assert.equal(first.body().data.product_id, product.id)
    assert.match(first.body().data.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)

    const again = await client.post(subscriptions(product.slug)).loginAs(customer)
    again.assertStatus(200)
    assert.deepEqual(again.body().data, first.body().data)

    const rows = await StockSubscription.query().where('user_id', customer.id)
    assert.lengthOf(rows, 1)
    assert.isNull(rows[0].notifiedAt)
  })

  test('refused: in stock (409), unknown or inactive product (404), no token (401)', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const inStock = await ProductFactory.merge({ stock: 3 }).create()
    const inactive = await ProductFactory.merge({ stock: 0, isActive: false }).create()

    const available = await client.post(subscriptions(inStock.id)).loginAs(customer)
    available.assertStatus(409)
    assert.equal(available.body().errors[0].code, 'E_PRODUCT_IN_STOCK')

    const unknown = await client.post(subscriptions(999_999)).loginAs(customer)
    unknown.assertStatus(404)
    ;(await client.post(subscriptions('no-such-product')).loginAs(customer)).assertStatus(404)
    ;(await client.post(subscriptions('%20')).loginAs(customer)).assertStatus(404)
    ;(await client.post(subscriptions(inactive.id)).loginAs(customer)).assertStatus(404)
    ;(await client.post(subscriptions(inStock.id))).assertStatus(401)
    ;(await client.delete(subscriptions(999_999)).loginAs(customer)).assertStatus(404)

    assert.lengthOf(await StockSubscription.all(), 0)
  })

  test('DELETE withdraws the open request (204, also when there is none)', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const other = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 0 }).create()
    ;(await client.post(subscriptions(product.id)).loginAs(customer)).assertStatus(201)
    ;(await client.post(subscriptions(product.id)).loginAs(other)).assertStatus(201)

    ;(await client.delete(subscriptions(product.id)).loginAs(customer)).assertStatus(204)
    ;(await client.delete(subscriptions(product.slug)).loginAs(customer)).assertStatus(204)

    const left = await StockSubscription.all()
    assert.deepEqual(
      left.map((row) => row.userId),
      [other.id]
    )
  })
})

test.group('Back in stock: the notice', (group) => {
  let smtp: SmtpReceiver
  const savedPollMs = jobsConfig.pollMs

  group.setup(async () => {
    smtp = await SmtpReceiver.start()
    jobsConfig.pollMs = 100
    await JobQueue.start({ worker: true })
    return async () => {
      await JobQueue.stop()
      await smtp.stop()
      jobsConfig.pollMs = savedPollMs
    }
  })
  group.each.setup(async () => {
    await truncateAll()
    smtp.messages.length = 0
  })

  test('a staff restock e-mails each subscriber once; the next restock sends nothing', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const ada = await UserFactory.create()
    const bob = await UserFactory.create()
    const product = await ProductFactory.merge({ name: 'Tea Kettle', stock: 0 }).create()
    ;(await client.post(subscriptions(product.id)).loginAs(ada)).assertStatus(201)
    ;(await client.post(subscriptions(product.id)).loginAs(bob)).assertStatus(201)

    const restock = await client
      .post(adjust(product.id))
      .loginAs(staff)
      .json({ delta: 5, reason: 'delivery' })
    restock.assertStatus(200)

    await smtp.waitFor(2)
    for (const user of [ada, bob]) {
      const [mail] = smtp.to(user.email)
      assert.equal(mail.subject, 'Tea Kettle is back in stock')
      for (const part of [String(mail.html), mail.text ?? '']) {
        assert.include(part, 'Tea Kettle')
        assert.include(part, `/api/v1/products/${product.slug}`)
      }
    }
    const ended = await StockSubscription.query().where('product_id', product.id)
    assert.lengthOf(ended, 2)
    assert.isTrue(ended.every((row) => row.notifiedAt !== null))

    // Sold out and restocked again: the requests are over, nothing is sent.
    ;(
      await client.post(adjust(product.id)).loginAs(staff).json({ delta: -5, reason: 'count' })
    ).assertStatus(200)
    ;(
      await client.post(adjust(product.id)).loginAs(staff).json({ delta: 3, reason: 'delivery' })
    ).assertStatus(200)
    assert.lengthOf(await queuedBackInStock(), 2)
    assert.lengthOf(smtp.messages, 2)

    // Asking again after the notice opens a new request.
    ;(
      await client.post(adjust(product.id)).loginAs(staff).json({ delta: -3, reason: 'count' })
    ).assertStatus(200)
    ;(await client.post(subscriptions(product.id)).loginAs(ada)).assertStatus(201)
    ;(
      await client
        .post(adjust(product.id))
        .loginAs(staff)
        .json({ set: 2, expected: 0, reason: 'count' })
    ).assertStatus(200)
    await smtp.waitFor(3)
    assert.lengthOf(smtp.to(ada.email), 2)
    assert.lengthOf(smtp.to(bob.email), 1)
  })

  test('a stock move that leaves the stock at 0 sends nothing', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const ada = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 0 }).create()
    ;(await client.post(subscriptions(product.id)).loginAs(ada)).assertStatus(201)

    ;(
      await client.post(adjust(product.id)).loginAs(staff).json({ delta: -1, reason: 'count' })
    ).assertStatus(422)
    ;(
      await client
        .post(adjust(product.id))
        .loginAs(staff)
        .json({ set: 0, expected: 0, reason: 'count' })
    ).assertStatus(200)
    assert.lengthOf(await queuedBackInStock(), 0)
    const [open] = await StockSubscription.query().where('user_id', ada.id)
    assert.isNull(open.notifiedAt)
  })

  test('a cancelled order putting the last units back tells the subscribers', async ({
    client,
    assert,
  }) => {
    const buyer = await UserFactory.create()
    const waiting = await UserFactory.create()
    const product = await ProductFactory.merge({ name: 'Rare Vase', stock: 1 }).create()
    const number = await placeOrder(client, buyer, [[product, 1]])
    ;(await client.post(subscriptions(product.id)).loginAs(waiting)).assertStatus(201)

    ;(await client.post(`/api/v1/orders/${number}/cancel`).loginAs(buyer)).assertStatus(200)

    await smtp.waitFor(3)
    const [notice] = smtp.to(waiting.email)
    assert.equal(notice.subject, 'Rare Vase is back in stock')
    assert.deepEqual(
      smtp
        .to(buyer.email)
        .map((mail) => mail.subject)
        .sort(),
      [`Order ${number} confirmed`, `Order ${number} was cancelled`]
    )
    assert.lengthOf(await queuedBackInStock(), 1)
  })
})
