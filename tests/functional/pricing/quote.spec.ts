import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Order from '#models/order'
import OrderItem from '#models/order_item'
import Promotion from '#models/promotion'
import ShippingMethod from '#models/shipping_method'
import ShippingZone from '#models/shipping_zone'
import TaxRate from '#models/tax_rate'
import type Product from '#models/product'
import { ProductFactory, CategoryFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { ShopSettingsService } from '#services/shop_settings_service'
import { defaultVariant } from '#tests/support/variants'

const address = (country: string) => ({
  full_name: 'Ada Lovelace',
  line1: '1 Main Street',
  city: 'Town',
  postal_code: '12345',
  country,
})

/**
 * A shop: Germany and Austria at home (Standard 4.90, free from 50.00;
 * Express by weight), the US abroad; 20% standard and 7% reduced tax in
 * Germany; prices entered without tax.
 */
async function shop() {
  const home = await ShippingZone.create({ name: 'Home', countries: ['DE', 'AT'] })
  const abroad = await ShippingZone.create({ name: 'Abroad', countries: ['US'] })
  const standard = await ShippingMethod.create({
    zoneId: home.id,
    name: 'Standard',
    deliveryEstimate: '2-3 days',
    rateType: 'free_over',
    price: 490,
    freeOver: 5000,
    weightBands: [],
    isActive: true,
    position: 0,
  })
  const express = await ShippingMethod.create({
    zoneId: home.id,
    name: 'Express',
    deliveryEstimate: 'next day',
    rateType: 'weight',
    price: 0,
    freeOver: null,
    weightBands: [
      { maxGrams: 1000, price: 990 },
      { maxGrams: 5000, price: 1490 },
    ],
    isActive: true,
    position: 1,
  })
  const international = await ShippingMethod.create({
    zoneId: abroad.id,
    name: 'International',
    deliveryEstimate: '5-10 days',
    rateType: 'flat',
    price: 1990,
    freeOver: null,
    weightBands: [],
    isActive: true,
    position: 0,
  })
  const vat = await TaxRate.create({
    country: 'DE',
    taxClass: 'standard',
    name: 'VAT',
    rateBp: 2000,
  })
  const reduced = await TaxRate.create({
    country: 'DE',
    taxClass: 'reduced',
    name: 'VAT reduced',
    rateBp: 700,
  })
  return { home, abroad, standard, express, international, vat, reduced }
}

async function product(values: Partial<Product> & { weight?: number }) {
  const { weight, ...rest } = values
  const created = await ProductFactory.merge({ stock: 100, ...rest }).create()
  if (weight !== undefined) {
    await db
      .from('product_variants')
      .where('product_id', created.id)
      .update({ weight_grams: weight })
  }
  return created
}

async function orderCount() {
  const [row] = await db.from('orders').count('* as total')
  return Number(row.total)
}

test.group('Pricing: the quote and checkout', (group) => {
  group.each.setup(() => truncateAll())

  test('the quote prices the cart for an address: methods with prices, tax per rate, a code', async ({
    client,
    assert,
  }) => {
    const rules = await shop()
    const books = await CategoryFactory.merge({ name: 'Books' }).create()
    const book = await product({
      name: 'Book',
      price: 1999,
      categoryId: books.id,
      taxClass: 'reduced',
      weight: 400,
    })
    const lamp = await product({ name: 'Lamp', price: 2500, weight: 800 })
    await Promotion.create({
      name: 'Books 10%',
      code: 'BOOKS10',
      isActive: true,
      effect: 'percentage',
      value: 1000,
      target: 'lines',
      productIds: [],
      categoryIds: [books.id],
      variantIds: [],
      firstOrderOnly: false,
    })
    const user = await UserFactory.create()
    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: book.id, quantity: 2 })
    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: lamp.id, quantity: 1 })

    const response = await client
      .post('/api/v1/cart/quote')
      .loginAs(user)
      .json({
        shipping_address: address('de'),
        shipping_method_id: rules.express.id,
        coupon_code: ' books10 ',
      })
    response.assertStatus(200)
    const quote = response.body().data
    // Books: 39.98 - 10% (4.00) = 35.98, 7% -> 2.5186 -> 2.52.
    // Lamp: 25.00, 20% -> 5.00. Express for 1.6 kg: 14.90, 20% -> 2.98.
    assert.deepEqual(
      quote.shipping_methods.map((method: { name: string; price: string }) => [
        method.name,
        method.price,
      ]),
      [
        ['Standard', '0.00'],
        ['Express', '14.90'],
      ]
    )
    assert.equal(quote.shipping_method.name, 'Express')
    assert.deepEqual(quote.coupon, { code: 'BOOKS10', applied: true, reason: null, message: null })
    assert.deepEqual(
      quote.discounts.map((d: { name: string; level: string; amount: string }) => [
        d.name,
        d.level,
        d.amount,
      ]),
      [['Books 10%', 'lines', '4.00']]
    )
    assert.deepEqual(
      quote.taxes.map((t: { name: string; rate: string; base: string; amount: string }) => [
        t.name,
        t.rate,
        t.base,
        t.amount,
      ]),
      [
        ['VAT', '20.00', '39.90', '7.98'],
        ['VAT reduced', '7.00', '35.98', '2.52'],
      ]
    )
    assert.include(quote, {
      subtotal: '64.98',
      discount_total: '4.00',
      shipping_total: '14.90',
      tax_total: '10.50',
      total: '86.38',
      weight_grams: 1600,
      shipping_problem: null,
    })
    const bookLine = quote.lines.find((line: { product_id: number }) => line.product_id === book.id)
    assert.include(bookLine, { discount: '4.00', tax_rate: '7.00', tax: '2.52', total: '38.50' })

    // Checkout with the same inputs charges the same, to the cent, and
    // keeps the snapshot.
    const placed = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        shipping_address: address('de'),
        shipping_method_id: rules.express.id,
        coupon_code: 'BOOKS10',
        expected_total: quote.total,
      })
    placed.assertStatus(201)
    const order = placed.body().data
    assert.include(order, {
      subtotal: '64.98',
      discount_total: '4.00',
      shipping_total: '14.90',
      tax_total: '10.50',
      total: '86.38',
      coupon_code: 'BOOKS10',
    })
    assert.equal(order.shipping_method.name, 'Express')
    assert.deepEqual(order.taxes, quote.taxes)
    assert.deepEqual(order.discounts, quote.discounts)
    const row = await Order.findByOrFail('number', order.number)
    assert.equal(row.total, 8638)
    assert.equal(row.pricing?.shipping?.price, 1490)
    const items = await OrderItem.query().where('order_id', row.id).orderBy('product_id')
    const bookItem = items.find((item) => item.productId === book.id)!
    assert.equal(bookItem.discountTotal, 400)
    assert.equal(bookItem.taxTotal, 252)
    assert.equal(bookItem.taxRateBp, 700)
    const redemptions = await db.from('promotion_redemptions').where('order_id', row.id)
    assert.lengthOf(redemptions, 1)
    assert.equal(Number(redemptions[0].amount), 400)
  })

  test('a refused code is told by the quote and refuses the checkout, naming why', async ({
    client,
    assert,
  }) => {
    const rules = await shop()
    const lamp = await product({ name: 'Lamp', price: 2500 })
    await Promotion.create({
      name: 'Old',
      code: 'OLD',
      isActive: true,
      effect: 'fixed',
      value: 500,
      target: 'order',
      firstOrderOnly: false,
      endsAt: DateTime.now().minus({ days: 1 }),
    })
    await Promotion.create({
      name: 'Big spenders',
      code: 'BIG',
      isActive: true,
      effect: 'fixed',
      value: 500,
      target: 'order',
      firstOrderOnly: false,
      minSubtotal: 10000,
    })
    const user = await UserFactory.create()
    const items = [{ product_id: lamp.id, quantity: 1 }]
    const cases = [
      ['NOPE', 'unknown'],
      ['old', 'expired'],
      ['BIG', 'minimum_not_met'],
    ] as const
    for (const [code, reason] of cases) {
      const quote = await client.post('/api/v1/cart/quote').loginAs(user).json({
        items,
        country: 'DE',
        shipping_method_id: rules.standard.id,
        coupon_code: code,
      })
      quote.assertStatus(200)
      assert.equal(quote.body().data.coupon.applied, false)
      assert.equal(quote.body().data.coupon.reason, reason)
      assert.equal(quote.body().data.discount_total, '0.00')

      const checkout = await client
        .post('/api/v1/orders')
        .loginAs(user)
        .json({
          items,
          shipping_address: address('DE'),
          shipping_method_id: rules.standard.id,
          coupon_code: code,
        })
      checkout.assertStatus(422)
      const [error] = checkout.body().errors
      assert.equal(error.code, 'E_COUPON_REFUSED')
      assert.equal(error.field, 'coupon_code')
      assert.equal(error.reason, reason)
      assert.equal(error.message, quote.body().data.coupon.message)
    }
    assert.equal(await orderCount(), 0)
    assert.equal((await defaultVariant(lamp)).stock, 100)
  })

  test('shipping: an address no zone holds, a missing method, a method of another zone are 422s', async ({
    client,
    assert,
  }) => {
    const rules = await shop()
    const lamp = await product({ name: 'Lamp', price: 2500 })
    const user = await UserFactory.create()
    const items = [{ product_id: lamp.id, quantity: 1 }]

    const nowhere = await client
      .post('/api/v1/cart/quote')
      .loginAs(user)
      .json({ items, country: 'JP' })
    nowhere.assertStatus(200)
    assert.deepEqual(nowhere.body().data.shipping_methods, [])
    assert.equal(nowhere.body().data.shipping_problem.reason, 'no_zone')
    assert.include(nowhere.body().data.shipping_problem.message, 'JP')

    const attempts = [
      [{ shipping_address: address('JP') }, 'no_zone', 'shipping_address'],
      [{ shipping_address: address('DE') }, 'method_required', 'shipping_method_id'],
      [
        { shipping_address: address('DE'), shipping_method_id: rules.international.id },
        'method_not_available',
        'shipping_method_id',
      ],
    ] as const
    for (const [body, reason, field] of attempts) {
      const response = await client
        .post('/api/v1/orders')
        .loginAs(user)
        .json({ items, ...body })
      response.assertStatus(422)
      const [error] = response.body().errors
      assert.equal(error.code, 'E_SHIPPING_UNAVAILABLE')
      assert.equal(error.reason, reason)
      assert.equal(error.field, field)
    }
    assert.equal((await defaultVariant(lamp)).stock, 100)

    // Abroad: International, flat, no tax (no rate for the US).
    const us = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items,
        shipping_address: address('US'),
        shipping_method_id: rules.international.id,
      })
    us.assertStatus(201)
    assert.include(us.body().data, {
      subtotal: '25.00',
      shipping_total: '19.90',
      tax_total: '0.00',
      total: '44.90',
    })
  })

  test('a price that changed after the quote: 409 with the new quote, nothing written; the new total is accepted', async ({
    client,
    assert,
  }) => {
    const rules = await shop()
    const lamp = await product({ name: 'Lamp', price: 2500 })
    const user = await UserFactory.create()
    const body = {
      items: [{ product_id: lamp.id, quantity: 2 }],
      shipping_address: address('DE'),
      shipping_method_id: rules.standard.id,
    }
    const quote = await client.post('/api/v1/cart/quote').loginAs(user).json(body)
    quote.assertStatus(200)
    // 50.00 is free shipping; tax 10.00.
    assert.equal(quote.body().data.total, '60.00')

    await db.from('product_variants').where('product_id', lamp.id).update({ price: 2400 })
    const stale = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ ...body, expected_total: quote.body().data.total })
    stale.assertStatus(409)
    const [error] = stale.body().errors
    assert.equal(error.code, 'E_QUOTE_CHANGED')
    assert.equal(error.field, 'expected_total')
    // 48.00 is below 50.00: shipping 4.90 again; tax 20% of 48.00 + 4.90.
    assert.include(error.quote, { subtotal: '48.00', shipping_total: '4.90', tax_total: '10.58' })
    assert.equal(error.quote.total, '63.48')
    assert.include(error.message, '63.48')
    assert.equal(await orderCount(), 0)
    assert.equal((await defaultVariant(lamp)).stock, 100)

    const fresh = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ ...body, expected_total: error.quote.total })
    fresh.assertStatus(201)
    assert.equal(fresh.body().data.total, '63.48')
  })

  test('prices with tax included: the tax is the part of the price, the total what the prices say', async ({
    client,
    assert,
    cleanup,
  }) => {
    const rules = await shop()
    const settings = await app.container.make(ShopSettingsService)
    await settings.update({ pricesIncludeTax: true }, null)
    // The cached settings outlive the tables' truncation: put them back.
    cleanup(() => settings.update({ pricesIncludeTax: false }, null).then(() => undefined))
    const pen = await product({ name: 'Pen', price: 33 })
    const user = await UserFactory.create()
    const response = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [{ product_id: pen.id, quantity: 3 }],
        shipping_address: address('DE'),
        shipping_method_id: rules.standard.id,
      })
    response.assertStatus(201)
    // 0.99 incl. 20%: 16.5 cents -> 17; shipping 4.90 incl. 20%: 81.67 -> 82.
    assert.include(response.body().data, {
      subtotal: '0.99',
      shipping_total: '4.90',
      tax_total: '0.99',
      total: '5.89',
      prices_include_tax: true,
    })
  })

  test('a first-order promotion: the first order gets it, the second does not (an automatic one proceeds without it)', async ({
    client,
    assert,
  }) => {
    const rules = await shop()
    const lamp = await product({ name: 'Lamp', price: 2500 })
    await Promotion.create({
      name: 'Welcome',
      code: null,
      isActive: true,
      effect: 'percentage',
      value: 1000,
      target: 'order',
      firstOrderOnly: true,
    })
    const user = await UserFactory.create()
    const body = {
      items: [{ product_id: lamp.id, quantity: 1 }],
      shipping_address: address('US'),
      shipping_method_id: rules.international.id,
    }
    const first = await client.post('/api/v1/orders').loginAs(user).json(body)
    first.assertStatus(201)
    assert.equal(first.body().data.discount_total, '2.50')
    assert.equal(first.body().data.discounts[0].name, 'Welcome')
    const second = await client.post('/api/v1/orders').loginAs(user).json(body)
    second.assertStatus(201)
    assert.equal(second.body().data.discount_total, '0.00')
    assert.equal(second.body().data.total, '44.90')
  })

  test('a staff change to a rate is priced on the next quote (the cached rules are cleared)', async ({
    client,
    assert,
  }) => {
    const rules = await shop()
    const lamp = await product({ name: 'Lamp', price: 1000 })
    const user = await UserFactory.create()
    const body = { items: [{ product_id: lamp.id, quantity: 1 }], country: 'DE' }
    const before = await client.post('/api/v1/cart/quote').loginAs(user).json(body)
    assert.equal(before.body().data.tax_total, '2.00')

    const staff = await UserFactory.merge({ role: 'staff' }).create()
    const change = await client
      .patch(`/api/v1/admin/tax-rates/${rules.vat.id}`)
      .loginAs(staff)
      .json({ rate: '19' })
    change.assertStatus(200)
    const after = await client.post('/api/v1/cart/quote').loginAs(user).json(body)
    assert.equal(after.body().data.tax_total, '1.90')
    assert.equal(after.body().data.taxes[0].rate, '19.00')
  })

  test('bad input is a 422 naming the field; no token is a 401; an empty cart says so', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const anonymous = await client.post('/api/v1/cart/quote').json({})
    anonymous.assertStatus(401)

    const empty = await client.post('/api/v1/cart/quote').loginAs(user).json({})
    empty.assertStatus(422)
    assert.equal(empty.body().errors[0].code, 'E_CART_EMPTY')

    for (const [body, field] of [
      [{ country: 'Germany' }, 'country'],
      [{ shipping_method_id: 'fast' }, 'shipping_method_id'],
      [{ coupon_code: 'x'.repeat(41) }, 'coupon_code'],
      [{ items: [{ product_id: 1, quantity: 0 }] }, 'items.0.quantity'],
      [{ discount: '5' }, 'discount'],
    ] as const) {
      const response = await client.post('/api/v1/cart/quote').loginAs(user).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field)
    }
    const badTotal = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ expected_total: '-1' })
    badTotal.assertStatus(422)
    assert.equal(badTotal.body().errors[0].field, 'expected_total')
  })
})
