import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import OrderEvent from '#models/order_event'
import type Product from '#models/product'
import PaymentRefund from '#models/payment_refund'
import { truncateAll } from '#tests/support/database'
import { waitUntil } from '#tests/support/webhook_receiver'
import { PaymentService } from '#services/payment_service'
import type { StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  cardOrder,
  deliverWebhook,
  makeOverdue,
  orderRow,
  paymentEvents,
  paymentsOf,
  providerEvents,
  refundsOf,
  runJobsHere,
  startStripe,
  stockMovementsOf,
  stockOf,
  succeededEvent,
} from '#tests/support/payments'

/**
 * Issue 20, item 4: an unpaid card order expires after its window and
 * gives its stock back through the ledger, once; a payment racing the
 * expiry ends in one of two documented states (docs: the spec's "Late
 * payment" rule), with stock and money consistent either way.
 */
test.group('Payments: unpaid orders expire (Stripe)', (group) => {
  let standIn: StripeStandIn
  group.setup(() => runJobsHere())
  group.each.timeout(60_000)
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  test('an overdue unpaid card order expires: cancelled, stock back once per line, the PaymentIntent voided', async ({
    client,
    assert,
  }) => {
    const { number, order, products, intent } = await cardOrder(client, standIn, {
      stock: 10,
      quantity: 3,
      secondLine: 2,
    })
    assert.deepEqual(await stockOf(products), [7, 8])
    await makeOverdue(number)

    const expired = await new PaymentService().expireOverdue()
    assert.equal(expired, 1)

    const row = await orderRow(number)
    assert.equal(row.paymentStatus, 'expired')
    assert.equal(row.status, 'cancelled')
    assert.isNotNull(row.cancelledAt)
    assert.equal(row.amountPaid, 0)
    assert.deepEqual(await stockOf(products), [10, 10])

    const movements = await stockMovementsOf(order.id)
    const cancellations = movements.filter((movement) => movement.reason === 'cancellation')
    assert.deepEqual(
      cancellations.map((movement) => [movement.productId, movement.quantity]).sort(),
      [
        [products[0].id, 3],
        [products[1].id, 2],
      ].sort()
    )

    // one payment move and one status move, by the system (in either order)
    const events = await OrderEvent.query().where('order_id', order.id).orderBy('id')
    const moves = events
      .filter((event) => event.type !== 'low_stock')
      .map((event) => [event.type, event.fromStatus, event.toStatus, event.actorRole].join(' '))
    assert.deepEqual(moves.sort(), [
      'payment unpaid expired system',
      'status  pending customer',
      'status pending cancelled system',
    ])

    // the open PaymentIntent is cancelled at Stripe, once (job payment.void)
    const [payment] = await paymentsOf(order.id)
    await waitUntil(() => standIn.cancels.length >= 1, 'the PaymentIntent is voided', 15_000)
    assert.lengthOf(standIn.cancels, 1)
    assert.equal(standIn.cancels[0].path, `/v1/payment_intents/${intent.id}/cancel`)
    assert.equal(standIn.cancels[0].idempotencyKey, `void-${payment.id}`)
    await waitUntil(
      async () => (await paymentsOf(order.id))[0].status === 'cancelled',
      'the attempt is cancelled',
      15_000
    )
    assert.equal(standIn.intent(intent.id).status, 'canceled')

    // running it again changes nothing
    const eventsBefore = await OrderEvent.query().where('order_id', order.id).count('* as total')
    assert.equal(await new PaymentService().expireOverdue(), 0)
    assert.deepEqual(await stockOf(products), [10, 10])
    assert.lengthOf(await stockMovementsOf(order.id), movements.length)
    const eventsAfter = await OrderEvent.query().where('order_id', order.id).count('* as total')
    assert.equal(Number(eventsAfter[0].$extras.total), Number(eventsBefore[0].$extras.total))
    assert.isFalse(await new PaymentService().expireOrder(order.id))
    assert.lengthOf(standIn.cancels, 1)
  })

  test('only overdue unpaid pending orders expire', async ({ client, assert }) => {
    const waiting = await cardOrder(client, standIn)
    const paid = await cardOrder(client, standIn)
    const overdue = await cardOrder(client, standIn)
    ;(await deliverWebhook(client, succeededEvent(standIn, paid.intent.id))).assertStatus(200)
    await makeOverdue(paid.number)
    await makeOverdue(overdue.number)

    assert.equal(await new PaymentService().expireOverdue(), 1)
    assert.deepEqual(
      [
        (await orderRow(waiting.number)).paymentStatus,
        (await orderRow(paid.number)).paymentStatus,
        (await orderRow(overdue.number)).paymentStatus,
      ],
      ['unpaid', 'paid', 'expired']
    )
    assert.equal((await orderRow(paid.number)).status, 'pending')
    assert.deepEqual(await stockOf(paid.products), [8])
  })

  test('webhook first, then expiry: paid, the order stays, stock stays taken', async ({
    client,
    assert,
  }) => {
    const { number, order, products, intent } = await cardOrder(client, standIn, {
      stock: 10,
      quantity: 2,
    })
    await makeOverdue(number)

    const paid = await deliverWebhook(client, succeededEvent(standIn, intent.id))
    paid.assertStatus(200)
    assert.equal(paid.body().outcome, 'applied')
    assert.equal(await new PaymentService().expireOverdue(), 0)

    const row = await orderRow(number)
    assert.deepEqual([row.status, row.paymentStatus, row.amountPaid], ['pending', 'paid', 5000])
    assert.deepEqual(await stockOf(products), [8])
    assert.lengthOf(
      (await stockMovementsOf(order.id)).filter((movement) => movement.reason === 'cancellation'),
      0
    )
    assert.lengthOf(await refundsOf(order.id), 0)
    assert.lengthOf(standIn.refundRequests, 0)
    assert.lengthOf(standIn.cancels, 0)
  })

  test('expiry first, then the payment: cancelled stays cancelled, the money goes back once, stock is not taken again', async ({
    client,
    assert,
  }) => {
    const { number, order, products, intent } = await cardOrder(client, standIn, {
      stock: 10,
      quantity: 2,
    })
    await makeOverdue(number)
    // The void's cancel reaches Stripe, but Stripe answers it only after
    // the customer's payment went through.
    standIn.hold({ method: 'POST', path: /\/cancel$/ })
    assert.equal(await new PaymentService().expireOverdue(), 1)
    assert.deepEqual(await stockOf(products), [10])
    await waitUntil(() => standIn.heldCount === 1, 'the void reaches Stripe', 15_000)

    const late = await deliverWebhook(client, succeededEvent(standIn, intent.id))
    late.assertStatus(200)
    assert.equal(late.body().outcome, 'late')
    const row = await orderRow(number)
    assert.deepEqual([row.status, row.paymentStatus], ['cancelled', 'expired'])

    // Stripe refuses the cancel (the PaymentIntent succeeded): nothing more happens
    standIn.release()
    await waitUntil(() => standIn.cancels[0].status === 400, 'Stripe refuses the void', 15_000)
    await assertLateRefund(assert, standIn, number, order.id, products, 10)
  })

  test('expiry first, the webhook lost: the void finds the money came through and refunds it', async ({
    client,
    assert,
  }) => {
    const { number, order, products, intent } = await cardOrder(client, standIn, {
      stock: 10,
      quantity: 2,
    })
    await makeOverdue(number)
    // paid at Stripe; its webhook never reaches us
    standIn.setIntent(intent.id, { status: 'succeeded' })

    assert.equal(await new PaymentService().expireOverdue(), 1)
    await waitUntil(() => standIn.cancels.length === 1, 'the void reaches Stripe', 15_000)
    assert.equal(standIn.intent(intent.id).status, 'succeeded')
    await assertLateRefund(assert, standIn, number, order.id, products, 10)
  })

  test('expiry and the payment at the same moment: paid or expired-and-refunded, consistent either way', async ({
    client,
    assert,
  }) => {
    for (let round = 0; round < 3; round++) {
      const { number, order, products, intent } = await cardOrder(client, standIn, {
        stock: 10,
        quantity: 2,
      })
      await makeOverdue(number)
      const delivery = succeededEvent(standIn, intent.id)
      const refundsBefore = standIn.refundRequests.length

      const [, webhook] = await Promise.all([
        new PaymentService().expireOverdue(),
        deliverWebhook(client, delivery),
      ])
      webhook.assertStatus(200)

      const row = await orderRow(number)
      if (row.status === 'pending') {
        // the payment won: paid, stock taken, nothing refunded
        assert.equal(webhook.body().outcome, 'applied')
        assert.deepEqual([row.paymentStatus, row.amountPaid], ['paid', 5000])
        assert.deepEqual(await stockOf(products), [8])
        assert.lengthOf(
          (await stockMovementsOf(order.id)).filter((m) => m.reason === 'cancellation'),
          0
        )
        assert.lengthOf(await refundsOf(order.id), 0)
        assert.equal(standIn.refundRequests.length, refundsBefore)
      } else {
        // the expiry won: cancelled, stock back once, the late money refunded
        // once (found by the webhook, or first by the void the expiry queued)
        assert.include(['late', 'ignored'], webhook.body().outcome)
        await assertLateRefund(assert, standIn, number, order.id, products, 10, refundsBefore)
      }
    }
  })
})

/**
 * The "expired, then paid late" state: the order stays cancelled, its
 * stock back once, amount_paid counts the money, one automatic full
 * refund (key late:<paymentId>) reached Stripe once with `refund-<id>`,
 * and payment_status went expired -> refunded when it succeeded; the
 * provider event is flagged for staff.
 */
async function assertLateRefund(
  assert: Assert,
  standIn: StripeStandIn,
  number: string,
  orderId: number,
  products: Product[],
  initialStock: number,
  refundsBefore = 0
) {
  await waitUntil(
    async () => (await orderRow(number)).paymentStatus === 'refunded',
    'the late payment is refunded',
    15_000
  )
  const row = await orderRow(number)
  assert.equal(row.status, 'cancelled')
  assert.equal(row.amountPaid, row.total)
  assert.equal(row.amountRefunded, row.total)
  assert.deepEqual(
    await stockOf(products),
    products.map(() => initialStock)
  )
  const movements = await stockMovementsOf(orderId)
  assert.lengthOf(
    movements.filter((movement) => movement.reason === 'cancellation'),
    products.length
  )

  const [payment] = (await paymentsOf(orderId)).filter((attempt) => attempt.status === 'succeeded')
  assert.exists(payment, 'the attempt that took the money is succeeded')
  const refunds = await refundsOf(orderId)
  assert.lengthOf(refunds, 1)
  assert.containsSubset(refunds[0].serialize(), {
    amount: row.total,
    status: 'succeeded',
    requestKey: `late:${payment.id}`,
    actorRole: 'system',
  })
  const sent = standIn.refundRequests.slice(refundsBefore)
  assert.lengthOf(sent, 1)
  assert.equal(sent[0].idempotencyKey, `refund-${refunds[0].id}`)
  assert.equal(sent[0].body.amount, String(row.total))
  assert.equal(sent[0].body.payment_intent, payment.providerRef)
  assert.equal(sent[0].body['metadata[refund_id]'], String(refunds[0].id))

  // money that reached an expired order is flagged for staff (once)
  const flagged = (await providerEvents()).filter(
    (event) => event.orderId === orderId && event.outcome === 'late'
  )
  assert.lengthOf(flagged, 1)
  assert.isTrue(flagged[0].needsAttention)

  const moves = (await paymentEvents(orderId)).map((event) => [event.fromStatus, event.toStatus])
  assert.deepEqual(moves[0], ['unpaid', 'expired'])
  assert.deepEqual(moves[moves.length - 1], ['expired', 'refunded'])
  assert.notDeepInclude(moves, ['expired', 'paid'])
  assert.lengthOf(await PaymentRefund.query().where('order_id', orderId), 1)
}
