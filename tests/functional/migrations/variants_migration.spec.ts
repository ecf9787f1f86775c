import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import Order from '#models/order'
import { InvoiceService } from '#services/invoice_service'
import { toDecimalString } from '#services/money'
import { truncateAll } from '#tests/support/database'
import {
  createScratchDatabase,
  createScratchSqlite,
  type ScratchDatabase,
} from '#tests/support/faults'
import { compactText, readPdf } from '#tests/support/pdf'

/**
 * The first migration of issue 17 (variants and the stock ledger).
 */
const VARIANTS_MIGRATION = '1732250001001'

/**
 * Runs the migrations on the scratch connection: `before` only those
 * older than the variants migration (the schema a shop has before
 * upgrading), else every pending one, or one step down.
 */
async function migrate(
  scratch: ScratchDatabase,
  options: { direction: 'up'; before?: string } | { direction: 'down'; step: number }
) {
  const runner = new MigrationRunner(db, app, {
    ...options,
    connectionName: scratch.name,
    disableLocks: true,
  })
  if (options.direction === 'up' && options.before) {
    const before = options.before
    const source = (
      runner as unknown as {
        migrationSource: { getMigrations(): Promise<Array<{ name: string }>> }
      }
    ).migrationSource
    const all = source.getMigrations.bind(source)
    source.getMigrations = async () =>
      (await all()).filter((file) => file.name.split('/').pop()! < before)
  }
  await runner.run()
  if (runner.error) {
    throw runner.error
  }
  // Not runner.close(): it closes every connection, the run's own too.
  return Object.values(runner.migratedFiles)
}

interface OldShape {
  products: Array<{ id: number; name: string; price: number; stock: number; threshold: number }>
  orderIds: number[]
  invoicedOrderId: number
}

/**
 * The shop before variants, in raw inserts: products with a price and a
 * stock, a customer's cart with lines, orders with lines (one with an
 * issued invoice, one cancelled).
 */
async function fillOldShape(client: QueryClientContract): Promise<OldShape> {
  const now = '2026-03-01 10:00:00'
  const stamp = { created_at: now, updated_at: now }
  await client.table('users').insert({
    email: 'old-customer@shop.test',
    password: 'not-a-hash',
    full_name: 'Old Customer',
    role: 'customer',
    ...stamp,
  })
  const user = await client.from('users').where('email', 'old-customer@shop.test').firstOrFail()
  await client.table('categories').insert({ name: 'Old', slug: 'old', position: 0, ...stamp })
  const category = await client.from('categories').where('slug', 'old').firstOrFail()
  const specs = [
    { name: 'Old Kettle', price: 2999, stock: 12, threshold: 5, active: true },
    { name: 'Old Lamp', price: 1250, stock: 0, threshold: 3, active: true },
    { name: 'Old Tent', price: 19_900, stock: 4, threshold: 2, active: false },
    { name: 'Old Mug 日本', price: 450, stock: 250, threshold: 10, active: true },
  ]
  for (const spec of specs) {
    await client.table('products').insert({
      category_id: category.id,
      name: spec.name,
      slug: spec.name.toLowerCase().replace(/[^a-z]+/g, '-'),
      description: `${spec.name} from before variants`,
      price: spec.price,
      stock: spec.stock,
      low_stock_threshold: spec.threshold,
      is_active: spec.active,
      ...stamp,
    })
  }
  const rows = await client.from('products').orderBy('id')
  const products = rows.map((row, index) => ({
    id: Number(row.id),
    name: row.name as string,
    price: specs[index].price,
    stock: specs[index].stock,
    threshold: specs[index].threshold,
  }))

  await client.table('carts').insert({ user_id: user.id, ...stamp })
  const cart = await client.from('carts').where('user_id', user.id).firstOrFail()
  await client.table('cart_items').multiInsert([
    { cart_id: cart.id, product_id: products[0].id, quantity: 2, ...stamp },
    { cart_id: cart.id, product_id: products[3].id, quantity: 5, ...stamp },
  ])

  const orders = [
    {
      number: 'SO-OLD-0001',
      status: 'delivered',
      lines: [
        [products[0], 1],
        [products[3], 3],
      ],
      invoice: 'INV-2026-000001',
    },
    { number: 'SO-OLD-0002', status: 'cancelled', lines: [[products[1], 2]], invoice: null },
    {
      number: 'SO-OLD-0003',
      status: 'pending',
      lines: [
        [products[2], 1],
        [products[0], 2],
        [products[1], 1],
      ],
      invoice: null,
    },
  ] as const
  const orderIds: number[] = []
  for (const spec of orders) {
    const lines = spec.lines.map(([product, quantity]) => ({
      product,
      quantity,
      total: product.price * quantity,
    }))
    const subtotal = lines.reduce((sum, line) => sum + line.total, 0)
    await client.table('orders').insert({
      number: spec.number,
      user_id: user.id,
      status: spec.status,
      currency: 'USD',
      subtotal,
      total: subtotal,
      item_count: lines.reduce((sum, line) => sum + line.quantity, 0),
      ship_full_name: 'Old Customer',
      ship_line1: '1 Old Street',
      ship_city: 'Oldtown',
      ship_postal_code: '12345',
      ship_country: 'US',
      invoice_number: spec.invoice,
      invoice_issued_at: spec.invoice ? '2026-03-02 09:00:00' : null,
      ...stamp,
    })
    const order = await client.from('orders').where('number', spec.number).firstOrFail()
    orderIds.push(Number(order.id))
    await client.table('order_items').multiInsert(
      lines.map((line) => ({
        order_id: order.id,
        product_id: line.product.id,
        product_name: line.product.name,
        unit_price: line.product.price,
        quantity: line.quantity,
        line_total: line.total,
        created_at: now,
      }))
    )
  }
  await client.table('invoice_sequences').insert({ year: 2026, last_number: 1 })
  return { products, orderIds, invoicedOrderId: orderIds[0] }
}

async function snapshot(client: QueryClientContract) {
  const orders = await client
    .from('orders')
    .orderBy('id')
    .select('id', 'number', 'status', 'subtotal', 'total', 'item_count', 'invoice_number')
  const items = await client
    .from('order_items')
    .orderBy('id')
    .select('id', 'order_id', 'product_id', 'product_name', 'unit_price', 'quantity', 'line_total')
  const cartItems = await client
    .from('cart_items')
    .orderBy('id')
    .select('id', 'cart_id', 'product_id', 'quantity')
  const numeric = <T extends Record<string, unknown>>(row: T) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
      ])
    )
  return {
    orders: orders.map(numeric),
    items: items.map(numeric),
    cartItems: cartItems.map(numeric),
  }
}

/**
 * The invoice's text as the renderer wrote it before variants: each line
 * the product's name, quantity, unit price and line total (no SKU), then
 * the subtotal and total, with the order's invoice number.
 */
function expectedInvoiceLines(
  items: Array<Record<string, unknown>>,
  order: Record<string, unknown>
) {
  const money = (minor: unknown) => `${toDecimalString(Number(minor))} USD`
  return [
    `Invoice ${order.invoice_number}`,
    `Order: ${order.number}`,
    ...[...items]
      .sort((a, b) => Number(a.product_id) - Number(b.product_id))
      .map(
        (item) =>
          `${item.product_name}${item.quantity}${money(item.unit_price)}${money(item.line_total)}`
      ),
    `Subtotal: ${money(order.subtotal)}`,
    `Total: ${money(order.total)}`,
  ].map(compactText)
}

async function renderInvoice(client: QueryClientContract, orderId: number) {
  const order = await Order.query({ client }).where('id', orderId).preload('items').firstOrFail()
  const invoices = await app.container.make(InvoiceService)
  return compactText((await readPdf(new Uint8Array(await invoices.render(order)))).text)
}

/**
 * Every position of `parts` in `text`, in order (-1 when one is missing
 * or out of order).
 */
function inOrder(text: string, parts: string[]) {
  let from = 0
  return parts.map((part) => {
    const at = text.indexOf(part, from)
    if (at !== -1) from = at + part.length
    return at
  })
}

test.group('Migration: variants on a database from before (issue 17)', (group) => {
  let scratch: ScratchDatabase

  group.each.setup(async () => {
    await truncateAll()
    scratch =
      db.connection().dialect.name === 'postgres'
        ? await createScratchDatabase('variants_migration')
        : await createScratchSqlite('variants_migration')
    return () => scratch.drop()
  })

  /**
   * The scratch database at the schema before variants, filled, then
   * migrated up.
   */
  async function upgraded(assert: Assert) {
    const older = await migrate(scratch, { direction: 'up', before: VARIANTS_MIGRATION })
    assert.isAbove(older.length, 20)
    assert.isFalse(await scratch.client.schema.hasTable('product_variants'))

    const old = await fillOldShape(scratch.client)
    const before = await snapshot(scratch.client)
    const newer = await migrate(scratch, { direction: 'up' })
    assert.isTrue(
      newer.some((file) => file.file.name.endsWith(`${VARIANTS_MIGRATION}_create_product_variants`))
    )
    return { old, before, newer }
  }

  /**
   * Every product, cart and order line as before, on its one default
   * variant, and the old order's invoice as it read; returns the invoice's
   * text.
   */
  async function assertMigrated(
    assert: Assert,
    { old, before }: { old: OldShape; before: Awaited<ReturnType<typeof snapshot>> }
  ) {
    const client = scratch.client
    // Orders, their lines and carts: every column kept as it was.
    assert.deepEqual(await snapshot(client), before)

    for (const product of old.products) {
      const row = await client.from('products').where('id', product.id).firstOrFail()
      const variants = await client.from('product_variants').where('product_id', product.id)
      assert.lengthOf(variants, 1, product.name)
      const [variant] = variants
      assert.equal(Number(variant.price), product.price)
      assert.equal(Number(variant.stock), product.stock)
      assert.equal(Number(variant.low_stock_threshold), product.threshold)
      assert.equal(variant.sku, `P-${product.id}`)
      assert.equal(variant.title, 'Default')
      assert.deepEqual(JSON.parse(variant.option_values), [])
      assert.isTrue(Boolean(variant.is_active))
      assert.equal(Number(row.price), product.price)
      assert.equal(Number(row.max_price), product.price)
      assert.equal(Number(row.stock), product.stock)

      const movements = await client
        .from('stock_movements')
        .where('variant_id', variant.id)
        .select('quantity', 'reason', 'stock_after', 'product_id')
      const sum = movements.reduce((total, movement) => total + Number(movement.quantity), 0)
      assert.equal(sum, Number(variant.stock), `${product.name}: ledger sum`)
      // An opening row for stock, none for a product with no stock.
      assert.deepEqual(
        movements.map((movement) => [
          movement.reason,
          Number(movement.stock_after),
          Number(movement.product_id),
        ]),
        product.stock > 0 ? [['initial', product.stock, product.id]] : []
      )
    }
    assert.equal(Number((await client.from('product_options').count('* as n'))[0].n), 0)

    const cartLines = await client
      .from('cart_items')
      .join('product_variants', 'product_variants.id', 'cart_items.variant_id')
      .select('cart_items.product_id', 'product_variants.product_id as variant_product_id')
    assert.lengthOf(cartLines, before.cartItems.length)
    for (const line of cartLines) {
      assert.equal(line.product_id, line.variant_product_id)
    }

    const orderLines = await client
      .from('order_items')
      .join('product_variants', 'product_variants.id', 'order_items.variant_id')
      .select(
        'order_items.product_id',
        'order_items.sku',
        'order_items.variant_title',
        'product_variants.product_id as variant_product_id',
        'product_variants.sku as variant_sku'
      )
    assert.lengthOf(orderLines, before.items.length)
    for (const line of orderLines) {
      assert.equal(line.product_id, line.variant_product_id)
      assert.equal(line.sku, line.variant_sku)
      assert.equal(line.variant_title, 'Default')
    }

    // The invoice of the old order, rendered by today's code, reads as
    // before: the product's name per line (no SKU), the same amounts.
    const invoiced = before.orders.find((order) => order.id === old.invoicedOrderId)!
    const invoicedItems = before.items.filter((item) => item.order_id === old.invoicedOrderId)
    const text = await renderInvoice(client, old.invoicedOrderId)
    const expected = expectedInvoiceLines(invoicedItems, invoiced)
    assert.notInclude(inOrder(text, expected), -1, `invoice text: ${text}`)
    assert.notInclude(text, 'SKU')
    assert.notInclude(text, 'Default')
    return text
  }

  test('every product, cart, order and invoice survives the move to variants', async ({
    assert,
  }) => {
    const state = await upgraded(assert)
    await assertMigrated(assert, state)
  }).timeout(120_000)

  test('the migration goes down with the data and up again to the same state', async ({
    assert,
  }) => {
    const state = await upgraded(assert)
    const firstText = await assertMigrated(assert, state)

    // Down: the variants migration and any after it.
    await migrate(scratch, { direction: 'down', step: state.newer.length })
    assert.isFalse(await scratch.client.schema.hasTable('product_variants'))
    assert.isFalse(await scratch.client.schema.hasColumn('order_items', 'variant_id'))
    assert.isFalse(await scratch.client.schema.hasColumn('products', 'max_price'))
    assert.deepEqual(await snapshot(scratch.client), state.before)
    for (const product of state.old.products) {
      const row = await scratch.client.from('products').where('id', product.id).firstOrFail()
      assert.equal(Number(row.price), product.price)
      assert.equal(Number(row.stock), product.stock)
    }

    await migrate(scratch, { direction: 'up' })
    const secondText = await assertMigrated(assert, state)
    assert.equal(secondText, firstText)
  }).timeout(120_000)
})
