import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import AdminAction from '#models/admin_action'
import type User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import type { StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  bankTransferMethod,
  cardOrder,
  orderRow,
  paymentEvents,
  paymentsOf,
  placeOrderPaying,
  refundsOf,
  startPayment,
  startStripe,
} from '#tests/support/payments'

function recordPayment(
  client: ApiClient,
  staff: User,
  number: string,
  body: Record<string, unknown>
) {
  return client.post(`/api/v1/admin/orders/${number}/payments`).loginAs(staff).json(body)
}

/**
 * Issue 20: the `manual` provider end to end through the API: the
 * customer gets the bank details and a reference, staff record what
 * arrived, and refund it by hand.
 */
test.group('Payments: a bank transfer, end to end (manual provider)', (group) => {
  let standIn: StripeStandIn
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  async function transferOrder(client: ApiClient) {
    const method = await bankTransferMethod()
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ price: 2000, stock: 5 }).create()
    const number = await placeOrderPaying(client, customer, [[product, 2]], 'transfer')
    return { method, customer, staff, product, number }
  }

  test('start answers the bank details and a reference; staff record the money in two parts; paid', async ({
    client,
    assert,
  }) => {
    const { method, customer, staff, number } = await transferOrder(client)
    const placed = await orderRow(number)
    assert.equal(placed.total, 4000)
    assert.deepEqual(
      [placed.paymentProvider, placed.paymentMethodCode, placed.paymentMethodName],
      ['manual', 'transfer', 'Bank transfer']
    )
    // the transfer's window: 7 days
    const days = placed.paymentExpiresAt!.diff(DateTime.now(), 'days').days
    assert.isAbove(days, 6.9)
    assert.isAtMost(days, 7)

    const start = await startPayment(client, customer, number)
    start.assertStatus(200)
    const session = start.body().data
    assert.containsSubset(session, {
      order_number: number,
      payment_status: 'unpaid',
      provider: 'manual',
      method: 'transfer',
      amount: '40.00',
      currency: placed.currency,
      client_secret: null,
      publishable_key: null,
      payment_intent: null,
      instructions: method.instructions,
      pay_on_delivery: false,
    })
    assert.isString(session.reference)
    assert.isNotEmpty(session.reference)
    // asking again gives the same reference
    const again = await startPayment(client, customer, number)
    assert.equal(again.body().data.reference, session.reference)

    // the first part arrives
    const part = await recordPayment(client, staff, number, {
      amount: '15.00',
      reference: 'BANK-2026-0001',
    })
    part.assertStatus(200)
    assert.containsSubset(part.body().data, {
      number,
      payment_status: 'unpaid',
      payment: { amount_paid: '15.00', amount_due: '25.00' },
    })

    // more than is due is refused
    const over = await recordPayment(client, staff, number, {
      amount: '25.01',
      reference: 'BANK-2026-0002',
    })
    over.assertStatus(422)
    over.assertBodyContains({ errors: [{ code: 'E_AMOUNT_TOO_LARGE', max: '25.00' }] })

    // the rest
    const rest = await recordPayment(client, staff, number, {
      amount: '25.00',
      reference: 'BANK-2026-0002',
    })
    rest.assertStatus(200)
    assert.containsSubset(rest.body().data, {
      payment_status: 'paid',
      payment: { amount_paid: '40.00', amount_due: '0.00' },
    })

    const row = await orderRow(number)
    assert.deepEqual([row.paymentStatus, row.amountPaid, row.status], ['paid', 4000, 'pending'])
    assert.isNotNull(row.paidAt)
    assert.deepEqual(
      (await paymentsOf(row.id)).map((payment) => [
        payment.provider,
        payment.status,
        payment.amount,
        payment.reference,
        payment.actorId,
      ]),
      [
        ['manual', 'succeeded', 1500, 'BANK-2026-0001', staff.id],
        ['manual', 'succeeded', 2500, 'BANK-2026-0002', staff.id],
      ]
    )
    assert.deepEqual(
      (await paymentEvents(row.id)).map((event) => [
        event.fromStatus,
        event.toStatus,
        event.amount,
        event.actorId,
        event.actorRole,
      ]),
      [
        ['unpaid', 'unpaid', 1500, staff.id, 'staff'],
        ['unpaid', 'paid', 2500, staff.id, 'staff'],
      ]
    )
    // audited: one row per payment staff recorded
    const audit = await AdminAction.query().where('admin_id', staff.id).orderBy('id')
    assert.lengthOf(audit, 2)
    assert.isTrue(audit.every((action) => /payment/.test(action.action)))

    // paid now: nothing more is due, the order ships
    const extra = await recordPayment(client, staff, number, { amount: '0.01', reference: 'X' })
    extra.assertStatus(409)
    extra.assertBodyContains({ errors: [{ code: 'E_PAYMENT_NOT_DUE', payment_status: 'paid' }] })
    const shipped = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    shipped.assertStatus(200)

    assert.lengthOf(standIn.requests, 0)
  })

  test('a manual refund needs a reference and is recorded at once', async ({ client, assert }) => {
    const { staff, number } = await transferOrder(client)
    ;(
      await recordPayment(client, staff, number, { amount: '40.00', reference: 'BANK-1' })
    ).assertStatus(200)

    const withoutReference = await client
      .post(`/api/v1/admin/orders/${number}/refunds`)
      .loginAs(staff)
      .json({ amount: '10.00' })
    withoutReference.assertStatus(422)
    assert.equal(withoutReference.body().errors[0].field, 'reference')

    const refund = await client
      .post(`/api/v1/admin/orders/${number}/refunds`)
      .loginAs(staff)
      .json({ amount: '10.00', reason: 'Damaged box', reference: 'BANK-REFUND-1' })
    refund.assertStatus(201)
    assert.containsSubset(refund.body().data, {
      amount: '10.00',
      status: 'succeeded',
      reference: 'BANK-REFUND-1',
      reason: 'Damaged box',
    })
    assert.isString(refund.body().data.completed_at)

    const row = await orderRow(number)
    assert.deepEqual(
      [row.paymentStatus, row.amountPaid, row.amountRefunded],
      ['partially_refunded', 4000, 1000]
    )
    const [stored] = await refundsOf(row.id)
    assert.containsSubset(stored.serialize(), {
      provider: 'manual',
      status: 'succeeded',
      amount: 1000,
      actorId: staff.id,
    })

    const tooLarge = await client
      .post(`/api/v1/admin/orders/${number}/refunds`)
      .loginAs(staff)
      .json({ amount: '30.01', reference: 'BANK-REFUND-2' })
    tooLarge.assertStatus(422)
    tooLarge.assertBodyContains({ errors: [{ code: 'E_REFUND_TOO_LARGE', refundable: '30.00' }] })
    assert.lengthOf(standIn.requests, 0)
  })

  test('recording a payment: bad input 422, customers 403, a card order 409 E_WRONG_PROVIDER', async ({
    client,
    assert,
  }) => {
    const { customer, staff, number } = await transferOrder(client)
    for (const body of [
      { amount: '10.00' },
      { amount: '10.00', reference: '' },
      { amount: '0', reference: 'X' },
      { amount: '-1.00', reference: 'X' },
      { amount: 'ten', reference: 'X' },
      { reference: 'X' },
    ]) {
      const response = await recordPayment(client, staff, number, body)
      response.assertStatus(422)
      assert.include(['amount', 'reference'], response.body().errors[0].field, JSON.stringify(body))
    }
    const byCustomer = await recordPayment(client, customer, number, {
      amount: '10.00',
      reference: 'X',
    })
    byCustomer.assertStatus(403)
    const unknown = await recordPayment(client, staff, 'SO-000000-NOTANORD', {
      amount: '10.00',
      reference: 'X',
    })
    unknown.assertStatus(404)

    const card = await cardOrder(client, standIn)
    const wrong = await recordPayment(client, staff, card.number, {
      amount: '10.00',
      reference: 'X',
    })
    wrong.assertStatus(409)
    wrong.assertBodyContains({ errors: [{ code: 'E_WRONG_PROVIDER' }] })

    const row = await orderRow(number)
    assert.equal(row.amountPaid, 0)
    assert.lengthOf(await paymentsOf(row.id), 0)
  })
})
