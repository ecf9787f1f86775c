import { test } from '@japa/runner'
import type User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { LiveClient } from '#tests/support/live_client'
import { jwtSigner } from '#config/auth'
import type { StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  cardOrder,
  confirmPayment,
  deliverWebhook,
  orderRow,
  paymentEvents,
  paymentsOf,
  providerEvents,
  startStripe,
  succeededEvent,
} from '#tests/support/payments'

async function tokenFor(user: User) {
  return (await jwtSigner.sign(user)).value
}

/**
 * Issue 20, "exactly once": Stripe delivers an event as many times as it
 * likes, in parallel, while the customer's browser reports the same
 * payment through the confirm call. The order is paid once.
 */
test.group('Payments: exactly once (Stripe)', (group) => {
  let standIn: StripeStandIn
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  test('the same payment_intent.succeeded five times at once plus the confirm call: paid once, one event row, one broadcast', async ({
    client,
    assert,
    cleanup,
  }) => {
    const { customer, number, order, intent } = await cardOrder(client, standIn, {
      price: 2500,
      quantity: 2,
    })
    const staff = await UserFactory.apply('staff').create()
    const live = new LiveClient({ token: await tokenFor(customer) })
    cleanup(() => live.close())
    const channel = await live.subscribe<any>(`users/${customer.id}/orders`)
    assert.equal(channel.status, 204)

    const delivery = succeededEvent(standIn, intent.id)
    const [confirm, ...deliveries] = await Promise.all([
      confirmPayment(client, customer, number),
      ...Array.from({ length: 5 }, () => deliverWebhook(client, delivery)),
    ])

    confirm.assertStatus(200)
    assert.equal(confirm.body().data.number, number)
    assert.equal(confirm.body().data.payment_status, 'paid')
    assert.equal(confirm.body().data.payment.amount_paid, '50.00')
    assert.equal(confirm.body().data.payment.amount_due, '0.00')
    for (const response of deliveries) {
      response.assertStatus(200)
      assert.isTrue(response.body().received)
    }
    const outcomes = deliveries.map((response) => response.body().outcome).sort()
    assert.lengthOf(
      outcomes.filter((outcome) => outcome === 'duplicate'),
      4,
      `outcomes: ${outcomes.join(', ')}`
    )
    // the one processed delivery found the payment applied (by itself or by the confirm call)
    assert.include(
      ['applied', 'ignored'],
      outcomes.find((outcome) => outcome !== 'duplicate')
    )

    const paid = await orderRow(number)
    assert.equal(paid.paymentStatus, 'paid')
    assert.equal(paid.amountPaid, 5000)
    assert.equal(paid.amountRefunded, 0)
    assert.isNotNull(paid.paidAt)
    assert.equal(paid.status, 'pending')

    const [payment, ...others] = await paymentsOf(order.id)
    assert.lengthOf(others, 0)
    assert.equal(payment.status, 'succeeded')
    assert.equal(payment.amountReceived, 5000)

    const stored = await providerEvents()
    assert.lengthOf(stored, 1)
    assert.equal(stored[0].eventId, delivery.event.id)
    assert.equal(stored[0].type, 'payment_intent.succeeded')
    assert.equal(stored[0].orderId, order.id)
    assert.isFalse(stored[0].needsAttention)

    const events = await paymentEvents(order.id)
    assert.deepEqual(
      events.map((event) => [event.fromStatus, event.toStatus, event.amount]),
      [['unpaid', 'paid', 5000]]
    )

    // The payment's broadcast, then (as a marker sent after it) a
    // shipment's: exactly one payment message came before the marker.
    const heard = await channel.next((message) => message.type === 'payment')
    assert.containsSubset(heard, {
      id: events[0].id,
      order_number: number,
      type: 'payment',
      from: 'unpaid',
      to: 'paid',
      amount: '50.00',
    })
    const shipped = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    shipped.assertStatus(200)
    await channel.next((message) => message.type === 'status' && message.to === 'shipped')
    assert.lengthOf(
      channel.messages.filter((message) => message.type === 'payment'),
      1
    )

    // The browser asked Stripe (one retrieve per confirm), never created another intent.
    assert.lengthOf(standIn.creates, 1)
    assert.isAtMost(standIn.retrieves.length, 1)
  })

  test('a redelivery later answers outcome duplicate and changes nothing', async ({
    client,
    assert,
  }) => {
    const { number, order, intent } = await cardOrder(client, standIn)
    const delivery = succeededEvent(standIn, intent.id)
    const first = await deliverWebhook(client, delivery)
    first.assertStatus(200)
    first.assertBodyContains({ received: true, outcome: 'applied' })
    const before = await orderRow(number)

    for (let round = 0; round < 3; round++) {
      const again = await deliverWebhook(client, delivery)
      again.assertStatus(200)
      assert.deepEqual(again.body(), { received: true, outcome: 'duplicate' })
    }

    const after = await orderRow(number)
    assert.deepEqual(
      [after.paymentStatus, after.amountPaid, after.paidAt?.toMillis()],
      [before.paymentStatus, before.amountPaid, before.paidAt?.toMillis()]
    )
    assert.lengthOf(await providerEvents(), 1)
    assert.lengthOf(await paymentEvents(order.id), 1)
  })

  test('the confirm call alone marks the order paid from what Stripe says', async ({
    client,
    assert,
  }) => {
    const { customer, number, order, intent } = await cardOrder(client, standIn, {
      price: 1999,
      quantity: 1,
    })
    // before the customer paid: the confirm call changes nothing
    const early = await confirmPayment(client, customer, number)
    early.assertStatus(200)
    assert.equal(early.body().data.payment_status, 'unpaid')
    assert.lengthOf(await paymentEvents(order.id), 0)

    standIn.setIntent(intent.id, { status: 'succeeded' })
    const confirm = await confirmPayment(client, customer, number)
    confirm.assertStatus(200)
    assert.equal(confirm.body().data.payment_status, 'paid')
    assert.equal(confirm.body().data.payment.amount_paid, '19.99')
    assert.lengthOf(standIn.retrieves, 2)
    assert.isTrue(standIn.retrieves.every((request) => request.path.endsWith(`/${intent.id}`)))

    // Stripe's webhook arriving afterwards applies nothing more
    const late = await deliverWebhook(client, succeededEvent(standIn, intent.id))
    late.assertStatus(200)
    assert.notEqual(late.body().outcome, 'refused')
    const paid = await orderRow(number)
    assert.equal(paid.amountPaid, 1999)
    assert.lengthOf(await paymentEvents(order.id), 1)
  })

  test('races repeated on fresh orders: every order paid once', async ({ client, assert }) => {
    for (let round = 0; round < 4; round++) {
      const { customer, number, order, intent } = await cardOrder(client, standIn, {
        price: 1000 + round,
        quantity: 1,
      })
      const delivery = succeededEvent(standIn, intent.id)
      const answers = await Promise.all([
        deliverWebhook(client, delivery),
        confirmPayment(client, customer, number),
        deliverWebhook(client, delivery),
        confirmPayment(client, customer, number),
        deliverWebhook(client, delivery),
      ])
      for (const answer of answers) {
        answer.assertStatus(200)
      }
      const paid = await orderRow(number)
      assert.equal(paid.paymentStatus, 'paid', `round ${round}`)
      assert.equal(paid.amountPaid, 1000 + round, `round ${round}`)
      assert.lengthOf(await paymentEvents(order.id), 1, `round ${round}`)
    }
    assert.lengthOf(await providerEvents(), 4)
  })

  test("another customer's confirm call is 404 and pays nothing", async ({ client, assert }) => {
    const { number, intent } = await cardOrder(client, standIn)
    const stranger = await UserFactory.create()
    standIn.setIntent(intent.id, { status: 'succeeded' })

    const response = await confirmPayment(client, stranger, number)
    response.assertStatus(404)
    const order = await orderRow(number)
    assert.equal(order.paymentStatus, 'unpaid')
    assert.equal(order.amountPaid, 0)
    assert.lengthOf(standIn.retrieves, 0)
  })
})
