import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Payment from '#models/payment'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { toDecimalString } from '#domain/money'
import { configureStripe } from '#services/payments/stripe_provider'
import type { StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  cardMethod,
  cardOrder,
  deliverWebhook,
  orderRow,
  paymentsOf,
  placeOrderPaying,
  startPayment,
  startStripe,
  succeededEvent,
} from '#tests/support/payments'

test.group('Payments: starting and resuming a card payment (Stripe)', (group) => {
  let standIn: StripeStandIn
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  test('start creates one PaymentIntent and answers its client secret', async ({
    client,
    assert,
  }) => {
    const { number, order, session, intent } = await cardOrder(client, standIn, {
      price: 2500,
      quantity: 2,
    })
    assert.equal(order.total, 5000)

    assert.deepEqual(session, {
      order_number: number,
      payment_status: 'unpaid',
      provider: 'stripe',
      method: 'card',
      amount: '50.00',
      currency: order.currency,
      expires_at: session.expires_at,
      client_secret: intent.client_secret,
      publishable_key: 'pk_test_standin',
      payment_intent: intent.id,
      instructions: null,
      reference: null,
      pay_on_delivery: false,
    })
    assert.match(intent.client_secret, new RegExp(`^${intent.id}_secret_[0-9a-f]+$`))
    // the card method's window: 30 minutes from checkout
    const expiresAt = DateTime.fromISO(session.expires_at)
    // (the API's timestamps are to the second)
    assert.equal(Math.floor(expiresAt.toSeconds()), Math.floor(order.paymentExpiresAt!.toSeconds()))
    const minutesLeft = expiresAt.diffNow('minutes').minutes
    assert.isAbove(minutesLeft, 28)
    assert.isAtMost(minutesLeft, 30)

    const [payment] = await paymentsOf(order.id)
    assert.containsSubset(payment.serialize(), {
      orderId: order.id,
      provider: 'stripe',
      providerRef: intent.id,
      amount: 5000,
      currency: order.currency,
      amountReceived: 0,
    })
    assert.equal(payment.status, 'requires_action')

    assert.lengthOf(standIn.creates, 1)
    const [create] = standIn.creates
    assert.equal(create.idempotencyKey, `payment-${payment.id}`)
    assert.deepEqual(create.body, {
      'amount': '5000',
      'currency': order.currency.toLowerCase(),
      'capture_method': 'automatic',
      'automatic_payment_methods[enabled]': 'true',
      'metadata[order_number]': number,
      'metadata[payment_id]': String(payment.id),
    })
    assert.equal(create.headers.authorization, 'Bearer sk_test_standin')
  })

  test('resuming answers the same PaymentIntent without creating another', async ({
    client,
    assert,
  }) => {
    const { customer, number, order, session } = await cardOrder(client, standIn)

    const again = await startPayment(client, customer, number)
    again.assertStatus(200)
    assert.equal(again.body().data.payment_intent, session.payment_intent)
    assert.equal(again.body().data.client_secret, session.client_secret)

    const payments = await paymentsOf(order.id)
    assert.lengthOf(payments, 1)
    assert.lengthOf(standIn.creates, 1)
  })

  test('two tabs starting at once share one attempt and one PaymentIntent', async ({
    client,
    assert,
  }) => {
    await cardMethod()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1999, stock: 5 }).create()
    const number = await placeOrderPaying(client, customer, [[product, 1]], 'card')

    const answers = await Promise.all([
      startPayment(client, customer, number),
      startPayment(client, customer, number),
      startPayment(client, customer, number),
    ])
    for (const answer of answers) {
      answer.assertStatus(200)
    }
    const intents = new Set(answers.map((answer) => answer.body().data.payment_intent))
    assert.equal(intents.size, 1)

    const order = await orderRow(number)
    const payments = await paymentsOf(order.id)
    assert.lengthOf(payments, 1)
    // however many reached Stripe, they were one request (one key, one object)
    assert.deepEqual(
      [...new Set(standIn.creates.map((create) => create.idempotencyKey))],
      [`payment-${payments[0].id}`]
    )
    assert.equal(standIn.intents.size, 1)
  })

  test('a paid order is not payable again: 409 E_PAYMENT_NOT_DUE', async ({ client, assert }) => {
    const { customer, number, intent } = await cardOrder(client, standIn)
    const paid = await deliverWebhook(client, succeededEvent(standIn, intent.id))
    paid.assertStatus(200)

    const again = await startPayment(client, customer, number)
    again.assertStatus(409)
    again.assertBodyContains({ errors: [{ code: 'E_PAYMENT_NOT_DUE', payment_status: 'paid' }] })
    assert.lengthOf(standIn.creates, 1)
  })

  test("someone else's order is 404; no token is 401; nothing reaches Stripe", async ({
    client,
    assert,
  }) => {
    await cardMethod()
    const owner = await UserFactory.create()
    const stranger = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1000, stock: 5 }).create()
    const number = await placeOrderPaying(client, owner, [[product, 1]], 'card')

    const foreign = await startPayment(client, stranger, number)
    foreign.assertStatus(404)
    const anonymous = await client.post(`/api/v1/orders/${number}/payment`)
    anonymous.assertStatus(401)
    const unknown = await startPayment(client, owner, 'SO-000000-NOTANORD')
    unknown.assertStatus(404)

    assert.lengthOf(standIn.requests, 0)
    const order = await orderRow(number)
    assert.lengthOf(await Payment.query().where('order_id', order.id), 0)
  })

  test('Stripe not configured: 503 E_PAYMENT_PROVIDER_UNAVAILABLE', async ({
    client,
    assert,
    cleanup,
  }) => {
    await cardMethod()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1000, stock: 5 }).create()
    const number = await placeOrderPaying(client, customer, [[product, 1]], 'card')
    cleanup(configureStripe({ secretKey: '', webhookSecret: '' }))

    const response = await startPayment(client, customer, number)
    response.assertStatus(503)
    response.assertBodyContains({ errors: [{ code: 'E_PAYMENT_PROVIDER_UNAVAILABLE' }] })
    assert.lengthOf(standIn.requests, 0)
  })

  test('Stripe refusing the PaymentIntent: 502 E_PAYMENT_PROVIDER_ERROR, and a retry works', async ({
    client,
    assert,
  }) => {
    await cardMethod()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1000, stock: 5 }).create()
    const number = await placeOrderPaying(client, customer, [[product, 1]], 'card')
    standIn.failNext(
      { status: 500, type: 'api_error', message: 'Stripe is having a moment' },
      { method: 'POST', path: '/v1/payment_intents' }
    )

    const failed = await startPayment(client, customer, number)
    failed.assertStatus(502)
    failed.assertBodyContains({ errors: [{ code: 'E_PAYMENT_PROVIDER_ERROR' }] })

    const retried = await startPayment(client, customer, number)
    retried.assertStatus(200)
    const intent = standIn.intent(retried.body().data.payment_intent)
    assert.equal(intent.amount, 1000)
    assert.equal(toDecimalString(intent.amount), retried.body().data.amount)
  })
})
