import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import ProductVariant from '#models/product_variant'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { createProductWithVariants, ledgerMismatches } from '#tests/support/variants'
import { jwtSigner } from '#config/auth'

async function checkout(token: string, body: unknown) {
  const response = await fetch(`${serverUrl()}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: { number: string }
      errors?: Array<{ code: string; available?: number; sku?: string; variant_id?: number }>
    },
  }
}

test.group('Checkout: variants of one product under a storm', (group) => {
  group.each.setup(() => truncateAll())

  test('50 buyers race for the last 5 of "M / red" while others buy "L / red": exactly 5, no oversell, the ledger adds up, also after cancellations', async ({
    assert,
  }) => {
    const { product, variants } = await createProductWithVariants({
      name: 'Tee',
      options: [
        { name: 'Size', values: ['M', 'L'] },
        { name: 'Colour', values: ['red'] },
      ],
      variants: [
        { sku: 'TEE-M-RED', values: ['M', 'red'], price: 1500, stock: 5 },
        { sku: 'TEE-L-RED', values: ['L', 'red'], price: 1600, stock: 20 },
      ],
    })
    const [medium, large] = variants
    const users = await UserFactory.createMany(65)
    const tokens = await Promise.all(users.map(async (user) => (await jwtSigner.sign(user)).value))

    /**
     * Real concurrent HTTP requests: the first 50 buy "M / red" (by
     * variant id), the other 15 "L / red" (by SKU), all at once.
     */
    const results = await Promise.all(
      tokens.map((token, index) =>
        index < 50
          ? checkout(token, { items: [{ variant_id: medium.id, quantity: 1 }] })
          : checkout(token, { items: [{ sku: 'TEE-L-RED', quantity: 1 }] })
      )
    )
    const mediumResults = results.slice(0, 50)
    const largeResults = results.slice(50)

    assert.equal(mediumResults.filter((result) => result.status === 201).length, 5)
    const refused = mediumResults.filter((result) => result.status === 409)
    assert.lengthOf(refused, 45)
    for (const result of refused) {
      assert.equal(result.body.errors?.[0].code, 'E_INSUFFICIENT_STOCK')
      assert.equal(result.body.errors?.[0].sku, 'TEE-M-RED')
      assert.equal(result.body.errors?.[0].available, 0)
    }
    assert.deepEqual(
      largeResults.map((result) => result.status),
      Array(15).fill(201)
    )

    const [freshMedium, freshLarge] = await Promise.all([
      ProductVariant.findOrFail(medium.id),
      ProductVariant.findOrFail(large.id),
    ])
    assert.equal(freshMedium.stock, 0)
    assert.equal(freshLarge.stock, 5)
    assert.equal((await Product.findOrFail(product.id)).stock, 5)
    const lines = await db.from('order_items').where('product_id', product.id)
    assert.lengthOf(
      lines.filter((line) => line.variant_id === medium.id),
      5
    )
    assert.lengthOf(
      lines.filter((line) => line.variant_id === large.id),
      15
    )
    assert.isTrue(
      lines.every(
        (line) => line.sku === (line.variant_id === medium.id ? 'TEE-M-RED' : 'TEE-L-RED')
      )
    )
    const negative = await db.from('product_variants').where('stock', '<', 0).count('* as total')
    assert.equal(Number(negative[0].total), 0)
    assert.deepEqual(await ledgerMismatches(), [])
    const sales = await db.from('stock_movements').where('reason', 'sale').count('* as total')
    assert.equal(Number(sales[0].total), 20)

    /**
     * Two "M / red" buyers and one "L / red" buyer cancel: their units go
     * back with a `cancellation` row naming the order.
     */
    const cancelled = [
      ...mediumResults.filter((result) => result.status === 201).slice(0, 2),
      largeResults[0],
    ]
    for (const result of cancelled) {
      const order = await db.from('orders').where('number', result.body.data!.number).firstOrFail()
      const owner = users.find((user) => user.id === order.user_id)!
      const token = (await jwtSigner.sign(owner)).value
      const response = await fetch(
        `${serverUrl()}/api/v1/orders/${result.body.data!.number}/cancel`,
        { method: 'POST', headers: { authorization: `Bearer ${token}` } }
      )
      assert.equal(response.status, 200)
    }
    assert.equal((await ProductVariant.findOrFail(medium.id)).stock, 2)
    assert.equal((await ProductVariant.findOrFail(large.id)).stock, 6)
    assert.equal((await Product.findOrFail(product.id)).stock, 8)
    assert.deepEqual(await ledgerMismatches(), [])
    const cancellations = await db
      .from('stock_movements')
      .where('reason', 'cancellation')
      .whereNotNull('order_id')
      .count('* as total')
    assert.equal(Number(cancellations[0].total), 3)
  }).timeout(90_000)

  test('checkouts across two products in both orders, staff adjustments and cancellations at once: no deadlock, no 5xx, the ledger adds up', async ({
    assert,
  }) => {
    const tee = await createProductWithVariants({
      name: 'Tee',
      options: [{ name: 'Size', values: ['M', 'L'] }],
      variants: [
        { sku: 'MIX-TEE-M', values: ['M'], price: 1500, stock: 30 },
        { sku: 'MIX-TEE-L', values: ['L'], price: 1500, stock: 30 },
      ],
    })
    const mug = await createProductWithVariants({
      name: 'Mug',
      options: [{ name: 'Colour', values: ['red', 'blue'] }],
      variants: [
        { sku: 'MIX-MUG-R', values: ['red'], price: 900, stock: 30 },
        { sku: 'MIX-MUG-B', values: ['blue'], price: 900, stock: 30 },
      ],
    })
    const staff = await UserFactory.apply('staff').create()
    const staffToken = (await jwtSigner.sign(staff)).value
    const users = await UserFactory.createMany(20)
    const tokens = await Promise.all(users.map(async (user) => (await jwtSigner.sign(user)).value))
    const address = {
      full_name: 'Ada',
      line1: '1 Road',
      city: 'Town',
      postal_code: '1000',
      country: 'BE',
    }
    const [teeM, teeL] = tee.variants
    const [mugR, mugB] = mug.variants

    /**
     * Half the orders name the tee first, half the mug first; staff
     * adjust one variant of each product meanwhile.
     */
    const orders = tokens.map((token, index) =>
      checkout(token, {
        items:
          index % 2
            ? [
                { variant_id: teeM.id, quantity: 1 },
                { variant_id: mugB.id, quantity: 1 },
              ]
            : [
                { variant_id: mugR.id, quantity: 1 },
                { variant_id: teeL.id, quantity: 1 },
              ],
        shipping_address: address,
      })
    )
    const adjustments = [teeM, mugR, teeL, mugB].flatMap((variant) =>
      [5, -2].map((delta) =>
        fetch(`${serverUrl()}/api/v1/variants/${variant.id}/stock-adjustments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
          body: JSON.stringify({ delta, reason: 'recount' }),
        }).then((response) => response.status)
      )
    )
    const placed = await Promise.all(orders)
    assert.deepEqual(
      placed.map((result) => result.status),
      Array(20).fill(201)
    )
    assert.deepEqual(await Promise.all(adjustments), Array(8).fill(200))

    /**
     * Five customers cancel while five more order.
     */
    const cancels = placed.slice(0, 5).map((result, index) =>
      fetch(`${serverUrl()}/api/v1/orders/${result.body.data!.number}/cancel`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[index]}` },
      }).then((response) => response.status)
    )
    const more = tokens.slice(5, 10).map((token) =>
      checkout(token, {
        items: [
          { variant_id: mugB.id, quantity: 1 },
          { variant_id: teeM.id, quantity: 1 },
        ],
        shipping_address: address,
      }).then((result) => result.status)
    )
    assert.deepEqual(await Promise.all(cancels), Array(5).fill(200))
    assert.deepEqual(await Promise.all(more), Array(5).fill(201))

    assert.deepEqual(await ledgerMismatches(), [])
    // Each variant: 30, +5 and -2 by staff, 10 sold in the first wave;
    // cancelled orders 1 and 3 named tee M and mug blue, 0, 2 and 4 mug
    // red and tee L; the second wave bought 5 tee M and 5 mug blue.
    const stock = async (id: number) => (await ProductVariant.findOrFail(id)).stock
    const cancelledOdd = [1, 3].length
    const cancelledEven = [0, 2, 4].length
    assert.equal(await stock(teeM.id), 33 - 10 + cancelledOdd - 5)
    assert.equal(await stock(mugB.id), 33 - 10 + cancelledOdd - 5)
    assert.equal(await stock(mugR.id), 33 - 10 + cancelledEven)
    assert.equal(await stock(teeL.id), 33 - 10 + cancelledEven)
    for (const product of [tee.product, mug.product]) {
      const fresh = await Product.findOrFail(product.id)
      const variants = await ProductVariant.query().where('product_id', product.id)
      assert.equal(
        fresh.stock,
        variants.reduce((sum, variant) => sum + variant.stock, 0)
      )
    }
  }).timeout(90_000)

  test('a product with several variants is bought by variant: product_id alone is a 422 listing them', async ({
    assert,
  }) => {
    const { product, variants } = await createProductWithVariants({
      name: 'Laptop',
      options: [{ name: 'Memory', values: ['16 GB', '32 GB'] }],
      variants: [
        { sku: 'LAP-16', values: ['16 GB'], price: 99_900, stock: 3 },
        { sku: 'LAP-32', values: ['32 GB'], price: 129_900, stock: 3 },
      ],
    })
    const user = await UserFactory.create()
    const token = (await jwtSigner.sign(user)).value
    const ambiguous = await checkout(token, { items: [{ product_id: product.id, quantity: 1 }] })
    assert.equal(ambiguous.status, 422)
    assert.equal(ambiguous.body.errors?.[0].code, 'E_VARIANT_REQUIRED')
    assert.deepEqual(
      (ambiguous.body.errors?.[0] as unknown as { variants: Array<{ sku: string }> }).variants.map(
        (variant) => variant.sku
      ),
      ['LAP-16', 'LAP-32']
    )
    const both = await checkout(token, {
      items: [{ product_id: product.id, variant_id: variants[0].id, quantity: 1 }],
    })
    assert.equal(both.status, 422)
    assert.equal(both.body.errors?.[0].code, 'E_LINE_TARGET')
    const unknown = await checkout(token, { items: [{ sku: 'NOPE', quantity: 1 }] })
    assert.equal(unknown.status, 422)
    assert.equal(unknown.body.errors?.[0].code, 'E_PRODUCT_UNAVAILABLE')
    assert.lengthOf(await db.from('orders'), 0)

    const bought = await checkout(token, {
      items: [
        { sku: 'LAP-32', quantity: 1 },
        { variant_id: variants[0].id, quantity: 2 },
      ],
      shipping_address: {
        full_name: 'Ada',
        line1: '1 Road',
        city: 'Town',
        postal_code: '1000',
        country: 'BE',
      },
    })
    assert.equal(bought.status, 201)
    const order = await db.from('orders').firstOrFail()
    assert.equal(Number(order.subtotal), 2 * 99_900 + 129_900)
    const product2 = await Product.findOrFail(product.id)
    assert.equal(product2.stock, 3)
    assert.equal(product2.price, 99_900)
    assert.equal(product2.maxPrice, 129_900)
    assert.deepEqual(await ledgerMismatches(), [])
  }).timeout(30_000)
})
