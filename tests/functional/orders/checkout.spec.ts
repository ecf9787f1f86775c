import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Order from '#models/order'
import OrderEvent from '#models/order_event'
import Product from '#models/product'
import ProductVariant from '#models/product_variant'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

const address = {
  full_name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postal_code: 'SW1Y 4JH',
  country: 'gb',
}

async function count(table: string) {
  const rows = await db.from(table).count('* as total')
  return Number(rows[0].total)
}

test.group('Checkout', (group) => {
  group.each.setup(() => truncateAll())

  test('the cart becomes a pending order: names and prices copied, stock taken, cart emptied', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const lamp = await ProductFactory.merge({ name: 'Desk Lamp', price: 2599, stock: 10 }).create()
    const mug = await ProductFactory.merge({
      name: 'Mug',
      price: 450,
      stock: 3,
      lowStockThreshold: 1,
    }).create()
    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: lamp.id, quantity: 2 })
    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: mug.id, quantity: 3 })

    const response = await client.post('/api/v1/orders').loginAs(user).json({})
    response.assertStatus(201)
    const body = response.body().data
    const lampVariant = await ProductVariant.findByOrFail('product_id', lamp.id)
    const mugVariant = await ProductVariant.findByOrFail('product_id', mug.id)
    assert.match(body.number, /^SO-\d{6}-[0-9A-Z]{8}$/)
    assert.equal(body.status, 'pending')
    assert.equal(body.subtotal, '65.48')
    assert.equal(body.total, '65.48')
    assert.equal(body.item_count, 5)
    assert.deepEqual(body.items, [
      {
        product_id: lamp.id,
        variant_id: lampVariant.id,
        sku: lampVariant.sku,
        product_name: 'Desk Lamp',
        variant_title: 'Default',
        unit_price: '25.99',
        quantity: 2,
        line_total: '51.98',
        discount: '0.00',
        tax_rate: '0.00',
        tax: '0.00',
      },
      {
        product_id: mug.id,
        variant_id: mugVariant.id,
        sku: mugVariant.sku,
        product_name: 'Mug',
        variant_title: 'Default',
        unit_price: '4.50',
        quantity: 3,
        line_total: '13.50',
        discount: '0.00',
        tax_rate: '0.00',
        tax: '0.00',
      },
    ])
    assert.equal(body.shipping_address.line1, user.addressLine1)
    // No pricing rules: no discount, shipping or tax.
    assert.deepInclude(body, {
      discount_total: '0.00',
      shipping_total: '0.00',
      tax_total: '0.00',
      coupon_code: null,
      shipping_method: null,
      discounts: [],
      taxes: [],
    })

    await lamp.refresh()
    await mug.refresh()
    assert.equal(lamp.stock, 8)
    assert.equal(mug.stock, 0)
    const order = await Order.findByOrFail('number', body.number)
    assert.equal(order.userId, user.id)
    assert.equal(order.total, 6548)
    assert.equal(await count('cart_items'), 0)

    const events = await OrderEvent.query().where('order_id', order.id).orderBy('id')
    assert.deepEqual(
      events.map((event) => [event.type, event.fromStatus, event.toStatus, event.productId]),
      [
        ['status', null, 'pending', null],
        ['low_stock', null, null, mug.id],
      ]
    )

    lamp.name = 'Renamed Lamp'
    lamp.price = 9999
    await lamp.save()
    const again = await client.get(`/api/v1/orders/${body.number}`).loginAs(user)
    assert.equal(again.body().data.items[0].product_name, 'Desk Lamp')
    assert.equal(again.body().data.items[0].unit_price, '25.99')
  })

  test('lines in the body are ordered as sent (the cart is left alone); an address in the body wins', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const [a, b] = await ProductFactory.merge({ stock: 10 }).createMany(2)
    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: a.id })

    const response = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ items: [{ product_id: b.id, quantity: 4 }], shipping_address: address })
    response.assertStatus(201)
    assert.deepEqual(
      response.body().data.items.map((item: any) => [item.product_id, item.quantity]),
      [[b.id, 4]]
    )
    assert.equal(response.body().data.shipping_address.country, 'GB')
    assert.equal(response.body().data.shipping_address.full_name, 'Ada Lovelace')
    assert.equal(await count('cart_items'), 1)
  })

  test('two lines for the same product are merged before the stock check', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ name: 'Kettle', stock: 3 }).create()

    const short = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [
          { product_id: product.id, quantity: 2 },
          { product_id: product.id, quantity: 2 },
        ],
      })
    short.assertStatus(409)
    short.assertBodyContains({
      errors: [
        { code: 'E_INSUFFICIENT_STOCK', product_id: product.id, requested: 4, available: 3 },
      ],
    })

    const fits = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [
          { product_id: product.id, quantity: 1 },
          { product_id: product.id, quantity: 2 },
        ],
      })
    fits.assertStatus(201)
    assert.deepEqual(
      fits.body().data.items.map((item: any) => [item.product_id, item.quantity]),
      [[product.id, 3]]
    )
    await product.refresh()
    assert.equal(product.stock, 0)
    assert.equal(await count('order_items'), 1)
  })

  test('a shortfall names every short product and changes nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const plenty = await ProductFactory.merge({ stock: 50 }).create()
    const few = await ProductFactory.merge({ name: 'Few', stock: 1 }).create()
    const none = await ProductFactory.merge({ name: 'None', stock: 0 }).create()

    const response = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [
          { product_id: plenty.id, quantity: 5 },
          { product_id: few.id, quantity: 2 },
          { product_id: none.id, quantity: 1 },
        ],
      })
    response.assertStatus(409)
    assert.deepEqual(
      response.body().errors.map((error: any) => [error.code, error.product_id, error.available]),
      [
        ['E_INSUFFICIENT_STOCK', few.id, 1],
        ['E_INSUFFICIENT_STOCK', none.id, 0],
      ]
    )
    await plenty.refresh()
    assert.equal(plenty.stock, 50)
    assert.equal(await count('orders'), 0)
    assert.equal(await count('order_items'), 0)
    assert.equal(await count('order_events'), 0)
  })

  test('empty carts, unknown or inactive products, bad bodies and missing addresses are 422', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const inactive = await ProductFactory.apply('inactive').create()
    const product = await ProductFactory.create()

    const empty = await client.post('/api/v1/orders').loginAs(user).json({})
    empty.assertStatus(422)
    empty.assertBodyContains({ errors: [{ code: 'E_CART_EMPTY', field: 'items' }] })

    const unavailable = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [
          { product_id: inactive.id, quantity: 1 },
          { product_id: 987_654, quantity: 1 },
        ],
      })
    unavailable.assertStatus(422)
    assert.sameMembers(
      unavailable.body().errors.map((error: any) => error.product_id),
      [inactive.id, 987_654]
    )

    for (const body of [
      { items: [] },
      { items: [{ product_id: product.id, quantity: 0 }] },
      { items: [{ product_id: product.id }] },
      { items: 'all' },
      { items: [{ product_id: product.id, quantity: 1 }], shipping_address: { line1: 'x' } },
      {
        items: [{ product_id: product.id, quantity: 1 }],
        shipping_address: { ...address, country: 'GBR' },
      },
    ]) {
      const response = await client.post('/api/v1/orders').loginAs(user).json(body)
      response.assertStatus(422)
      assert.isString(response.body().errors[0].field)
    }

    const noAddress = await UserFactory.merge({ addressLine1: null, addressCity: null }).create()
    const missing = await client
      .post('/api/v1/orders')
      .loginAs(noAddress)
      .json({ items: [{ product_id: product.id, quantity: 1 }] })
    missing.assertStatus(422)
    missing.assertBodyContains({ errors: [{ field: 'shipping_address' }] })
    assert.equal(await count('orders'), 0)
  })

  test('the detail shows the new stock on the very next read; a list keeps its cached page while the product stays in stock (issue 21, item 5)', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 9 }).create()
    const before = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(before.body().data.stock, 9)
    const list = await client.get('/api/v1/products')
    assert.equal(list.body().data[0].stock, 9)

    await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ items: [{ product_id: product.id, quantity: 4 }] })

    assert.equal((await client.get(`/api/v1/products/${product.id}`)).body().data.stock, 5)
    const cached = (await client.get('/api/v1/products')).body().data[0]
    assert.deepInclude(cached, { stock: 9, in_stock: true })

    // Selling the rest takes it out of stock: every list shows it at once.
    await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ items: [{ product_id: product.id, quantity: 5 }] })
    assert.deepInclude((await client.get('/api/v1/products')).body().data[0], {
      stock: 0,
      in_stock: false,
    })
  })

  test('a product that was ordered cannot be deleted (409) and stays', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.create()
    await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ items: [{ product_id: product.id, quantity: 1 }] })
    const response = await client.delete(`/api/v1/products/${product.id}`).loginAs(staff)
    response.assertStatus(409)
    assert.isNotNull(await Product.find(product.id))
  })
})
