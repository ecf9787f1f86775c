import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ParsedMail } from 'mailparser'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { startPaymentOutputs } from '#tests/support/payments'
import { placeOrder } from '#tests/support/orders'
import { SmtpReceiver } from '#tests/support/smtp_receiver'
import { WebhookReceiver, waitUntil } from '#tests/support/webhook_receiver'
import { OrderEvents } from '#events/order_events'
import type { PaymentStatus } from '#domain/payment_status'
import Order from '#models/order'

const WEBHOOKS = '/api/v1/admin/webhooks'

/**
 * The `mail.send` jobs queued so far, by kind (the outbox is the only way
 * a mail leaves).
 */
async function queuedMails() {
  const rows = await db.from('outbox_messages').where('job_name', 'mail.send').orderBy('id')
  return rows.map((row) => JSON.parse(row.payload).kind as string)
}

/**
 * The webhook events in the order they were published: by their first
 * delivery's id (an increment); `created_at` keeps whole seconds on SQLite
 * and event ids are random.
 */
async function deliveredEvents() {
  const rows = await db
    .from('webhook_events')
    .orderByRaw('(select min(d.id) from webhook_deliveries d where d.event_id = webhook_events.id)')
  return rows.map((row) => JSON.parse(row.body))
}

/**
 * The HTML part without its tags, and the text part.
 */
function parts(mail: ParsedMail) {
  return [String(mail.html).replace(/<[^>]+>/g, ''), mail.text ?? '']
}

/**
 * A payment change as the payment service makes it (issue 20): the
 * order's payment columns and its `payment` order event in one
 * transaction, through OrderEvents.paymentChanged (the path every payment
 * change takes; the outputs under test hang off it). `fail` rolls it back.
 */
async function movePayment(
  number: string,
  move: { from: PaymentStatus; to: PaymentStatus; amount: number | null; note: string | null },
  money: { amountPaid?: number; amountRefunded?: number } = {},
  fail = false
) {
  const order = await Order.findByOrFail('number', number)
  await db
    .transaction(async (trx) => {
      order.useTransaction(trx)
      order.paymentStatus = move.to
      if (money.amountPaid !== undefined) order.amountPaid = money.amountPaid
      if (money.amountRefunded !== undefined) order.amountRefunded = money.amountRefunded
      await order.save()
      await OrderEvents.paymentChanged(
        trx,
        { orderId: order.id, orderNumber: order.number, userId: order.userId },
        move,
        { actorId: null, actorRole: 'system' }
      )
      if (fail) throw new Error('rolled back')
    })
    .catch((error: Error) => {
      if (!fail || error.message !== 'rolled back') throw error
    })
}

/**
 * An order placed through the API (no payment method is active, so
 * checkout is as before), then given a method as checkout gives one; its
 * confirmation has arrived (so the mails of later changes arrive after it).
 */
async function orderPaidBy(
  client: any,
  smtp: SmtpReceiver,
  methodName: string | null,
  price = 2500
) {
  const customer = await UserFactory.merge({ fullName: 'Ada Lovelace' }).create()
  const product = await ProductFactory.merge({ price, stock: 5 }).create()
  const number = await placeOrder(client, customer, [[product, 1]])
  if (methodName) {
    await db
      .from('orders')
      .where('number', number)
      .update({
        payment_method_code: methodName.toLowerCase().replaceAll(' ', '-'),
        payment_method_name: methodName,
        payment_provider: 'manual',
      })
  }
  await smtp.waitFor(1, { to: customer.email })
  return { customer, number, order: await Order.findByOrFail('number', number) }
}

test.group('Payments (issue 20): what a payment change sends', (group) => {
  let smtp: SmtpReceiver
  let receiver: WebhookReceiver
  group.setup(async () => {
    const outputs = await startPaymentOutputs()
    smtp = outputs.smtp
    receiver = outputs.receiver
    return outputs.stop
  })
  group.each.timeout(60_000)
  group.each.setup(async () => {
    await truncateAll()
    smtp.messages.length = 0
    receiver.received.length = 0
    receiver.respond = () => 200
  })

  async function register(client: any, events: string[]) {
    const admin = await UserFactory.apply('admin').create()
    const response = await client
      .post(WEBHOOKS)
      .loginAs(admin)
      .json({ url: receiver.url, events, description: 'ERP' })
    response.assertStatus(201)
    return response.body().data as { id: number; secret: string }
  }

  test('paid, refunded in part, then in full: one mail each, with the amounts', async ({
    client,
    assert,
  }) => {
    const { customer, number } = await orderPaidBy(client, smtp, 'Bank transfer', 2500)

    await movePayment(
      number,
      { from: 'unpaid', to: 'paid', amount: 2500, note: 'Recorded by staff (BANK-1)' },
      { amountPaid: 2500 }
    )
    const [, received] = await smtp.waitFor(2, { to: customer.email })
    assert.equal(received.subject, `Payment received for order ${number}`)
    for (const part of parts(received)) {
      assert.include(part, number)
      assert.include(part, 'payment of 25.00 USD')
      assert.include(part, 'Bank transfer')
      assert.include(part, 'Order total: 25.00 USD')
    }

    await movePayment(
      number,
      { from: 'paid', to: 'partially_refunded', amount: 700, note: 'Refund 1' },
      { amountRefunded: 700 }
    )
    const [, , partial] = await smtp.waitFor(3, { to: customer.email })
    assert.equal(partial.subject, `Refund for order ${number}`)
    for (const part of parts(partial)) {
      assert.include(part, 'refunded 7.00 USD')
      assert.include(part, 'Refunded in all: 7.00 USD')
      assert.include(part, 'Net paid: 18.00 USD')
      assert.notInclude(part, 'Everything you paid')
    }

    // A second refund from partially_refunded: its own mail.
    await movePayment(
      number,
      { from: 'partially_refunded', to: 'partially_refunded', amount: 300, note: 'Refund 2' },
      { amountRefunded: 1000 }
    )
    await smtp.waitFor(4, { to: customer.email })
    await movePayment(
      number,
      { from: 'partially_refunded', to: 'refunded', amount: 1500, note: 'Refund 3' },
      { amountRefunded: 2500 }
    )
    const mails = await smtp.waitFor(5, { to: customer.email })
    assert.include(mails[3].text, 'refunded 3.00 USD')
    assert.include(mails[4].text, 'refunded 15.00 USD')
    for (const part of parts(mails[4])) {
      assert.include(part, 'Everything you paid for this order has been refunded.')
      assert.include(part, 'Net paid: 0.00 USD')
    }
    assert.deepEqual(await queuedMails(), [
      'order_placed',
      'payment_received',
      'payment_refunded',
      'payment_refunded',
      'payment_refunded',
    ])
    assert.lengthOf(smtp.to(customer.email), 5)
  })

  test('a failed attempt says pay again, with the provider message and the deadline', async ({
    client,
    assert,
  }) => {
    const { customer, number } = await orderPaidBy(client, smtp, 'Card', 4200)
    await db
      .from('orders')
      .where('number', number)
      .update({ payment_expires_at: '2030-01-02 03:04:00' })
    await movePayment(number, {
      from: 'unpaid',
      to: 'failed',
      amount: null,
      note: 'Your card was declined.',
    })
    const [, failed] = await smtp.waitFor(2, { to: customer.email })
    assert.equal(failed.subject, `Payment failed for order ${number}: please pay again`)
    for (const part of parts(failed)) {
      assert.include(part, '42.00 USD')
      assert.include(part, 'Payment method: Card')
      assert.include(part, 'Your card was declined.')
      assert.include(part, 'Please pay again')
      assert.include(part, '2 January 2030 at 03:04 UTC')
    }
    // Failing again is another mail (another attempt).
    await movePayment(number, { from: 'failed', to: 'failed', amount: null, note: null })
    const mails = await smtp.waitFor(3, { to: customer.email })
    assert.notInclude(mails[2].text, 'The payment service said')
    assert.deepEqual(await queuedMails(), ['order_placed', 'payment_failed', 'payment_failed'])
  })

  test('an authorization, a part payment and an expiry send no payment mail', async ({
    client,
    assert,
  }) => {
    const { customer, number } = await orderPaidBy(client, smtp, 'Bank transfer', 3000)
    await movePayment(
      number,
      { from: 'unpaid', to: 'unpaid', amount: 1000, note: 'part' },
      { amountPaid: 1000 }
    )
    await movePayment(number, { from: 'unpaid', to: 'expired', amount: null, note: 'Not paid' })
    const other = await orderPaidBy(client, smtp, 'Card', 3000)
    await movePayment(other.number, {
      from: 'unpaid',
      to: 'authorized',
      amount: 3000,
      note: 'Authorized',
    })
    await smtp.waitFor(1, { to: customer.email })
    await smtp.waitFor(1, { to: other.customer.email })
    assert.deepEqual(await queuedMails(), ['order_placed', 'order_placed'])
    // Each change is on record all the same.
    const rows = await db.from('order_events').where('type', 'payment').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.to_status, row.amount === null ? null : Number(row.amount)]),
      [
        ['unpaid', 1000],
        ['expired', null],
        ['authorized', 3000],
      ]
    )
  })

  test('order.payment_changed is delivered with payment states, the amount as a decimal string and the note; status subscribers hear nothing of it', async ({
    client,
    assert,
  }) => {
    const paymentEndpoint = await register(client, ['order.payment_changed'])
    await register(client, ['order.status_changed', 'order.cancelled'])
    const { customer, number, order } = await orderPaidBy(client, smtp, 'Bank transfer', 1999)

    await movePayment(
      number,
      { from: 'unpaid', to: 'paid', amount: 1999, note: 'Recorded by staff (BANK-7)' },
      { amountPaid: 1999 }
    )
    await movePayment(number, {
      from: 'paid',
      to: 'partially_refunded',
      amount: 5,
      note: null,
    })
    await waitUntil(async () => receiver.received.length === 2, 'two deliveries')
    const bodies = receiver.received.map((request) => JSON.parse(request.body))
    bodies.sort((a, b) => a.data.amount.localeCompare(b.data.amount))
    assert.deepEqual(
      bodies.map((body) => body.type),
      ['order.payment_changed', 'order.payment_changed']
    )
    for (const request of receiver.received) {
      assert.isTrue(WebhookReceiver.verifies(request, paymentEndpoint.secret))
    }
    assert.deepEqual(bodies[0].data, {
      order: { id: order.id, number, customer_id: customer.id },
      from_payment_status: 'paid',
      to_payment_status: 'partially_refunded',
      amount: '0.05',
      note: null,
      actor_role: 'system',
      occurred_at: bodies[0].data.occurred_at,
    })
    assert.deepEqual(bodies[1].data, {
      order: { id: order.id, number, customer_id: customer.id },
      from_payment_status: 'unpaid',
      to_payment_status: 'paid',
      amount: '19.99',
      note: 'Recorded by staff (BANK-7)',
      actor_role: 'system',
      occurred_at: bodies[1].data.occurred_at,
    })
    assert.isString(bodies[1].data.occurred_at)
    assert.equal(bodies[1].version, 1)
    // No status event was published for the payment rows.
    assert.deepEqual(
      (await deliveredEvents()).map((body) => body.type),
      ['order.payment_changed', 'order.payment_changed']
    )
  })

  test('an expiry with the cancellation: order.payment_changed (amount null) and the status events, one cancellation mail', async ({
    client,
    assert,
  }) => {
    await register(client, ['order.payment_changed', 'order.status_changed', 'order.cancelled'])
    const { customer, number, order } = await orderPaidBy(client, smtp, 'Bank transfer')
    await db.transaction(async (trx) => {
      const ref = { orderId: order.id, orderNumber: number, userId: order.userId }
      const system = { actorId: null, actorRole: 'system' as const }
      await trx
        .from('orders')
        .where('id', order.id)
        .update({ payment_status: 'expired', status: 'cancelled' })
      await OrderEvents.paymentChanged(
        trx,
        ref,
        { from: 'unpaid', to: 'expired', amount: null, note: 'Not paid in time' },
        system
      )
      await OrderEvents.statusChanged(trx, ref, { from: 'pending', to: 'cancelled' }, system)
    })
    await waitUntil(async () => receiver.received.length === 3, 'three deliveries')
    const types = (await deliveredEvents()).map((body) => body.type).sort()
    assert.deepEqual(types, ['order.cancelled', 'order.payment_changed', 'order.status_changed'])
    const payment = (await deliveredEvents()).find((body) => body.type === 'order.payment_changed')
    assert.equal(payment.data.to_payment_status, 'expired')
    assert.isNull(payment.data.amount)
    assert.equal(payment.data.note, 'Not paid in time')

    const [, cancelled] = await smtp.waitFor(2, { to: customer.email })
    assert.equal(cancelled.subject, `Order ${number} was cancelled`)
    assert.include(cancelled.text, 'nothing to refund')
    assert.deepEqual(await queuedMails(), ['order_placed', 'order_cancelled'])
  })

  test('cancelling a paid order: the cancellation mail says the money goes back, not "nothing to refund"', async ({
    client,
    assert,
  }) => {
    const { customer, number, order } = await orderPaidBy(client, smtp, 'Bank transfer', 1500)
    await movePayment(
      number,
      { from: 'unpaid', to: 'paid', amount: 1500, note: null },
      { amountPaid: 1500 }
    )
    await smtp.waitFor(2, { to: customer.email })
    await db.transaction(async (trx) => {
      await trx.from('orders').where('id', order.id).update({ status: 'cancelled' })
      await OrderEvents.statusChanged(
        trx,
        { orderId: order.id, orderNumber: number, userId: order.userId },
        { from: 'pending', to: 'cancelled' },
        { actorId: customer.id, actorRole: 'customer' }
      )
    })
    const [, , cancelled] = await smtp.waitFor(3, { to: customer.email })
    assert.equal(cancelled.subject, `Order ${number} was cancelled`)
    for (const part of parts(cancelled)) {
      assert.include(part, 'refunded to your original payment method')
      assert.notInclude(part, 'nothing to refund')
    }
  })

  test('a payment change that rolls back sends no mail and publishes no event', async ({
    client,
    assert,
  }) => {
    await register(client, ['order.payment_changed'])
    const { customer, number } = await orderPaidBy(client, smtp, 'Bank transfer', 1000)
    await movePayment(
      number,
      { from: 'unpaid', to: 'paid', amount: 1000, note: null },
      { amountPaid: 1000 },
      true
    )
    const order = await Order.findByOrFail('number', number)
    assert.equal(order.paymentStatus, 'unpaid')
    assert.deepEqual(await queuedMails(), ['order_placed'])
    assert.deepEqual(await deliveredEvents(), [])

    // The next one that commits is the only one sent.
    await movePayment(
      number,
      { from: 'unpaid', to: 'paid', amount: 1000, note: null },
      { amountPaid: 1000 }
    )
    const mails = await smtp.waitFor(2, { to: customer.email })
    assert.equal(mails[1].subject, `Payment received for order ${number}`)
    await waitUntil(async () => receiver.received.length === 1, 'one delivery')
    assert.deepEqual(await queuedMails(), ['order_placed', 'payment_received'])
  })
})
