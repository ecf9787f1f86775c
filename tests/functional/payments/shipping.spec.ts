import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import OrderEvent from '#models/order_event'
import type User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import type { StripeStandIn } from '#tests/support/stripe_stand_in'
import {
  bankTransferMethod,
  cardOrder,
  cashOnDeliveryMethod,
  deliverWebhook,
  orderRow,
  paymentEvents,
  paymentsOf,
  placeOrderPaying,
  startPayment,
  startStripe,
  succeededEvent,
} from '#tests/support/payments'

function moveTo(client: ApiClient, staff: User, number: string, status: string) {
  return client.patch(`/api/v1/admin/orders/${number}/status`).loginAs(staff).json({ status })
}

/**
 * Issue 20, item 1: fulfilment waits for the money, unless the money
 * comes with the parcel.
 */
test.group('Payments: shipping needs the money (or pay on delivery)', (group) => {
  let standIn: StripeStandIn
  group.each.setup(async () => {
    await truncateAll()
    const stripe = await startStripe()
    standIn = stripe.standIn
    return () => stripe.stop()
  })

  test('shipping an unpaid card order is 409 E_PAYMENT_REQUIRED and changes nothing', async ({
    client,
    assert,
  }) => {
    const { number, order, intent } = await cardOrder(client, standIn)
    const staff = await UserFactory.apply('staff').create()
    const eventsBefore = await OrderEvent.query().where('order_id', order.id)

    const response = await moveTo(client, staff, number, 'shipped')
    response.assertStatus(409)
    response.assertBodyContains({ errors: [{ code: 'E_PAYMENT_REQUIRED' }] })

    const row = await orderRow(number)
    assert.deepEqual([row.status, row.paymentStatus, row.shippedAt], ['pending', 'unpaid', null])
    assert.lengthOf(await OrderEvent.query().where('order_id', order.id), eventsBefore.length)

    // once paid, it ships
    ;(await deliverWebhook(client, succeededEvent(standIn, intent.id))).assertStatus(200)
    const shipped = await moveTo(client, staff, number, 'shipped')
    shipped.assertStatus(200)
    assert.equal(shipped.body().data.status, 'shipped')
  })

  test('an unpaid bank transfer order does not ship either', async ({ client, assert }) => {
    await bankTransferMethod()
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ price: 1500, stock: 5 }).create()
    const number = await placeOrderPaying(client, customer, [[product, 1]], 'transfer')

    const response = await moveTo(client, staff, number, 'shipped')
    response.assertStatus(409)
    response.assertBodyContains({ errors: [{ code: 'E_PAYMENT_REQUIRED' }] })
    assert.equal((await orderRow(number)).status, 'pending')
  })

  test('a partly refunded card order still ships', async ({ client, assert }) => {
    const { number, intent } = await cardOrder(client, standIn, { price: 2500, quantity: 2 })
    const staff = await UserFactory.apply('staff').create()
    ;(await deliverWebhook(client, succeededEvent(standIn, intent.id))).assertStatus(200)
    // (the refund's own flow is in refunds.spec.ts; here only its result)
    const order = await orderRow(number)
    order.amountRefunded = 500
    order.paymentStatus = 'partially_refunded'
    await order.save()

    const shipped = await moveTo(client, staff, number, 'shipped')
    shipped.assertStatus(200)
    assert.equal(shipped.body().data.payment_status, 'partially_refunded')
  })

  test('a pay-on-delivery order ships unpaid and is paid when delivered', async ({
    client,
    assert,
  }) => {
    await cashOnDeliveryMethod()
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ price: 1999, stock: 5 }).create()
    const number = await placeOrderPaying(client, customer, [[product, 2]], 'cod')

    const placed = await orderRow(number)
    assert.deepEqual(
      [placed.paymentStatus, placed.payOnDelivery, placed.paymentProvider, placed.paymentExpiresAt],
      ['unpaid', true, 'manual', null]
    )
    const session = await startPayment(client, customer, number)
    session.assertStatus(200)
    assert.containsSubset(session.body().data, {
      order_number: number,
      provider: 'manual',
      method: 'cod',
      pay_on_delivery: true,
      amount: '39.98',
      client_secret: null,
      payment_intent: null,
      expires_at: null,
    })

    const shipped = await moveTo(client, staff, number, 'shipped')
    shipped.assertStatus(200)
    assert.containsSubset(shipped.body().data, {
      status: 'shipped',
      payment_status: 'unpaid',
      payment: { pay_on_delivery: true, amount_paid: '0.00', amount_due: '39.98' },
    })

    const delivered = await moveTo(client, staff, number, 'delivered')
    delivered.assertStatus(200)
    assert.containsSubset(delivered.body().data, {
      status: 'delivered',
      payment_status: 'paid',
      payment: { amount_paid: '39.98', amount_due: '0.00' },
    })

    const row = await orderRow(number)
    assert.deepEqual([row.paymentStatus, row.amountPaid], ['paid', row.total])
    assert.equal(row.amountPaid, 3998)
    assert.isNotNull(row.paidAt)
    const payments = await paymentsOf(row.id)
    assert.lengthOf(payments, 1)
    assert.containsSubset(payments[0].serialize(), {
      provider: 'manual',
      status: 'succeeded',
      amount: 3998,
      amountReceived: 3998,
      reference: 'Collected on delivery',
    })
    assert.deepEqual(
      (await paymentEvents(row.id)).map((event) => [
        event.fromStatus,
        event.toStatus,
        event.amount,
        event.actorRole,
      ]),
      [['unpaid', 'paid', 3998, 'staff']]
    )
    assert.lengthOf(standIn.requests, 0)
  })
})
