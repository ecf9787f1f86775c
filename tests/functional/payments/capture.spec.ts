import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { waitUntil } from '#tests/support/webhook_receiver'
import type { StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  cardMethod,
  cardOrder,
  deliverWebhook,
  intentEvent,
  orderRow,
  paymentEvents,
  paymentsOf,
  runJobsHere,
  startStripe,
} from '#tests/support/payments'

/**
 * Issue 20, item 2: a card method with manual capture: the card is
 * authorized at checkout, staff capture it (job `payment.capture`), then
 * it is paid.
 */
test.group('Payments: authorize, then capture (Stripe manual capture)', (group) => {
  let standIn: StripeStandIn
  group.setup(() => runJobsHere())
  group.each.timeout(60_000)
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  test('authorized by the webhook, not shippable, captured once by staff, then paid', async ({
    client,
    assert,
  }) => {
    await cardMethod({ capture: 'manual' })
    const { number, order, intent } = await cardOrder(client, standIn, {
      price: 2500,
      quantity: 2,
    })
    const staff = await UserFactory.apply('staff').create()
    assert.equal(standIn.creates[0].body.capture_method, 'manual')

    const held = await deliverWebhook(
      client,
      intentEvent(standIn, intent.id, 'payment_intent.amount_capturable_updated', {
        status: 'requires_capture',
      })
    )
    held.assertStatus(200)
    assert.equal(held.body().outcome, 'applied')
    const authorized = await orderRow(number)
    assert.deepEqual([authorized.paymentStatus, authorized.amountPaid], ['authorized', 0])

    const early = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    early.assertStatus(409)
    early.assertBodyContains({ errors: [{ code: 'E_PAYMENT_REQUIRED' }] })

    const [capture, again] = await Promise.all([
      client.post(`/api/v1/admin/orders/${number}/capture`).loginAs(staff),
      client.post(`/api/v1/admin/orders/${number}/capture`).loginAs(staff),
    ])
    capture.assertStatus(202)
    again.assertStatus(202)
    assert.equal(capture.body().data.number, number)

    await waitUntil(
      async () => (await orderRow(number)).paymentStatus === 'paid',
      'the capture went through',
      15_000
    )
    const [payment] = await paymentsOf(order.id)
    assert.equal(payment.status, 'succeeded')
    assert.lengthOf(standIn.captures, 1)
    assert.equal(standIn.captures[0].path, `/v1/payment_intents/${intent.id}/capture`)
    assert.equal(standIn.captures[0].idempotencyKey, `capture-${payment.id}`)
    const paid = await orderRow(number)
    assert.equal(paid.amountPaid, 5000)
    assert.deepEqual(
      (await paymentEvents(order.id)).map((event) => [event.fromStatus, event.toStatus]),
      [
        ['unpaid', 'authorized'],
        ['authorized', 'paid'],
      ]
    )

    // Stripe's own succeeded event afterwards changes nothing
    const late = await deliverWebhook(
      client,
      intentEvent(standIn, intent.id, 'payment_intent.succeeded', {})
    )
    late.assertStatus(200)
    assert.equal(late.body().outcome, 'ignored')
    assert.lengthOf(await paymentEvents(order.id), 2)

    const shipped = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    shipped.assertStatus(200)
  })

  test('capturing what is not authorized is 409 E_NOT_AUTHORIZED; customers 403', async ({
    client,
    assert,
  }) => {
    const { customer, number } = await cardOrder(client, standIn)
    const staff = await UserFactory.apply('staff').create()
    const response = await client.post(`/api/v1/admin/orders/${number}/capture`).loginAs(staff)
    response.assertStatus(409)
    response.assertBodyContains({
      errors: [{ code: 'E_NOT_AUTHORIZED', payment_status: 'unpaid' }],
    })
    const byCustomer = await client.post(`/api/v1/admin/orders/${number}/capture`).loginAs(customer)
    byCustomer.assertStatus(403)
    assert.lengthOf(standIn.captures, 0)
  })
})
