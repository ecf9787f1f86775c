import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import ProductVariant from '#models/product_variant'
import Promotion from '#models/promotion'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { ledgerMismatches } from '#tests/support/variants'
import {
  createMethod,
  createPromotion,
  createSellable,
  createTaxRate,
  createZone,
  customersIn,
} from '#tests/support/pricing'

interface ErrorItem {
  code: string
  reason?: string
  quote?: { total: string; discount_total: string; discounts: unknown[] }
}

interface Answer {
  status: number
  body: {
    data?: { number: string; total: string; discount_total: string; coupon_code: string | null }
    errors?: ErrorItem[]
  }
}

async function post(path: string, token: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${serverUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Answer['body'] }
}

const checkout = (token: string, body: unknown) => post('/api/v1/orders', token, body)

const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await db.from(table).where(where).count('* as total'))[0].total)

/**
 * A shop shipping to Germany (Standard, flat 4.90), 20% VAT there, one
 * product at 20.00 with plenty of stock: an order of one is 20.00 + 4.90
 * + 20% of both = 29.88, or with 10% off the order 18.00 + 4.90 + 3.60 +
 * 0.98 = 27.48.
 */
async function shop() {
  const zone = await createZone('Domestic', ['DE'])
  const method = await createMethod(zone, { name: 'Standard', rateType: 'flat', price: 490 })
  await createTaxRate('DE', 2000)
  const { product, variant } = await createSellable({ price: 2000, stock: 1000 })
  return { method, product, variant }
}

const FULL = '29.88'
const DISCOUNTED = '27.48'

test.group('Pricing: limited promotions under concurrent checkouts (issue 19)', (group) => {
  group.each.setup(() => truncateAll())

  test('100 customers at once with a code limited to 10 uses (1 per customer): exactly 10 discounted orders, 90 refused with limit_reached and nothing written for them', async ({
    assert,
  }) => {
    const { method, variant } = await shop()
    const promotion = await createPromotion({
      code: 'RACE10',
      effect: 'percentage',
      value: 1000,
      usageLimit: 10,
      perCustomerLimit: 1,
    })
    const customers = await customersIn('DE', 100)

    const answers = await Promise.all(
      customers.map(({ token }) =>
        checkout(token, {
          items: [{ variant_id: variant.id, quantity: 1 }],
          shipping_method_id: method.id,
          // As typed by a customer: the code is compared upper case.
          coupon_code: 'race10',
        })
      )
    )

    assert.deepEqual(
      answers.filter((answer) => answer.status >= 500),
      []
    )
    const placed = answers.filter((answer) => answer.status === 201)
    const refused = answers.filter((answer) => answer.status === 422)
    assert.lengthOf(placed, 10)
    assert.lengthOf(refused, 90)
    for (const answer of placed) {
      assert.equal(answer.body.data!.coupon_code, 'RACE10')
      assert.equal(answer.body.data!.discount_total, '2.00')
      assert.equal(answer.body.data!.total, DISCOUNTED)
    }
    for (const answer of refused) {
      assert.equal(answer.body.errors?.[0].code, 'E_COUPON_REFUSED')
      assert.equal(answer.body.errors?.[0].reason, 'limit_reached')
    }

    // The database: 10 orders, each discounted once, for 10 customers.
    const orders = await db.from('orders').select('id', 'user_id', 'coupon_code', 'discount_total')
    assert.lengthOf(orders, 10)
    assert.isTrue(
      orders.every(
        (order) => order.coupon_code === 'RACE10' && Number(order.discount_total) === 200
      )
    )
    assert.lengthOf(new Set(orders.map((order) => order.user_id)), 10)
    const redemptions = await db.from('promotion_redemptions').where('promotion_id', promotion.id)
    assert.lengthOf(redemptions, 10)
    assert.sameMembers(
      redemptions.map((row) => Number(row.order_id)),
      orders.map((order) => Number(order.id))
    )
    assert.lengthOf(new Set(redemptions.map((row) => row.user_id)), 10)
    assert.isTrue(redemptions.every((row) => Number(row.amount) === 200))
    assert.equal((await Promotion.findOrFail(promotion.id)).timesUsed, 10)

    // The refused checkouts took nothing: 10 units sold, the ledger adds up.
    assert.equal((await ProductVariant.findOrFail(variant.id)).stock, 990)
    assert.equal(await count('stock_movements', { reason: 'sale' }), 10)
    assert.equal(await count('order_items'), 10)
    assert.deepEqual(await ledgerMismatches(), [])
  }).timeout(120_000)

  test('one customer fires 5 checkouts at once with a 1-per-customer code: one discounted order, 4 refused with customer_limit_reached', async ({
    assert,
  }) => {
    const { method, variant } = await shop()
    const promotion = await createPromotion({
      code: 'ONCE',
      effect: 'percentage',
      value: 1000,
      perCustomerLimit: 1,
    })
    const [customer] = await customersIn('DE', 1)

    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        checkout(customer.token, {
          items: [{ variant_id: variant.id, quantity: 1 }],
          shipping_method_id: method.id,
          coupon_code: 'ONCE',
        })
      )
    )

    assert.sameMembers(
      answers.map((answer) => answer.status),
      [201, 422, 422, 422, 422]
    )
    const placed = answers.find((answer) => answer.status === 201)!
    assert.equal(placed.body.data!.coupon_code, 'ONCE')
    assert.equal(placed.body.data!.total, DISCOUNTED)
    for (const answer of answers.filter((one) => one.status === 422)) {
      assert.equal(answer.body.errors?.[0].code, 'E_COUPON_REFUSED')
      assert.equal(answer.body.errors?.[0].reason, 'customer_limit_reached')
    }
    assert.equal(await count('orders'), 1)
    assert.equal(await count('promotion_redemptions', { user_id: customer.user.id }), 1)
    // Without a total limit the counter is not what guards it; it stays 0.
    assert.equal((await Promotion.findOrFail(promotion.id)).timesUsed, 0)
    assert.equal((await ProductVariant.findOrFail(variant.id)).stock, 999)
    assert.deepEqual(await ledgerMismatches(), [])
  }).timeout(60_000)

  test('one customer fires 5 checkouts at once: a first-order-only code discounts one order (4 refused with first_order_only); an automatic promotion once per customer discounts one of 5 orders, the others at the full price', async ({
    assert,
  }) => {
    const { method, variant } = await shop()
    const first = await createPromotion({ code: 'HELLO', value: 1000, firstOrderOnly: true })
    const [newcomer, regular] = await customersIn('DE', 2)
    const body = { items: [{ variant_id: variant.id, quantity: 1 }], shipping_method_id: method.id }

    const coded = await Promise.all(
      Array.from({ length: 5 }, () => checkout(newcomer.token, { ...body, coupon_code: 'HELLO' }))
    )
    assert.sameMembers(
      coded.map((answer) => answer.status),
      [201, 422, 422, 422, 422]
    )
    assert.equal(coded.find((answer) => answer.status === 201)!.body.data!.total, DISCOUNTED)
    for (const answer of coded.filter((one) => one.status === 422)) {
      assert.equal(answer.body.errors?.[0].code, 'E_COUPON_REFUSED')
      assert.equal(answer.body.errors?.[0].reason, 'first_order_only')
    }
    assert.equal(await count('promotion_redemptions', { promotion_id: first.id }), 1)

    const automatic = await createPromotion({ name: 'Loyalty', value: 1000, perCustomerLimit: 1 })
    const placed = await Promise.all(Array.from({ length: 5 }, () => checkout(regular.token, body)))
    assert.deepEqual(
      placed.map((answer) => answer.status),
      [201, 201, 201, 201, 201]
    )
    assert.sameMembers(
      placed.map((answer) => answer.body.data!.total),
      [DISCOUNTED, FULL, FULL, FULL, FULL]
    )
    assert.equal(
      await count('promotion_redemptions', {
        promotion_id: automatic.id,
        user_id: regular.user.id,
      }),
      1
    )
    assert.equal(await count('orders'), 6)
    assert.equal((await ProductVariant.findOrFail(variant.id)).stock, 994)
    assert.deepEqual(await ledgerMismatches(), [])
  }).timeout(60_000)

  test('an automatic promotion limited to 5 uses under 30 checkouts: 5 discounted orders, the rest placed at the full price, or 409 E_QUOTE_CHANGED when they expected the discount', async ({
    assert,
  }) => {
    const { method, variant } = await shop()
    const promotion = await createPromotion({
      name: 'Launch week',
      effect: 'percentage',
      value: 1000,
      usageLimit: 5,
    })
    const customers = await customersIn('DE', 30)
    const body = {
      items: [{ variant_id: variant.id, quantity: 1 }],
      shipping_method_id: method.id,
    }

    // Before the rush, the quote shows the promotion.
    const quote = await post('/api/v1/cart/quote', customers[0].token, body)
    assert.equal(quote.status, 200)
    const quoted = quote.body.data as unknown as { total: string; discount_total: string }
    assert.equal(quoted.total, DISCOUNTED)
    assert.equal(quoted.discount_total, '2.00')

    // Even customers send the total they were quoted, odd ones do not.
    const answers = await Promise.all(
      customers.map(({ token }, index) =>
        checkout(token, index % 2 === 0 ? { ...body, expected_total: quoted.total } : body)
      )
    )
    assert.deepEqual(
      answers.filter((answer) => answer.status !== 201 && answer.status !== 409),
      []
    )

    const expecting = answers.filter((_answer, index) => index % 2 === 0)
    const notExpecting = answers.filter((_answer, index) => index % 2 === 1)
    // Without expected_total an order always goes through, with or without the discount.
    assert.isTrue(notExpecting.every((answer) => answer.status === 201))
    for (const answer of notExpecting) {
      const discounted = answer.body.data!.discount_total !== '0.00'
      assert.equal(answer.body.data!.total, discounted ? DISCOUNTED : FULL)
    }
    // With it: placed at the quoted total, or told the new total.
    for (const answer of expecting) {
      if (answer.status === 201) {
        assert.equal(answer.body.data!.total, DISCOUNTED)
        continue
      }
      const error = answer.body.errors![0]
      assert.equal(error.code, 'E_QUOTE_CHANGED')
      assert.equal(error.quote!.total, FULL)
      assert.equal(error.quote!.discount_total, '0.00')
      assert.deepEqual(error.quote!.discounts, [])
    }
    const placed = answers.filter((answer) => answer.status === 201)
    const discounted = placed.filter((answer) => answer.body.data!.discount_total === '2.00')
    assert.lengthOf(discounted, 5)
    assert.isTrue(
      placed.every((answer) => answer.body.data!.coupon_code === null),
      'an automatic promotion sets no coupon code'
    )
    const changed = expecting.filter((answer) => answer.status === 409)
    const expectingPlaced = expecting.filter((answer) => answer.status === 201)
    assert.equal(changed.length + expectingPlaced.length, 15)
    assert.lengthOf(placed, 30 - changed.length)

    const orders = await db.from('orders').select('id', 'discount_total', 'total')
    assert.lengthOf(orders, placed.length)
    assert.lengthOf(
      orders.filter(
        (order) => Number(order.discount_total) === 200 && Number(order.total) === 2748
      ),
      5
    )
    assert.isTrue(
      orders
        .filter((order) => Number(order.discount_total) === 0)
        .every((order) => Number(order.total) === 2988)
    )
    assert.equal(await count('promotion_redemptions', { promotion_id: promotion.id }), 5)
    assert.equal((await Promotion.findOrFail(promotion.id)).timesUsed, 5)
    assert.equal((await ProductVariant.findOrFail(variant.id)).stock, 1000 - placed.length)
    assert.equal(await count('stock_movements', { reason: 'sale' }), placed.length)
    assert.deepEqual(await ledgerMismatches(), [])

    // Once used up, the quote no longer shows it.
    const after = await post('/api/v1/cart/quote', customers[1].token, body)
    assert.equal((after.body.data as unknown as { total: string }).total, FULL)
  }).timeout(60_000)
})
