import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ParsedMail } from 'mailparser'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { SmtpReceiver } from '#tests/support/smtp_receiver'
import jobsConfig from '#config/jobs'
import { JobQueue } from '#services/job_queue'
import { CheckoutService } from '#services/checkout_service'
import { ShopSettingsService } from '#services/shop_settings_service'
import { ApiError } from '#exceptions/api_error'
import type { CheckoutInput } from '#validators/order'
import type User from '#models/user'
import type Order from '#models/order'

/**
 * The `mail.send` jobs queued in the outbox so far, by kind (the outbox
 * is the only way a mail leaves: counting it counts what will be sent).
 */
async function queuedMails() {
  const rows = await db.from('outbox_messages').where('job_name', 'mail.send').orderBy('id')
  return rows.map((row) => JSON.parse(row.payload).kind as string)
}

function parts(mail: ParsedMail) {
  return [String(mail.html), mail.text ?? '']
}

/**
 * E-mails end to end (issue 18): the change queues the job in its
 * transaction, the in-process worker sends it through SMTP to a real
 * server the test runs, and the test parses what arrived.
 */
test.group('E-mails from changes, through the job queue', (group) => {
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

  test('an order placed sends exactly one confirmation, with number and total in both parts', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1999, stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 3]])
    const shop = await new ShopSettingsService().get()

    const [mail] = await smtp.waitFor(1, { to: customer.email })
    assert.equal(mail.subject, `Order ${number} confirmed`)
    assert.lengthOf(smtp.to(customer.email), 1)
    for (const part of parts(mail)) {
      assert.include(part, number)
      assert.include(part, `59.97 ${shop.currency}`)
      assert.include(part, shop.name)
      assert.include(part, shop.address.city)
    }
    assert.deepEqual(await queuedMails(), ['order_placed'])
    assert.lengthOf(smtp.to(customer.email), 1)
  })

  test('a checkout that rolls back sends nothing', async ({ client, assert, cleanup }) => {
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
    assert.deepEqual(await queuedMails(), [])

    // The next order's mail is the only one that ever arrives.
    const number = await placeOrder(client, customer, [[product, 1]])
    const [mail] = await smtp.waitFor(1, { to: customer.email })
    assert.include(mail.subject, number)
    assert.deepEqual(await queuedMails(), ['order_placed'])
    assert.lengthOf(smtp.to(customer.email), 1)
  })

  test('shipping and cancelling tell the customer, once each', async ({ client, assert }) => {
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const shipped = await placeOrder(client, customer, [[product, 1]])
    const cancelled = await placeOrder(client, customer, [[product, 2]])

    const ship = await client
      .patch(`/api/v1/admin/orders/${shipped}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    ship.assertStatus(200)
    const cancel = await client.post(`/api/v1/orders/${cancelled}/cancel`).loginAs(customer)
    cancel.assertStatus(200)

    const mails = await smtp.waitFor(4, { to: customer.email })
    assert.lengthOf(smtp.to(customer.email), 4)
    const subjects = mails.map((mail) => mail.subject).sort()
    assert.deepEqual(
      subjects,
      [
        `Order ${cancelled} confirmed`,
        `Order ${cancelled} was cancelled`,
        `Order ${shipped} confirmed`,
        `Order ${shipped} has shipped`,
      ].sort()
    )
    const cancelMail = mails.find((mail) => mail.subject?.endsWith('was cancelled'))!
    for (const part of parts(cancelMail)) {
      assert.include(part, 'put back in stock')
      assert.include(part, 'nothing to refund')
    }
    assert.sameMembers(await queuedMails(), [
      'order_placed',
      'order_placed',
      'order_shipped',
      'order_cancelled',
    ])
  })

  test('a password change sends one e-mail', async ({ client, assert }) => {
    const customer = await UserFactory.create()
    const response = await client
      .put('/api/v1/me/password')
      .loginAs(customer)
      .json({ current_password: 'password123', password: 'a-new-Passw0rd!' })
    response.assertStatus(200)

    const [mail] = await smtp.waitFor(1, { to: customer.email })
    assert.equal(mail.subject, 'Your password was changed')
    assert.lengthOf(smtp.to(customer.email), 1)
    for (const part of parts(mail)) {
      assert.include(part, customer.email)
    }
    assert.deepEqual(await queuedMails(), ['password_changed'])
  })

  test('a wrong current password changes nothing and sends nothing', async ({ client, assert }) => {
    const customer = await UserFactory.create()
    const response = await client
      .put('/api/v1/me/password')
      .loginAs(customer)
      .json({ current_password: 'not-the-password', password: 'a-new-Passw0rd!' })
    response.assertStatus(422)
    assert.deepEqual(await queuedMails(), [])
  })
})
