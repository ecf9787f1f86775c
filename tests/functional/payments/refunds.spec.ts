import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import PaymentRefund from '#models/payment_refund'
import type User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { waitUntil } from '#tests/support/webhook_receiver'
import { stripeDelivery, type StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  cardOrder,
  deliverWebhook,
  orderRow,
  paymentEvents,
  paymentsOf,
  refundsOf,
  runJobsHere,
  startStripe,
  stockMovementsOf,
  stockOf,
  succeededEvent,
} from '#tests/support/payments'

function askRefund(
  client: ApiClient,
  staff: User,
  number: string,
  body: Record<string, unknown>,
  key?: string
) {
  const request = client.post(`/api/v1/admin/orders/${number}/refunds`).loginAs(staff)
  if (key) {
    request.header('Idempotency-Key', key)
  }
  return request.json(body)
}

/**
 * Waits until the refund left `pending` (the job asked Stripe).
 */
async function refundSettled(id: number) {
  await waitUntil(
    async () => (await PaymentRefund.findOrFail(id)).status !== 'pending',
    `refund ${id} is settled`,
    15_000
  )
}

/**
 * Issue 20, item 5: staff refund all or part of a paid card order; the
 * provider gets each refund once, with the refund's own idempotency key,
 * even when staff double-click.
 */
test.group('Payments: refunds of a card order (Stripe)', (group) => {
  let standIn: StripeStandIn
  group.setup(() => runJobsHere())
  group.each.timeout(60_000)
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  /**
   * A card order of 50.00 (2 x 25.00), paid by webhook.
   */
  async function paidOrder(client: ApiClient) {
    const scenario = await cardOrder(client, standIn, { price: 2500, quantity: 2, stock: 10 })
    const paid = await deliverWebhook(client, succeededEvent(standIn, scenario.intent.id))
    paid.assertStatus(200)
    const staff = await UserFactory.apply('staff').create()
    return { ...scenario, staff }
  }

  test('a partial then a full refund: partially_refunded then refunded, one provider call each', async ({
    client,
    assert,
  }) => {
    const { customer, number, order, products, intent, staff } = await paidOrder(client)
    const movementsBefore = (await stockMovementsOf(order.id)).length
    const [payment] = await paymentsOf(order.id)

    const partial = await askRefund(
      client,
      staff,
      number,
      { amount: '12.50', reason: 'One mug arrived chipped' },
      'refund-click-1'
    )
    partial.assertStatus(201)
    assert.containsSubset(partial.body().data, {
      amount: '12.50',
      currency: order.currency,
      status: 'pending',
      reason: 'One mug arrived chipped',
    })
    const firstId = partial.body().data.id
    await refundSettled(firstId)

    const afterPartial = await orderRow(number)
    assert.deepEqual(
      [afterPartial.paymentStatus, afterPartial.amountPaid, afterPartial.amountRefunded],
      ['partially_refunded', 5000, 1250]
    )
    const [first] = await refundsOf(order.id)
    assert.containsSubset(first.serialize(), {
      id: firstId,
      paymentId: payment.id,
      provider: 'stripe',
      amount: 1250,
      status: 'succeeded',
      actorId: staff.id,
      actorRole: 'staff',
    })
    assert.match(first.providerRef ?? '', /^re_/)
    assert.isNotNull(first.completedAt)

    const full = await askRefund(client, staff, number, { reason: 'Customer returned the rest' })
    full.assertStatus(201)
    assert.equal(full.body().data.amount, '37.50')
    await refundSettled(full.body().data.id)

    const refunded = await orderRow(number)
    assert.deepEqual(
      [refunded.paymentStatus, refunded.amountPaid, refunded.amountRefunded],
      ['refunded', 5000, 5000]
    )
    // fulfilment is a separate matter: the order itself is unchanged
    assert.equal(refunded.status, 'pending')

    // Stripe: one call per refund, keyed by our refund's id
    const refunds = await refundsOf(order.id)
    assert.lengthOf(refunds, 2)
    assert.lengthOf(standIn.refundRequests, 2)
    assert.deepEqual(
      standIn.refundRequests.map((request) => [
        request.idempotencyKey,
        request.body.payment_intent,
        request.body.amount,
        request.body['metadata[refund_id]'],
      ]),
      refunds.map((refund) => [
        `refund-${refund.id}`,
        intent.id,
        String(refund.amount),
        String(refund.id),
      ])
    )

    // the order's payment history
    assert.deepEqual(
      (await paymentEvents(order.id)).map((event) => [
        event.fromStatus,
        event.toStatus,
        event.amount,
      ]),
      [
        ['unpaid', 'paid', 5000],
        ['paid', 'partially_refunded', 1250],
        ['partially_refunded', 'refunded', 3750],
      ]
    )
    // refunds move money, not stock
    assert.lengthOf(await stockMovementsOf(order.id), movementsBefore)
    assert.deepEqual(await stockOf(products), [8])

    // the order as its customer sees it, with its refunds
    const shown = await client.get(`/api/v1/orders/${number}`).loginAs(customer)
    shown.assertStatus(200)
    assert.containsSubset(shown.body().data, {
      payment_status: 'refunded',
      payment: { amount_paid: '50.00', amount_refunded: '50.00', amount_due: '0.00' },
    })
    assert.deepEqual(
      shown.body().data.payment.refunds.map((refund: any) => [refund.id, refund.amount]),
      [
        [refunds[0].id, '12.50'],
        [refunds[1].id, '37.50'],
      ]
    )

    // nothing left: 409 E_NOTHING_TO_REFUND, and Stripe hears nothing more
    const more = await askRefund(client, staff, number, {})
    more.assertStatus(409)
    more.assertBodyContains({ errors: [{ code: 'E_NOTHING_TO_REFUND' }] })
    assert.lengthOf(standIn.refundRequests, 2)
  })

  test('a refund larger than what is refundable is 422 E_REFUND_TOO_LARGE, and nothing is asked', async ({
    client,
    assert,
  }) => {
    const { number, order, staff } = await paidOrder(client)

    const tooLarge = await askRefund(client, staff, number, { amount: '50.01' })
    tooLarge.assertStatus(422)
    tooLarge.assertBodyContains({
      errors: [{ code: 'E_REFUND_TOO_LARGE', refundable: '50.00' }],
    })

    const partial = await askRefund(client, staff, number, { amount: '20.00' })
    partial.assertStatus(201)
    await refundSettled(partial.body().data.id)
    const second = await askRefund(client, staff, number, { amount: '30.01' })
    second.assertStatus(422)
    second.assertBodyContains({ errors: [{ code: 'E_REFUND_TOO_LARGE', refundable: '30.00' }] })

    assert.lengthOf(await refundsOf(order.id), 1)
    assert.lengthOf(standIn.refundRequests, 1)
    const row = await orderRow(number)
    assert.equal(row.amountRefunded, 2000)
  })

  test('bad input is 422 naming the field; customers are 403; an unpaid order has nothing to refund', async ({
    client,
    assert,
  }) => {
    const { number, customer, staff } = await paidOrder(client)
    for (const amount of ['0', '-5.00', 'ten', '1.234']) {
      const response = await askRefund(client, staff, number, { amount })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'amount', amount)
    }
    const byCustomer = await askRefund(client, customer, number, { amount: '1.00' })
    byCustomer.assertStatus(403)
    const unknown = await askRefund(client, staff, 'SO-000000-NOTANORD', { amount: '1.00' })
    unknown.assertStatus(404)

    const unpaid = await cardOrder(client, standIn)
    const nothing = await askRefund(client, staff, unpaid.number, { amount: '1.00' })
    nothing.assertStatus(409)
    nothing.assertBodyContains({ errors: [{ code: 'E_NOTHING_TO_REFUND' }] })
    assert.lengthOf(standIn.refundRequests, 0)
  })

  test('a double-click (the same Idempotency-Key twice at once): one refund, one provider call', async ({
    client,
    assert,
  }) => {
    const { number, order, staff } = await paidOrder(client)

    const answers = await Promise.all([
      askRefund(client, staff, number, { amount: '10.00' }, 'double-click-7'),
      askRefund(client, staff, number, { amount: '10.00' }, 'double-click-7'),
    ])
    assert.deepEqual(answers.map((answer) => answer.status()).sort(), [200, 201])
    assert.equal(answers[0].body().data.id, answers[1].body().data.id)
    const replay = answers.find((answer) => answer.status() === 200)!
    assert.equal(replay.header('idempotent-replayed'), 'true')

    await refundSettled(answers[0].body().data.id)
    // later, the same key again: the same refund, nothing new
    const later = await askRefund(client, staff, number, { amount: '10.00' }, 'double-click-7')
    later.assertStatus(200)
    assert.equal(later.body().data.id, answers[0].body().data.id)
    assert.equal(later.body().data.status, 'succeeded')

    const refunds = await refundsOf(order.id)
    assert.lengthOf(refunds, 1)
    assert.lengthOf(standIn.refundRequests, 1)
    assert.equal(standIn.refundRequests[0].idempotencyKey, `refund-${refunds[0].id}`)
    const row = await orderRow(number)
    assert.deepEqual([row.paymentStatus, row.amountRefunded], ['partially_refunded', 1000])
    assert.lengthOf(
      (await paymentEvents(order.id)).filter((event) => event.toStatus === 'partially_refunded'),
      1
    )
  })

  test('Stripe answers pending: the refund waits for refund.updated, applied once', async ({
    client,
    assert,
  }) => {
    const { number, order, staff } = await paidOrder(client)
    standIn.refundOutcome = 'pending'

    const asked = await askRefund(client, staff, number, {})
    asked.assertStatus(201)
    await waitUntil(() => standIn.refundRequests.length === 1, 'the refund reaches Stripe', 15_000)
    await waitUntil(
      async () => Boolean((await refundsOf(order.id))[0].providerRef),
      'the refund is stored with its Stripe id',
      15_000
    )
    const [pending] = await refundsOf(order.id)
    assert.equal(pending.status, 'pending')
    const before = await orderRow(number)
    assert.deepEqual([before.paymentStatus, before.amountRefunded], ['paid', 0])

    const done = standIn.setRefund(pending.providerRef!, { status: 'succeeded' })
    const delivery = stripeDelivery('refund.updated', done)
    const applied = await deliverWebhook(client, delivery)
    applied.assertStatus(200)
    assert.equal(applied.body().outcome, 'applied')
    const again = await deliverWebhook(client, delivery)
    assert.equal(again.body().outcome, 'duplicate')

    const [succeeded] = await refundsOf(order.id)
    assert.equal(succeeded.status, 'succeeded')
    const row = await orderRow(number)
    assert.deepEqual([row.paymentStatus, row.amountRefunded], ['refunded', 5000])
    assert.lengthOf(standIn.refundRequests, 1)
  })

  test('Stripe refusing a refund: it fails, the money stays, staff may ask again', async ({
    client,
    assert,
  }) => {
    const { number, order, staff } = await paidOrder(client)
    standIn.refundOutcome = {
      status: 402,
      type: 'card_error',
      code: 'charge_disputed',
      message: 'This charge is disputed',
    }

    const asked = await askRefund(client, staff, number, { amount: '5.00' })
    asked.assertStatus(201)
    await refundSettled(asked.body().data.id)
    const [failed] = await refundsOf(order.id)
    assert.equal(failed.status, 'failed')
    assert.match(failed.failureMessage ?? '', /disputed/)
    const row = await orderRow(number)
    assert.deepEqual([row.paymentStatus, row.amountRefunded], ['paid', 0])
    assert.lengthOf(standIn.refundRequests, 1)

    standIn.refundOutcome = 'succeeded'
    const retry = await askRefund(client, staff, number, { amount: '5.00' })
    retry.assertStatus(201)
    await refundSettled(retry.body().data.id)
    const settled = await orderRow(number)
    assert.deepEqual([settled.paymentStatus, settled.amountRefunded], ['partially_refunded', 500])
    assert.lengthOf(standIn.refundRequests, 2)
  })

  test('cancelling a paid order refunds everything, once', async ({ client, assert }) => {
    const { number, order, products, staff } = await paidOrder(client)

    const cancelled = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'cancelled' })
    cancelled.assertStatus(200)
    await waitUntil(
      async () => (await orderRow(number)).paymentStatus === 'refunded',
      'the cancellation refund succeeds',
      15_000
    )
    const refunds = await refundsOf(order.id)
    assert.lengthOf(refunds, 1)
    assert.containsSubset(refunds[0].serialize(), {
      amount: 5000,
      status: 'succeeded',
      requestKey: `cancel:${order.id}`,
    })
    assert.lengthOf(standIn.refundRequests, 1)
    assert.equal(standIn.refundRequests[0].idempotencyKey, `refund-${refunds[0].id}`)
    assert.deepEqual(await stockOf(products), [10])
    const row = await orderRow(number)
    assert.deepEqual([row.status, row.amountRefunded], ['cancelled', 5000])
  })
})
