import { randomBytes } from 'node:crypto'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { insertRows } from '#services/bulk_insert'

/**
 * `node ace orders:generate --orders 100000`: an order history for
 * benchmarks (the dashboard, the staff order list): customers, orders
 * spread over the last `--days` days in every status, one to three lines
 * each, each line a variant with its SKU and title as checkout writes
 * them. History only: stock is not touched (no ledger rows) and no
 * events are written.
 * Needs products (`catalog:generate` first).
 */
export default class OrdersGenerate extends BaseCommand {
  static commandName = 'orders:generate'
  static description = 'Generate an order history (customers, orders, lines) for benchmarks'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many orders to add', default: 10_000 })
  declare orders: number

  @flags.number({ description: 'Spread them over this many past days', default: 60 })
  declare days: number

  @flags.number({ description: 'How many customers place them', default: 200 })
  declare customers: number

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: hash } = await import('@adonisjs/core/services/hash')
    const { DateTime } = await import('luxon')
    const { dbTimestamp } = await import('#services/db_time')

    if (!Number.isInteger(this.orders) || this.orders < 1) {
      this.logger.error('--orders must be a positive integer')
      this.exitCode = 1
      return
    }
    const rows = await db
      .from('product_variants')
      .join('products', 'products.id', 'product_variants.product_id')
      .where('products.is_active', true)
      .where('product_variants.is_active', true)
      .select(
        'product_variants.id',
        'product_variants.product_id',
        'product_variants.sku',
        'product_variants.title',
        'product_variants.price',
        'products.name'
      )
      .orderBy('product_variants.id')
      .limit(5_000)
    const products = rows.map((row) => ({ ...row, price: Number(row.price) }))
    if (!products.length) {
      this.logger.error('No products: run "node ace catalog:generate" first')
      this.exitCode = 1
      return
    }

    const tag = randomBytes(3).toString('hex').toUpperCase()
    const now = DateTime.now()
    const password = await hash.make('password123')
    const userRows = Array.from({ length: this.customers }, (_, index) => ({
      email: `customer-${tag.toLowerCase()}-${index}@bench.test`,
      password,
      full_name: `Bench Customer ${index}`,
      role: 'customer',
      created_at: dbTimestamp(),
      updated_at: dbTimestamp(),
    }))
    await db.transaction((trx) => insertRows(trx, 'users', userRows))
    const users = await db
      .from('users')
      .where('email', 'like', `customer-${tag.toLowerCase()}-%`)
      .select('id')
    const statuses = ['pending', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled']

    const startedAt = Date.now()
    const batchSize = 500
    let done = 0
    while (done < this.orders) {
      const size = Math.min(batchSize, this.orders - done)
      await db.transaction(async (trx) => {
        const orders = Array.from({ length: size }, (_, index) => {
          const n = done + index
          const placed = now.minus({ seconds: Math.floor(Math.random() * this.days * 86_400) })
          // Distinct variants per order (the unique index), before the totals.
          const lines = [
            ...new Map(
              Array.from({ length: 1 + (n % 3) }, (_unused, line) => {
                const product = products[(n * 7 + line * 13) % products.length]
                return { product, quantity: 1 + ((n + line) % 2) }
              }).map((line) => [line.product.id, line])
            ).values(),
          ]
          const total = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0)
          return {
            row: {
              number: `SO-GEN-${tag}-${String(n).padStart(7, '0')}`,
              user_id: users[n % users.length].id,
              status: statuses[n % statuses.length],
              currency: 'USD',
              subtotal: total,
              total,
              item_count: lines.reduce((sum, line) => sum + line.quantity, 0),
              ship_full_name: 'Bench Customer',
              ship_line1: '1 Bench Street',
              ship_city: 'Benchville',
              ship_postal_code: '12345',
              ship_country: 'US',
              created_at: dbTimestamp(trx, placed),
              updated_at: dbTimestamp(trx, placed),
            },
            lines,
          }
        })
        await insertRows(
          trx,
          'orders',
          orders.map((order) => order.row)
        )
        const ids = await trx
          .from('orders')
          .whereIn(
            'number',
            orders.map((order) => order.row.number)
          )
          .select('id', 'number')
        const idOf = new Map(ids.map((row) => [row.number, row.id]))
        const items = orders.flatMap((order) =>
          order.lines.map((line) => ({
            order_id: idOf.get(order.row.number),
            product_id: line.product.product_id,
            variant_id: line.product.id,
            sku: line.product.sku,
            variant_title: line.product.title,
            product_name: line.product.name,
            unit_price: line.product.price,
            quantity: line.quantity,
            line_total: line.product.price * line.quantity,
            created_at: order.row.created_at,
          }))
        )
        await insertRows(trx, 'order_items', items)
      })
      done += size
      if (process.stdout.isTTY) {
        process.stdout.write(`\r${done}/${this.orders} orders`)
      }
    }
    if (process.stdout.isTTY) process.stdout.write('\n')
    this.logger.success(
      `Added ${done} orders for ${users.length} customers (tag ${tag}) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`
    )
  }
}
