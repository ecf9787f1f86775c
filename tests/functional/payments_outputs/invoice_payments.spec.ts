import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Order from '#models/order'
import PaymentRefund from '#models/payment_refund'
import type User from '#models/user'
import type { RefundStatus } from '#domain/payment_status'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { compactText, fetchInvoice, readPdf } from '#tests/support/pdf'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'
import { placeOrder } from '#tests/support/orders'

async function invoiceText(user: User, number: string) {
  const invoice = await fetchInvoice(serverUrl(), number, (await jwtSigner.sign(user)).value)
  if (invoice.status !== 200) throw new Error(`invoice: ${invoice.status}`)
  return (await readPdf(invoice.bytes)).text
}

/**
 * A refund as the payment service leaves it (issue 20): its row, and for
 * a succeeded one the order's amount_refunded grown by it.
 */
async function refund(
  order: Order,
  values: {
    amount: number
    status: RefundStatus
    reference?: string | null
    reason?: string | null
    completedAt?: string
  }
) {
  const row = await PaymentRefund.create({
    orderId: order.id,
    paymentId: null,
    provider: 'manual',
    amount: values.amount,
    currency: order.currency,
    status: values.status,
    reason: values.reason ?? null,
    reference: values.reference ?? null,
    requestKey: `test-${Math.random()}`,
    actorId: null,
    actorRole: 'staff',
    completedAt: values.completedAt ? DateTime.fromISO(values.completedAt, { zone: 'utc' }) : null,
  })
  if (values.status === 'succeeded') {
    order.amountRefunded = Number(order.amountRefunded) + values.amount
    await order.save()
  }
  return row
}

/**
 * The invoice says how the order was paid and what went back (issue 20),
 * read from the PDF GET /api/v1/orders/:number/invoice answers.
 */
test.group('Payments (issue 20): the invoice', (group) => {
  group.each.setup(() => truncateAll())

  test('an order with no payment method and nothing paid reads as before: no payment lines', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1250, stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 2]])

    const text = await invoiceText(customer, number)
    assert.include(compactText(text), compactText('Total: 25.00 USD'))
    for (const absent of ['Payment', 'Amount paid', 'Refund', 'Net paid']) {
      assert.notInclude(text, absent)
    }
  })

  test('a paid order without refunds: the method, its payment state and the amount paid, no net line', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1250, stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 2]])
    await db.from('orders').where('number', number).update({
      payment_method_code: 'bank-transfer',
      payment_method_name: 'Bank transfer',
      payment_provider: 'manual',
      payment_status: 'paid',
      amount_paid: 2500,
    })

    const text = compactText(await invoiceText(customer, number))
    assert.include(text, compactText('Payment: paid'))
    assert.include(text, compactText('Payment method: Bank transfer'))
    assert.include(text, compactText('Amount paid: 25.00 USD'))
    assert.notInclude(text, 'Refund')
    assert.notInclude(text, 'Netpaid')
  })

  test('refunds that went through are listed with date, amount, reference and reason, then the net paid; pending and failed ones are not', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ price: 4000, stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    await db.from('orders').where('number', number).update({
      payment_method_code: 'card',
      payment_method_name: 'Card',
      payment_provider: 'stripe',
      payment_status: 'partially_refunded',
      amount_paid: 4000,
    })
    const order = await Order.findByOrFail('number', number)
    await refund(order, {
      amount: 550,
      status: 'succeeded',
      reference: 're_123',
      reason: 'Damaged box',
      completedAt: '2026-03-04T10:00:00',
    })
    await refund(order, {
      amount: 1000,
      status: 'succeeded',
      reference: null,
      reason: null,
      completedAt: '2026-03-05T09:00:00',
    })
    await refund(order, { amount: 777, status: 'pending', reason: 'Still on its way' })
    await refund(order, { amount: 888, status: 'failed', reason: 'Refused by the bank' })

    for (const viewer of [customer, staff]) {
      const raw = await invoiceText(viewer, number)
      const text = compactText(raw)
      assert.include(text, compactText('Payment: partially refunded'))
      assert.include(text, compactText('Payment method: Card'))
      assert.include(text, compactText('Amount paid: 40.00 USD'))
      assert.include(text, compactText('Refund 2026-03-04 (ref. re_123, Damaged box): -5.50 USD'))
      assert.include(text, compactText('Refund 2026-03-05: -10.00 USD'))
      assert.include(text, compactText('Net paid: 24.50 USD'))
      for (const absent of ['7.77', '8.88', 'Still on its way', 'Refused by the bank']) {
        assert.notInclude(raw, absent)
      }
      // Refunds in the order they were made, before the net.
      assert.isBelow(text.indexOf('re_123'), text.indexOf('Refund2026-03-05'))
      assert.isBelow(text.indexOf('Refund2026-03-05'), text.indexOf('Netpaid'))
    }
  })

  test('cash on delivery says so; fully refunded nets to zero', async ({ client, assert }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 999, stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    await db.from('orders').where('number', number).update({
      payment_method_code: 'cash-on-delivery',
      payment_method_name: 'Cash on delivery',
      payment_provider: 'manual',
      pay_on_delivery: true,
      payment_status: 'refunded',
      amount_paid: 999,
    })
    const order = await Order.findByOrFail('number', number)
    await refund(order, {
      amount: 999,
      status: 'succeeded',
      reference: 'CASH-BACK-1',
      completedAt: '2026-04-01T12:00:00',
    })

    const text = compactText(await invoiceText(customer, number))
    assert.include(text, compactText('Payment method: Cash on delivery (pay on delivery)'))
    assert.include(text, compactText('Refund 2026-04-01 (ref. CASH-BACK-1): -9.99 USD'))
    assert.include(text, compactText('Net paid: 0.00 USD'))
  })
})
