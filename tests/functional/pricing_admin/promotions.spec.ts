import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { truncateAll } from '#tests/support/database'
import type User from '#models/user'

const PROMOTIONS = '/api/v1/admin/promotions'

/**
 * An order of `user` that used `promotionId` (written directly: the
 * checkout's redemption is the lead's to test).
 */
async function redeem(user: User, promotionId: number, amount: number, number: string) {
  const stamp = '2026-11-20 10:00:00'
  await db.table('orders').insert({
    number,
    user_id: user.id,
    status: 'pending',
    currency: 'EUR',
    subtotal: 5000,
    total: 5000 - amount,
    item_count: 1,
    ship_full_name: 'A Customer',
    ship_line1: '1 Street',
    ship_city: 'Town',
    ship_postal_code: '12345',
    ship_country: 'DE',
    discount_total: amount,
    created_at: stamp,
    updated_at: stamp,
  })
  const order = await db.from('orders').where('number', number).firstOrFail()
  await db.table('promotion_redemptions').insert({
    promotion_id: promotionId,
    user_id: user.id,
    order_id: order.id,
    amount,
    created_at: stamp,
  })
  await db.from('promotions').where('id', promotionId).increment('times_used', 1)
}

test.group('Pricing admin: promotions', (group) => {
  group.each.setup(() => truncateAll())

  test('staff create, read, change and delete promotions; codes are stored in capitals', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const created = await client.post(PROMOTIONS).loginAs(staff).json({
      name: 'Welcome',
      code: 'welcome10',
      effect: 'percentage',
      percent_off: '10',
      first_order_only: true,
      per_customer_limit: 1,
    })
    created.assertStatus(201)
    const welcome = created.body().data
    assert.deepInclude(welcome, {
      name: 'Welcome',
      code: 'WELCOME10',
      is_active: true,
      effect: 'percentage',
      percent_off: '10.00',
      amount_off: null,
      target: 'order',
      product_ids: [],
      min_subtotal: null,
      first_order_only: true,
      starts_at: null,
      ends_at: null,
      usage_limit: null,
      per_customer_limit: 1,
      times_used: 0,
      redemptions: 0,
      discount_given: '0.00',
    })
    const row = await db.from('promotions').where('id', welcome.id).first()
    assert.equal(Number(row.value), 1000)

    const category = await CategoryFactory.create()
    const product = await ProductFactory.create()
    const variant = await db.from('product_variants').where('product_id', product.id).first()
    const lines = await client
      .post(PROMOTIONS)
      .loginAs(staff)
      .json({
        name: 'Lamps 5 off',
        effect: 'fixed',
        amount_off: '5',
        target: 'lines',
        product_ids: [product.id, product.id],
        category_ids: [category.id],
        variant_ids: [variant.id],
        min_subtotal: '20',
        starts_at: '2026-12-01T00:00:00Z',
        ends_at: '2026-12-24',
        usage_limit: 100,
      })
    lines.assertStatus(201)
    assert.deepInclude(lines.body().data, {
      code: null,
      effect: 'fixed',
      percent_off: null,
      amount_off: '5.00',
      target: 'lines',
      product_ids: [product.id],
      category_ids: [category.id],
      variant_ids: [variant.id],
      min_subtotal: '20.00',
      starts_at: '2026-12-01T00:00:00Z',
      ends_at: '2026-12-24T00:00:00Z',
      usage_limit: 100,
    })

    const free = await client
      .post(PROMOTIONS)
      .loginAs(staff)
      .json({ name: 'Free shipping', code: 'SHIPFREE', effect: 'free_shipping' })
    free.assertStatus(201)
    assert.deepInclude(free.body().data, { percent_off: null, amount_off: null })

    const changed = await client
      .patch(`${PROMOTIONS}/${welcome.id}`)
      .loginAs(staff)
      .json({ effect: 'fixed', amount_off: '7.50', code: null, is_active: false })
    changed.assertStatus(200)
    assert.deepInclude(changed.body().data, {
      effect: 'fixed',
      percent_off: null,
      amount_off: '7.50',
      code: null,
      is_active: false,
      name: 'Welcome',
    })

    const toOrder = await client
      .patch(`${PROMOTIONS}/${lines.body().data.id}`)
      .loginAs(staff)
      .json({ target: 'order', ends_at: null })
    toOrder.assertStatus(200)
    assert.deepInclude(toOrder.body().data, {
      target: 'order',
      product_ids: [],
      category_ids: [],
      variant_ids: [],
      ends_at: null,
    })

    const listed = await client.get(PROMOTIONS).loginAs(staff)
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((p: any) => p.name),
      ['Welcome', 'Lamps 5 off', 'Free shipping']
    )
    ;(await client.get(`${PROMOTIONS}/${free.body().data.id}`).loginAs(staff)).assertStatus(200)
    ;(await client.delete(`${PROMOTIONS}/${free.body().data.id}`).loginAs(staff)).assertStatus(204)
    ;(await client.get(`${PROMOTIONS}/${free.body().data.id}`).loginAs(staff)).assertStatus(404)

    const audit = await db.from('admin_actions').where('resource', 'promotions').orderBy('id')
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['create', 'create', 'create', 'update', 'update', 'delete']
    )
    assert.deepInclude(JSON.parse(audit[3].changes), {
      effect: { from: 'percentage', to: 'fixed' },
      code: { from: 'WELCOME10', to: null },
    })
  })

  test('a used promotion cannot be deleted (409: deactivate it); its use is shown', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const customer = await UserFactory.create()
    const created = await client
      .post(PROMOTIONS)
      .loginAs(admin)
      .json({ name: 'Ten', code: 'TEN', effect: 'percentage', percent_off: '10' })
    const id = created.body().data.id
    await redeem(customer, id, 500, 'SO-261120-AAAAAAAA')
    await redeem(customer, id, 250, 'SO-261120-BBBBBBBB')

    const shown = await client.get(`${PROMOTIONS}/${id}`).loginAs(admin)
    assert.deepInclude(shown.body().data, {
      times_used: 2,
      redemptions: 2,
      discount_given: '7.50',
    })
    const listed = await client.get(PROMOTIONS).loginAs(admin)
    assert.deepInclude(listed.body().data[0], { redemptions: 2, discount_given: '7.50' })

    const refused = await client.delete(`${PROMOTIONS}/${id}`).loginAs(admin)
    refused.assertStatus(409)
    assert.equal(refused.body().errors[0].code, 'E_CONFLICT')
    assert.include(refused.body().errors[0].message, 'deactivate')
    assert.isNotNull(await db.from('promotions').where('id', id).first())

    const limit = await client.patch(`${PROMOTIONS}/${id}`).loginAs(admin).json({ usage_limit: 1 })
    limit.assertStatus(422)
    assert.equal(limit.body().errors[0].field, 'usage_limit')

    const deactivated = await client
      .patch(`${PROMOTIONS}/${id}`)
      .loginAs(admin)
      .json({ is_active: false })
    deactivated.assertStatus(200)
    assert.isFalse(deactivated.body().data.is_active)
    assert.deepEqual(
      (await db.from('admin_actions').where('resource', 'promotions').orderBy('id')).map(
        (entry) => entry.action
      ),
      ['create', 'update']
    )
  })

  test('a code taken by another promotion is a 409 naming the field', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const body = { name: 'A', code: 'SUMMER', effect: 'free_shipping' }
    ;(await client.post(PROMOTIONS).loginAs(staff).json(body)).assertStatus(201)
    const duplicate = await client
      .post(PROMOTIONS)
      .loginAs(staff)
      .json({ ...body, name: 'B', code: 'summer' })
    duplicate.assertStatus(409)
    assert.equal(duplicate.body().errors[0].field, 'code')

    const other = await client
      .post(PROMOTIONS)
      .loginAs(staff)
      .json({ ...body, name: 'C', code: 'WINTER' })
    const clash = await client
      .patch(`${PROMOTIONS}/${other.body().data.id}`)
      .loginAs(staff)
      .json({ code: 'Summer' })
    clash.assertStatus(409)
    assert.equal(clash.body().errors[0].code, 'E_CONFLICT')
    assert.equal(clash.body().errors[0].field, 'code')
    ;(
      await client
        .patch(`${PROMOTIONS}/${other.body().data.id}`)
        .loginAs(staff)
        .json({ code: 'winter' })
    ).assertStatus(200)
    assert.lengthOf(await db.from('promotions'), 2)
  })

  test('bad input is a 422 naming the field', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.create()
    const base = { name: 'P', effect: 'percentage', percent_off: '10' }
    for (const [body, field] of [
      [{ ...base, percent_off: '100.5' }, 'percent_off'],
      [{ ...base, percent_off: '0' }, 'percent_off'],
      [{ ...base, percent_off: 10 }, 'percent_off'],
      [{ name: 'P', effect: 'percentage' }, 'percent_off'],
      [{ name: 'P', effect: 'fixed' }, 'amount_off'],
      [{ name: 'P', effect: 'fixed', amount_off: '0' }, 'amount_off'],
      [{ ...base, amount_off: '5' }, 'amount_off'],
      [{ name: 'P', effect: 'free_shipping', percent_off: '5' }, 'percent_off'],
      [{ ...base, effect: 'bogo' }, 'effect'],
      [{ ...base, target: 'lines' }, 'product_ids'],
      [{ ...base, target: 'lines', product_ids: [] }, 'product_ids'],
      [{ ...base, product_ids: [product.id] }, 'product_ids'],
      [{ ...base, target: 'lines', product_ids: [product.id, 987654] }, 'product_ids'],
      [{ ...base, target: 'lines', category_ids: [424242] }, 'category_ids'],
      [{ ...base, target: 'lines', variant_ids: [313131] }, 'variant_ids'],
      [{ ...base, target: 'lines', product_ids: ['1'] }, 'product_ids.0'],
      [{ ...base, starts_at: '2026-12-10', ends_at: '2026-12-01' }, 'ends_at'],
      [{ ...base, starts_at: '2026-12-10', ends_at: '2026-12-10' }, 'ends_at'],
      [{ ...base, starts_at: 'next tuesday' }, 'starts_at'],
      [{ ...base, code: 'ab' }, 'code'],
      [{ ...base, code: 'SUMMER SALE' }, 'code'],
      [{ ...base, usage_limit: 0 }, 'usage_limit'],
      [{ ...base, per_customer_limit: 1.5 }, 'per_customer_limit'],
      [{ ...base, min_subtotal: '-5' }, 'min_subtotal'],
      [{ ...base, value: 1000 }, 'value'],
    ] as const) {
      const response = await client.post(PROMOTIONS).loginAs(staff).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    const unknown = await client
      .post(PROMOTIONS)
      .loginAs(staff)
      .json({ ...base, target: 'lines', product_ids: [product.id, 987654, 987655] })
    assert.include(unknown.body().errors[0].message, '987654, 987655')
    assert.lengthOf(await db.from('promotions'), 0)
    assert.lengthOf(await db.from('admin_actions'), 0)

    const created = await client.post(PROMOTIONS).loginAs(staff).json(base)
    const id = created.body().data.id
    for (const [body, field] of [
      [{ effect: 'fixed' }, 'amount_off'],
      [{ amount_off: '5' }, 'amount_off'],
      [{ target: 'lines' }, 'product_ids'],
      [{ ends_at: '2020-01-01', starts_at: '2021-01-01' }, 'ends_at'],
    ] as const) {
      const response = await client.patch(`${PROMOTIONS}/${id}`).loginAs(staff).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    ;(await client.patch(`${PROMOTIONS}/999`).loginAs(staff).json({ name: 'x' })).assertStatus(404)
    ;(await client.delete(`${PROMOTIONS}/999`).loginAs(staff)).assertStatus(404)
  })

  test('customers get 403, anonymous 401', async ({ client }) => {
    const customer = await UserFactory.create()
    ;(await client.get(PROMOTIONS).loginAs(customer)).assertStatus(403)
    ;(
      await client
        .post(PROMOTIONS)
        .loginAs(customer)
        .json({ name: 'Mine', effect: 'percentage', percent_off: '100' })
    ).assertStatus(403)
    ;(await client.delete(`${PROMOTIONS}/1`).loginAs(customer)).assertStatus(403)
    ;(await client.get(PROMOTIONS)).assertStatus(401)
  })
})
