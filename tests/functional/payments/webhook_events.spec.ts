import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Stripe from 'stripe'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { stripeDelivery, type StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  cardOrder,
  deliverWebhook,
  intentEvent,
  orderRow,
  paymentEvents,
  paymentsOf,
  providerEvents,
  startStripe,
  succeededEvent,
} from '#tests/support/payments'

async function count(table: string) {
  const rows = await db.from(table).count('* as total')
  return Number(rows[0].total)
}

/**
 * What the database holds about payments, to show that a refused
 * delivery wrote nothing.
 */
async function paymentState(orderId: number) {
  const order = await db
    .from('orders')
    .where('id', orderId)
    .select('payment_status', 'amount_paid', 'amount_refunded', 'paid_at', 'status')
    .firstOrFail()
  return {
    order: { ...order, amount_paid: Number(order.amount_paid) },
    payments: (await paymentsOf(orderId)).map((payment) => [
      payment.status,
      payment.amountReceived,
    ]),
    providerEvents: await count('payment_provider_events'),
    orderEvents: await count('order_events'),
    webhookEvents: await count('webhook_events'),
  }
}

test.group('Payments: Stripe webhooks in any order, signed or not, matching or not', (group) => {
  let standIn: StripeStandIn
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  test('succeeded delivered before processing: the order ends paid', async ({ client, assert }) => {
    const { number, order, intent } = await cardOrder(client, standIn, {
      price: 2500,
      quantity: 2,
    })
    const created = Math.floor(Date.now() / 1000)
    const processing = intentEvent(
      standIn,
      intent.id,
      'payment_intent.processing',
      { status: 'processing' },
      { created: created - 5 }
    )
    const succeeded = succeededEvent(standIn, intent.id, { created })

    const first = await deliverWebhook(client, succeeded)
    first.assertStatus(200)
    assert.deepEqual(first.body(), { received: true, outcome: 'applied' })
    const second = await deliverWebhook(client, processing)
    second.assertStatus(200)
    assert.deepEqual(second.body(), { received: true, outcome: 'ignored' })

    const paid = await orderRow(number)
    assert.equal(paid.paymentStatus, 'paid')
    assert.equal(paid.amountPaid, 5000)
    const [payment] = await paymentsOf(order.id)
    assert.equal(payment.status, 'succeeded')
    assert.equal(payment.lastEventCreated, created)

    const stored = await providerEvents()
    assert.deepEqual(
      stored.map((event) => [event.eventId, event.type, event.outcome, event.needsAttention]),
      [
        [succeeded.event.id, 'payment_intent.succeeded', 'applied', false],
        [processing.event.id, 'payment_intent.processing', 'ignored', false],
      ]
    )
    assert.deepEqual(
      (await paymentEvents(order.id)).map((event) => [event.fromStatus, event.toStatus]),
      [['unpaid', 'paid']]
    )
  })

  test('processing then succeeded in order: paid, the attempt went through processing', async ({
    client,
    assert,
  }) => {
    const { number, order, intent } = await cardOrder(client, standIn)
    const created = Math.floor(Date.now() / 1000)
    const processing = intentEvent(
      standIn,
      intent.id,
      'payment_intent.processing',
      { status: 'processing' },
      { created: created - 5 }
    )
    ;(await deliverWebhook(client, processing)).assertStatus(200)
    const [during] = await paymentsOf(order.id)
    assert.equal(during.status, 'processing')
    assert.equal((await orderRow(number)).paymentStatus, 'unpaid')

    ;(await deliverWebhook(client, succeededEvent(standIn, intent.id, { created }))).assertStatus(
      200
    )
    assert.equal((await orderRow(number)).paymentStatus, 'paid')
  })

  test('a failed attempt leaves the order failed and payable; a later success pays it', async ({
    client,
    assert,
  }) => {
    const { customer, number, order, intent } = await cardOrder(client, standIn)
    const created = Math.floor(Date.now() / 1000)
    const failed = intentEvent(
      standIn,
      intent.id,
      'payment_intent.payment_failed',
      {
        status: 'requires_payment_method',
        last_payment_error: {
          type: 'card_error',
          code: 'card_declined',
          message: 'Your card was declined.',
        },
      },
      { created: created - 10 }
    )
    const response = await deliverWebhook(client, failed)
    response.assertStatus(200)
    assert.equal(response.body().outcome, 'applied')

    const afterFailure = await orderRow(number)
    assert.equal(afterFailure.paymentStatus, 'failed')
    assert.equal(afterFailure.status, 'pending')
    const [payment] = await paymentsOf(order.id)
    assert.equal(payment.status, 'failed')
    assert.equal(payment.failureMessage, 'Your card was declined.')

    // the customer tries again
    const again = await client.post(`/api/v1/orders/${number}/payment`).loginAs(customer)
    again.assertStatus(200)
    const retry = standIn.intent(again.body().data.payment_intent)
    const paid = await deliverWebhook(
      client,
      succeededEvent(standIn, retry.id, { created: created + 10 })
    )
    paid.assertStatus(200)
    const settled = await orderRow(number)
    assert.equal(settled.paymentStatus, 'paid')
    assert.equal(settled.amountPaid, settled.total)
    assert.deepEqual(
      (await paymentEvents(order.id)).map((event) => [event.fromStatus, event.toStatus]),
      [
        ['unpaid', 'failed'],
        ['failed', 'paid'],
      ]
    )
  })

  test('a bad signature is 400 E_WEBHOOK_SIGNATURE and writes nothing', async ({
    client,
    assert,
  }) => {
    const { order, intent } = await cardOrder(client, standIn)
    const before = await paymentState(order.id)
    const genuine = succeededEvent(standIn, intent.id)

    const wrongSecret = stripeDelivery('payment_intent.succeeded', standIn.intent(intent.id), {
      secret: 'whsec_someone_else',
    })
    const tampered = {
      ...genuine,
      payload: genuine.payload.replace(`"amount_received":5000`, `"amount_received":1`),
    }
    assert.notEqual(tampered.payload, genuine.payload)
    const unsigned = { ...genuine, signature: '' }
    const garbage = { ...genuine, signature: 't=1,v1=deadbeef' }

    for (const delivery of [wrongSecret, tampered, unsigned, garbage]) {
      const response = await deliverWebhook(client, delivery)
      response.assertStatus(400)
      response.assertBodyContains({ errors: [{ code: 'E_WEBHOOK_SIGNATURE' }] })
    }
    assert.deepEqual(await paymentState(order.id), before)

    // the genuine delivery still counts (nothing was stored under its id)
    const real = await deliverWebhook(client, genuine)
    real.assertStatus(200)
    assert.equal(real.body().outcome, 'applied')
  })

  test('an event signed too long ago is refused like a bad signature', async ({
    client,
    assert,
  }) => {
    const { order, intent } = await cardOrder(client, standIn)
    const before = await paymentState(order.id)
    const delivery = succeededEvent(standIn, intent.id)
    const old = Math.floor(Date.now() / 1000) - 3600
    const stale = {
      ...delivery,
      signature: Stripe.webhooks.generateTestHeaderString({
        payload: delivery.payload,
        secret: 'whsec_standin',
        timestamp: old,
      }),
    }
    const response = await deliverWebhook(client, stale)
    response.assertStatus(400)
    response.assertBodyContains({ errors: [{ code: 'E_WEBHOOK_SIGNATURE' }] })
    assert.deepEqual(await paymentState(order.id), before)
  })

  test('an amount that differs from the order is refused, applied nowhere and shown to staff', async ({
    client,
    assert,
  }) => {
    const { number, order, intent } = await cardOrder(client, standIn, {
      price: 2500,
      quantity: 2,
    })
    const staff = await UserFactory.apply('staff').create()
    const before = await paymentState(order.id)

    const short = intentEvent(standIn, intent.id, 'payment_intent.succeeded', {
      status: 'succeeded',
      amount: 4000,
      amount_received: 4000,
    })
    const response = await deliverWebhook(client, short)
    response.assertStatus(200)
    assert.deepEqual(response.body(), { received: true, outcome: 'refused' })

    const after = await paymentState(order.id)
    assert.deepEqual(after.order, before.order)
    assert.deepEqual(after.payments, before.payments)
    assert.equal(after.orderEvents, before.orderEvents)
    const [stored] = await providerEvents()
    assert.containsSubset(stored.serialize(), {
      eventId: short.event.id,
      outcome: 'refused',
      needsAttention: true,
      orderId: order.id,
      amount: 4000,
    })
    assert.isNull(stored.resolvedAt)

    const list = await client
      .get('/api/v1/admin/payment-events')
      .qs({ needs_attention: 'true' })
      .loginAs(staff)
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 1)
    assert.containsSubset(list.body().data[0], {
      id: stored.id,
      provider: 'stripe',
      event_id: short.event.id,
      type: 'payment_intent.succeeded',
      order_number: number,
      outcome: 'refused',
      needs_attention: true,
      amount: '40.00',
      currency: order.currency,
      resolved_at: null,
    })
    assert.isString(list.body().data[0].message)
    assert.isNotEmpty(list.body().data[0].message)

    // customers may not look
    const customerLook = await client
      .get('/api/v1/admin/payment-events')
      .loginAs(await UserFactory.create())
    customerLook.assertStatus(403)

    // staff resolve it: no longer waiting for attention, still listed in all
    const resolved = await client
      .post(`/api/v1/admin/payment-events/${stored.id}/resolve`)
      .loginAs(staff)
    resolved.assertStatus(200)
    assert.isString(resolved.body().data.resolved_at)
    const waiting = await client
      .get('/api/v1/admin/payment-events')
      .qs({ needs_attention: 'true' })
      .loginAs(staff)
    assert.lengthOf(waiting.body().data, 0)
    const all = await client.get('/api/v1/admin/payment-events').loginAs(staff)
    assert.lengthOf(all.body().data, 1)

    // the order is still unpaid and payable
    assert.equal((await orderRow(number)).paymentStatus, 'unpaid')
  })

  test('a currency that differs from the order is refused and flagged', async ({
    client,
    assert,
  }) => {
    const { number, order, intent } = await cardOrder(client, standIn)
    const other = order.currency.toLowerCase() === 'usd' ? 'eur' : 'usd'
    const foreign = intentEvent(standIn, intent.id, 'payment_intent.succeeded', {
      status: 'succeeded',
      currency: other,
    })
    const response = await deliverWebhook(client, foreign)
    response.assertStatus(200)
    assert.equal(response.body().outcome, 'refused')
    const paidNothing = await orderRow(number)
    assert.equal(paidNothing.paymentStatus, 'unpaid')
    assert.equal(paidNothing.amountPaid, 0)
    const [stored] = await providerEvents()
    assert.isTrue(stored.needsAttention)
    assert.equal(stored.currency, other.toUpperCase())
  })

  test('an event we do not act on is stored as ignored; unknown PaymentIntents change nothing', async ({
    client,
    assert,
  }) => {
    const { order, intent } = await cardOrder(client, standIn)
    const before = await paymentState(order.id)
    const other = await deliverWebhook(
      client,
      stripeDelivery('customer.created', { id: 'cus_1', object: 'customer' })
    )
    other.assertStatus(200)
    assert.equal(other.body().outcome, 'ignored')

    const stranger = await deliverWebhook(
      client,
      stripeDelivery('payment_intent.succeeded', {
        ...standIn.intent(intent.id),
        id: 'pi_not_ours',
        status: 'succeeded',
        amount_received: standIn.intent(intent.id).amount,
        metadata: {},
      })
    )
    stranger.assertStatus(200)
    assert.notEqual(stranger.body().outcome, 'applied')

    const after = await paymentState(order.id)
    assert.deepEqual(after.order, before.order)
    assert.deepEqual(after.payments, before.payments)
    assert.equal(after.providerEvents, 2)
  })
})
