import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import { truncateAll } from '#tests/support/database'
import { ProductFactory, ProductVariantFactory } from '#database/factories/catalog_factory'
import ProductOption from '#models/product_option'
import Product from '#models/product'

async function count(table: string) {
  const [row] = await db.from(table).count('* as total')
  return Number(row.total)
}

/**
 * The catalog's invariants: every product has a variant, its summary
 * columns are its variants' (all active here), and every variant's stock
 * is the sum of its ledger.
 */
async function assertCatalogInvariants(assert: import('@japa/assert').Assert) {
  const [bareProducts] = await db
    .from('products')
    .whereNotExists((query) =>
      query.from('product_variants').whereColumn('product_variants.product_id', 'products.id')
    )
    .count('* as total')
  assert.equal(Number(bareProducts.total), 0, 'products without a variant')
  const summaries = await db
    .from('products')
    .join('product_variants', 'product_variants.product_id', 'products.id')
    .groupBy('products.id', 'products.price', 'products.max_price', 'products.stock')
    .select('products.id', 'products.price', 'products.max_price', 'products.stock')
    .min('product_variants.price as min_price')
    .max('product_variants.price as max_variant_price')
    .sum('product_variants.stock as variant_stock')
  for (const row of summaries) {
    assert.equal(Number(row.price), Number(row.min_price), `product ${row.id} price`)
    assert.equal(Number(row.max_price), Number(row.max_variant_price), `product ${row.id} max`)
    assert.equal(Number(row.stock), Number(row.variant_stock), `product ${row.id} stock`)
  }
  const [unbalanced] = await db
    .from('product_variants')
    .whereRaw(
      'stock <> (select coalesce(sum(m.quantity), 0) from stock_movements m where m.variant_id = product_variants.id)'
    )
    .count('* as total')
  assert.equal(Number(unbalanced.total), 0, 'variants whose stock is not their ledger sum')
}

test.group('Commands: demo data and bulk catalog', (group) => {
  group.each.setup(() => truncateAll())

  test('db:seed writes the demo accounts, a category tree and products, and is idempotent', async ({
    assert,
  }) => {
    const ace = await app.container.make('ace')
    const first = await ace.exec('db:seed', [])
    assert.equal(first.exitCode, 0)

    for (const role of ['admin', 'staff', 'customer'] as const) {
      const user = await User.findByOrFail('email', `${role}@shop.test`)
      assert.equal(user.role, role)
      assert.isTrue(await hash.verify(user.password, 'password123'))
    }
    const children = await db.from('categories').whereNotNull('parent_id').count('* as total')
    assert.isAbove(Number(children[0].total), 3)
    const products = await count('products')
    assert.isAtLeast(products, 24)

    const tee = await db.from('products').where('slug', 'classic-cotton-t-shirt').firstOrFail()
    const teeVariants = await db
      .from('product_variants')
      .where('product_id', tee.id)
      .orderBy('position')
    assert.deepEqual(
      teeVariants.map((variant) => variant.title),
      ['S / red', 'S / blue', 'M / red', 'M / blue', 'L / red', 'L / blue']
    )
    assert.lengthOf(new Set(teeVariants.map((variant) => variant.sku)), 6)
    assert.equal(Number(tee.price), 1999)
    assert.equal(Number(tee.max_price), 2199)
    const teeOptions = await db
      .from('product_options')
      .where('product_id', tee.id)
      .orderBy('position')
    assert.deepEqual(
      teeOptions.map((option) => [option.name, JSON.parse(option.values)]),
      [
        ['Size', ['S', 'M', 'L']],
        ['Colour', ['red', 'blue']],
      ]
    )
    const laptop = await db.from('products').where('slug', 'ultrabook-13').firstOrFail()
    const memory = await db
      .from('product_variants')
      .where('product_id', laptop.id)
      .orderBy('position')
    assert.deepEqual(
      memory.map((variant) => [variant.title, Number(variant.price)]),
      [
        ['16 GB', 119_900],
        ['32 GB', 149_900],
      ]
    )
    const simple = await db.from('products').where('slug', 'oak-desk').firstOrFail()
    const [simpleVariant] = await db.from('product_variants').where('product_id', simple.id)
    assert.equal(simpleVariant.title, 'Default')
    await assertCatalogInvariants(assert)

    const variants = await count('product_variants')
    const second = await ace.exec('db:seed', [])
    assert.equal(second.exitCode, 0)
    assert.equal(await count('users'), 3)
    assert.equal(await count('products'), products)
    assert.equal(await count('product_variants'), variants)
  }).timeout(60_000)

  test('catalog:generate adds the requested number of products', async ({ assert }) => {
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', ['--products', '2500', '--categories', '7'])
    assert.equal(command.exitCode, 0)
    assert.equal(await count('products'), 2500)
    assert.equal(await count('categories'), 8)
    const [negative] = await db.from('products').where('stock', '<', 0).count('* as total')
    assert.equal(Number(negative.total), 0)
    assert.equal(await count('product_variants'), 2500)
    assert.equal(await count('product_options'), 0)
    await assertCatalogInvariants(assert)
  }).timeout(60_000)

  test('catalog:generate --variants 1-4 gives each product 1 to 4 variants', async ({ assert }) => {
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', [
      '--products',
      '1500',
      '--categories',
      '3',
      '--variants',
      '1-4',
    ])
    assert.equal(command.exitCode, 0)
    assert.equal(await count('products'), 1500)
    const perProduct = await db
      .from('product_variants')
      .groupBy('product_id')
      .select('product_id')
      .count('* as total')
    const counts = perProduct.map((row) => Number(row.total))
    assert.lengthOf(counts, 1500)
    assert.equal(Math.min(...counts), 1)
    assert.equal(Math.max(...counts), 4)
    // Products with several variants have a Size option and a price range.
    const [ranged] = await db
      .from('products')
      .whereColumn('max_price', '>', 'price')
      .count('* as total')
    assert.equal(Number(ranged.total), counts.filter((total) => total > 1).length)
    assert.equal(await count('product_options'), counts.filter((total) => total > 1).length)
    const [duplicateSkus] = await db
      .from('product_variants')
      .groupBy('sku')
      .havingRaw('count(*) > 1')
      .select('sku')
    assert.isUndefined(duplicateSkus)
    await assertCatalogInvariants(assert)
  }).timeout(60_000)

  test('catalog:generate refuses a --variants that is not a count or a range', async ({
    assert,
  }) => {
    const ace = await app.container.make('ace')
    for (const value of ['0', '4-1', 'many', '1-100']) {
      const command = await ace.exec('catalog:generate', ['--products', '10', '--variants', value])
      assert.equal(command.exitCode, 1, value)
    }
    assert.equal(await count('products'), 0)
  })

  test('orders:generate writes lines on variants with their SKU and title', async ({ assert }) => {
    const ace = await app.container.make('ace')
    await ace.exec('catalog:generate', ['--products', '50', '--variants', '2-3'])
    const command = await ace.exec('orders:generate', ['--orders', '120', '--customers', '4'])
    assert.equal(command.exitCode, 0)
    assert.equal(await count('orders'), 120)
    const lines = await db
      .from('order_items')
      .join('product_variants', 'product_variants.id', 'order_items.variant_id')
      .select(
        'order_items.product_id',
        'order_items.sku',
        'order_items.variant_title',
        'order_items.unit_price',
        'product_variants.product_id as variant_product_id',
        'product_variants.sku as variant_sku',
        'product_variants.title',
        'product_variants.price'
      )
    assert.equal(lines.length, await count('order_items'))
    for (const line of lines) {
      assert.equal(line.product_id, line.variant_product_id)
      assert.equal(line.sku, line.variant_sku)
      assert.equal(line.variant_title, line.title)
      assert.equal(Number(line.unit_price), Number(line.price))
    }
    const [wrongTotals] = await db
      .from('orders')
      .whereRaw(
        'subtotal <> (select sum(i.line_total) from order_items i where i.order_id = orders.id)'
      )
      .count('* as total')
    assert.equal(Number(wrongTotals.total), 0)
  }).timeout(60_000)

  test('catalog:generate refuses a non-positive count', async ({ assert }) => {
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', ['--products', '0'])
    assert.equal(command.exitCode, 1)
    assert.equal(await count('products'), 0)
  })

  test('factories: a product with its default variant, or with variants of its own, keeps the invariants', async ({
    assert,
  }) => {
    const simple = await ProductFactory.merge({ price: 1234, stock: 9 }).create()
    await simple.load('variants')
    assert.deepEqual(
      simple.variants.map((variant) => [variant.sku, variant.title, variant.price, variant.stock]),
      [[`P-${simple.id}`, 'Default', 1234, 9]]
    )

    const tee = await ProductFactory.merge({ price: 1000, stock: 0 })
      .tap((product) => {
        product.withoutDefaultVariant = true
      })
      .create()
    await ProductOption.create({ productId: tee.id, name: 'Size', values: ['S', 'M'], position: 0 })
    await ProductVariantFactory.merge({
      productId: tee.id,
      optionValues: ['S'],
      price: 1500,
      stock: 4,
    }).create()
    await ProductVariantFactory.merge({ productId: tee.id, optionValues: ['M'], price: 1900 })
      .apply('outOfStock')
      .create()
    const fresh = await Product.findOrFail(tee.id)
    await fresh.load('variants', (query) => query.orderBy('position'))
    assert.deepEqual(
      fresh.variants.map((variant) => [variant.title, variant.stock]),
      [
        ['S', 4],
        ['M', 0],
      ]
    )
    assert.equal(fresh.price, 1500)
    assert.equal(fresh.maxPrice, 1900)
    assert.equal(fresh.stock, 4)
    await assertCatalogInvariants(assert)
  })
})
