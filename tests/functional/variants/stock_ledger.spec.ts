import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { truncateAll } from '#tests/support/database'
import { UserFactory } from '#database/factories/user_factory'
import Product from '#models/product'
import ProductVariant from '#models/product_variant'
import { ledgerMismatches, shirt, variantBySku } from './helpers.js'

test.group('Variants: staff stock adjustments and the ledger', (group) => {
  group.each.setup(() => truncateAll())

  test('an adjustment of one variant writes a ledger row with the reason and the staff member; the ledger adds up to the stock', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    await shirt([
      { sku: 'TEE-S-RED', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 4 },
      { sku: 'TEE-M-RED', options: { Size: 'M', Colour: 'red' }, price: '19.00', stock: 2 },
    ])
    const variant = await variantBySku('TEE-S-RED')
    const url = `/api/v1/variants/${variant.id}/stock-adjustments`

    const removed = await client
      .post(url)
      .loginAs(staff)
      .json({ delta: -3, reason: 'damaged in the stockroom' })
    removed.assertStatus(200)
    removed.assertBodyContains({ data: { sku: 'TEE-S-RED', stock: 1, in_stock: true } })

    const returned = await client
      .post(url)
      .loginAs(staff)
      .json({ delta: 2, reason: 'parcel came back', kind: 'return' })
    returned.assertStatus(200)

    const counted = await client
      .post(url)
      .loginAs(staff)
      .json({ set: 10, expected: 3, reason: 'count' })
    counted.assertStatus(200)
    counted.assertBodyContains({ data: { stock: 10 } })

    const stale = await client
      .post(url)
      .loginAs(staff)
      .json({ set: 5, expected: 3, reason: 'count' })
    stale.assertStatus(409)
    stale.assertBodyContains({ errors: [{ code: 'E_STOCK_CHANGED', current: 10 }] })

    const belowZero = await client.post(url).loginAs(staff).json({ delta: -11, reason: 'x' })
    belowZero.assertStatus(422)

    const badKind = await client
      .post(url)
      .loginAs(staff)
      .json({ delta: 1, reason: 'x', kind: 'sale' })
    badKind.assertStatus(422)

    const rows = await db
      .from('stock_movements')
      .where('variant_id', variant.id)
      .orderBy('id')
      .select('quantity', 'reason', 'user_id', 'note', 'stock_after')
    assert.deepEqual(
      rows.map((row) => [Number(row.quantity), row.reason, row.note, Number(row.stock_after)]),
      [
        [4, 'initial', null, 4],
        [-3, 'adjustment', 'damaged in the stockroom', 1],
        [2, 'return', 'parcel came back', 3],
        [7, 'adjustment', 'count', 10],
      ]
    )
    assert.deepEqual(
      rows.slice(1).map((row) => Number(row.user_id)),
      [staff.id, staff.id, staff.id]
    )
    assert.deepEqual(await ledgerMismatches(), [])
    assert.equal((await Product.findOrFail(variant.productId)).stock, 12)
    const audit = await db
      .from('admin_actions')
      .where('resource', 'product_variants')
      .where('action', 'stock_adjustment')
    assert.lengthOf(audit, 3)
  })

  test('the movements list is paginated, newest first', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    await shirt([{ sku: 'TEE-S', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 1 }])
    const variant = await variantBySku('TEE-S')
    for (let index = 1; index <= 3; index++) {
      await client
        .post(`/api/v1/variants/${variant.id}/stock-adjustments`)
        .loginAs(staff)
        .json({ delta: index, reason: `delivery ${index}` })
        .then((response) => response.assertStatus(200))
    }
    const first = await client
      .get(`/api/v1/variants/${variant.id}/stock-movements?per_page=2`)
      .loginAs(staff)
    first.assertStatus(200)
    assert.deepEqual(
      first.body().data.map((row: any) => row.note),
      ['delivery 3', 'delivery 2']
    )
    assert.deepInclude(first.body().meta, {
      total: 4,
      per_page: 2,
      current_page: 1,
      last_page: 2,
      prev_cursor: null,
    })
    // Page 2 by cursor: the same rows (issue 21, item 1).
    const byCursor = await client
      .get(
        `/api/v1/variants/${variant.id}/stock-movements?per_page=2&cursor=${encodeURIComponent(first.body().meta.next_cursor)}`
      )
      .loginAs(staff)
    byCursor.assertStatus(200)
    assert.deepEqual(
      byCursor.body().data.map((row: any) => [row.reason, row.quantity, row.stock_after]),
      [
        ['adjustment', 1, 2],
        ['initial', 1, 1],
      ]
    )
    assert.deepInclude(byCursor.body().meta, { total: null, next_cursor: null })
    const second = await client
      .get(`/api/v1/variants/${variant.id}/stock-movements?per_page=2&page=2`)
      .loginAs(staff)
    assert.deepEqual(
      second.body().data.map((row: any) => [row.reason, row.quantity, row.stock_after]),
      [
        ['adjustment', 1, 2],
        ['initial', 1, 1],
      ]
    )
    const unknown = await client.get('/api/v1/variants/999999/stock-movements').loginAs(staff)
    unknown.assertStatus(404)
    const badPage = await client
      .get(`/api/v1/variants/${variant.id}/stock-movements?per_page=1000`)
      .loginAs(staff)
    badPage.assertStatus(422)
  })

  test('the product-level adjustment of a one-variant product moves its variant, with a ledger row', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const created = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: 3 })
    const id = created.body().data.id
    const response = await client
      .post(`/api/v1/products/${id}/stock-adjustments`)
      .loginAs(staff)
      .json({ delta: 4, reason: 'delivery' })
    response.assertStatus(200)
    response.assertBodyContains({ data: { stock: 7, variants: [{ stock: 7 }] } })
    const variant = await ProductVariant.findByOrFail('product_id', id)
    assert.equal(variant.stock, 7)
    const last = await db
      .from('stock_movements')
      .where('variant_id', variant.id)
      .orderBy('id', 'desc')
      .first()
    assert.equal(last.note, 'delivery')
    assert.equal(Number(last.user_id), staff.id)
    assert.deepEqual(await ledgerMismatches(), [])
  })
})
