import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Order from '#models/order'
import Product from '#models/product'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { dbTimestamp } from '#services/db_time'

/**
 * Gives an order placed through the API a manual payment method, a
 * payment state and a payment window that closes `minutes` from now (in
 * the past when negative), as checkout does with a method (issue 20).
 */
async function awaitingPayment(number: string, minutes: number, paymentStatus = 'unpaid') {
  await db
    .from('orders')
    .where('number', number)
    .update({
      payment_method_code: 'transfer',
      payment_method_name: 'Bank transfer',
      payment_provider: 'manual',
      payment_status: paymentStatus,
      payment_expires_at: dbTimestamp(db.connection(), DateTime.now().plus({ minutes })),
    })
}

/**
 * Runs `node ace payments:expire` in-process, its output kept: the
 * kernel's renderer is swapped for one that records (and put back).
 */
async function expire(args: string[] = []) {
  const ace = await app.container.make('ace')
  const logs: Array<{ message: string; stream: 'stdout' | 'stderr' }> = []
  const previous = ace.ui.logger.getRenderer()
  ace.ui.useRenderer({
    getLogs: () => logs,
    flushLogs: () => void logs.splice(0),
    log: (message: string) => void logs.push({ message, stream: 'stdout' }),
    logUpdate: (message: string) => void logs.push({ message, stream: 'stdout' }),
    logUpdatePersist: () => {},
    logError: (message: string) => void logs.push({ message, stream: 'stderr' }),
  })
  try {
    const command = await ace.exec('payments:expire', args)
    return { exitCode: command.exitCode, output: logs.map((log) => log.message).join('\n') }
  } finally {
    ace.ui.useRenderer(previous)
  }
}

test.group('Payments (issue 20): node ace payments:expire', (group) => {
  group.each.setup(() => truncateAll())

  test('cancels exactly the overdue unpaid and failed orders, puts their stock back, says how many; again, none', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 20 }).create()
    const overdue = await placeOrder(client, customer, [[product, 2]])
    const failed = await placeOrder(client, customer, [[product, 3]])
    const notYet = await placeOrder(client, customer, [[product, 1]])
    const paid = await placeOrder(client, customer, [[product, 1]])
    const noWindow = await placeOrder(client, customer, [[product, 1]])
    await awaitingPayment(overdue, -5)
    await awaitingPayment(failed, -1, 'failed')
    await awaitingPayment(notYet, 30)
    await awaitingPayment(paid, -5, 'paid')
    assert.equal((await Product.findOrFail(product.id)).stock, 12)

    const first = await expire()
    assert.equal(first.exitCode, 0)
    assert.match(first.output, /payments:expire: 2 orders expired and cancelled/)

    for (const number of [overdue, failed]) {
      const order = await Order.findByOrFail('number', number)
      assert.equal(order.status, 'cancelled', number)
      assert.equal(order.paymentStatus, 'expired', number)
    }
    for (const [number, status] of [
      [notYet, 'unpaid'],
      [paid, 'paid'],
      [noWindow, 'unpaid'],
    ]) {
      const order = await Order.findByOrFail('number', number)
      assert.equal(order.status, 'pending', number)
      assert.equal(order.paymentStatus, status, number)
    }
    // The 5 units of the two expired orders are back on sale.
    assert.equal((await Product.findOrFail(product.id)).stock, 17)
    const events = await db
      .from('order_events')
      .join('orders', 'orders.id', 'order_events.order_id')
      .whereIn('orders.number', [overdue, failed])
      .whereIn('order_events.type', ['payment', 'status'])
      .whereNotNull('order_events.from_status')
      .orderBy('order_events.id')
      .select('orders.number', 'order_events.type', 'from_status', 'to_status', 'actor_role')
    assert.sameDeepMembers(
      events.map((row) => [row.number, row.type, row.from_status, row.to_status, row.actor_role]),
      [
        [overdue, 'payment', 'unpaid', 'expired', 'system'],
        [overdue, 'status', 'pending', 'cancelled', 'system'],
        [failed, 'payment', 'failed', 'expired', 'system'],
        [failed, 'status', 'pending', 'cancelled', 'system'],
      ]
    )

    const second = await expire()
    assert.equal(second.exitCode, 0)
    assert.match(second.output, /payments:expire: 0 orders expired and cancelled/)
    assert.equal((await Product.findOrFail(product.id)).stock, 17)
  })

  test('--limit caps one run; a bad --limit is refused with exit code 1 and changes nothing', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const numbers = [
      await placeOrder(client, customer, [[product, 1]]),
      await placeOrder(client, customer, [[product, 1]]),
      await placeOrder(client, customer, [[product, 1]]),
    ]
    for (const number of numbers) await awaitingPayment(number, -10)

    const refused = await expire(['--limit', '0'])
    assert.equal(refused.exitCode, 1)
    assert.match(refused.output, /--limit must be a positive integer/)
    assert.lengthOf(await Order.query().where('status', 'cancelled'), 0)

    const capped = await expire(['--limit', '2'])
    assert.equal(capped.exitCode, 0)
    assert.match(capped.output, /2 orders expired/)
    assert.lengthOf(await Order.query().where('status', 'cancelled'), 2)

    const rest = await expire()
    assert.match(rest.output, /1 order expired and cancelled/)
    assert.lengthOf(await Order.query().where('status', 'cancelled'), 3)
  })
})
