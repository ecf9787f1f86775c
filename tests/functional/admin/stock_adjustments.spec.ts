import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import ProductVariant from '#models/product_variant'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { AdminSession } from '#tests/support/admin_session'

const adjust = (id: number) => `/api/v1/products/${id}/stock-adjustments`

async function auditEntries(productId: number) {
  return db
    .from('admin_actions')
    .where({ action: 'stock_adjustment', resource: 'products', record_id: String(productId) })
    .orderBy('id')
}

test.group('Stock adjustments: stock moves only by movements (API)', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 7: the guarded update holds under concurrency (PostgreSQL is the real race)
  test('20 concurrent removals of 1 from a stock of 5: exactly 5 pass, the rest are 422, stock ends at 0, one audit entry each', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.post(adjust(product.id)).loginAs(staff).json({ delta: -1, reason: 'count' })
      )
    )
    const statuses = responses.map((response) => response.status()).sort()
    assert.deepEqual(statuses, [...Array(5).fill(200), ...Array(15).fill(422)])
    await product.refresh()
    assert.equal(product.stock, 0)
    assert.lengthOf(await auditEntries(product.id), 5)
  })

  // issue 14, finding 7: a set with the expected level applies once under concurrency
  test('10 concurrent sets expecting the same level: exactly one applies, the rest are 409', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 7 }).create()
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        client
          .post(adjust(product.id))
          .loginAs(staff)
          .json({ set: 20 + index, expected: 7, reason: 'recount' })
      )
    )
    const statuses = responses.map((response) => response.status()).sort()
    assert.deepEqual(statuses, [200, ...Array(9).fill(409)])
    const applied = responses.find((response) => response.status() === 200)!
    await product.refresh()
    assert.equal(product.stock, applied.body().data.stock)
    assert.lengthOf(await auditEntries(product.id), 1)
  })

  // issue 14, finding 7
  test('a delta moves the stock from its current level and is audited with the reason', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 100, price: 1000 }).create()
    // The public detail is cached before the change...
    ;(await client.get(`/api/v1/products/${product.id}`)).assertBodyContains({
      data: { stock: 100 },
    })
    await placeOrder(client, customer, [[product, 7]])

    const response = await client
      .post(adjust(product.id))
      .loginAs(staff)
      .json({ delta: -3, reason: 'damaged' })
    response.assertStatus(200)
    response.assertBodyContains({ data: { id: product.id, stock: 90 } })
    await product.refresh()
    assert.equal(product.stock, 90)
    // ...and cleared by it, as for a sale.
    ;(await client.get(`/api/v1/products/${product.id}`)).assertBodyContains({
      data: { stock: 90 },
    })

    const [entry] = await auditEntries(product.id)
    assert.equal(entry.admin_id, staff.id)
    assert.equal(entry.admin_email, staff.email)
    assert.isString(entry.ip)
    assert.deepInclude(JSON.parse(entry.changes), {
      reason: 'damaged',
      delta: -3,
      stock: { from: 93, to: 90 },
    })
  })

  // issue 14, finding 7
  test('a set applies only while the stock is still the expected level (409 naming the current one)', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 100 }).create()
    await placeOrder(client, customer, [[product, 7]])

    const stale = await client
      .post(adjust(product.id))
      .loginAs(staff)
      .json({ set: 50, expected: 100, reason: 'count' })
    stale.assertStatus(409)
    const error = stale.body().errors[0]
    assert.equal(error.code, 'E_STOCK_CHANGED')
    assert.include(error.message, 'now 93')
    assert.equal(error.current, 93)
    await product.refresh()
    assert.equal(product.stock, 93)
    assert.lengthOf(await auditEntries(product.id), 0)

    const fresh = await client
      .post(adjust(product.id))
      .loginAs(staff)
      .json({ set: 50, expected: 93, reason: 'count' })
    fresh.assertStatus(200)
    fresh.assertBodyContains({ data: { stock: 50 } })
    const [entry] = await auditEntries(product.id)
    assert.deepInclude(JSON.parse(entry.changes), {
      reason: 'count',
      set: 50,
      expected: 93,
      stock: { from: 93, to: 50 },
    })
  })

  // issue 14, finding 7
  test('{name} is 422 and changes nothing')
    .with([
      { name: 'a delta below the stock', body: { delta: -6, reason: 'x' }, field: 'delta' },
      { name: 'no reason', body: { delta: 1 }, field: 'reason' },
      { name: 'an empty reason', body: { delta: 1, reason: ' ' }, field: 'reason' },
      { name: 'neither delta nor set', body: { reason: 'x' }, field: 'delta' },
      { name: 'both delta and set', body: { delta: 1, set: 3, expected: 5, reason: 'x' } },
      { name: 'a set without expected', body: { set: 3, reason: 'x' }, field: 'expected' },
      { name: 'a zero delta', body: { delta: 0, reason: 'x' }, field: 'delta' },
      { name: 'a negative set', body: { set: -1, expected: 5, reason: 'x' }, field: 'set' },
      { name: 'a string delta', body: { delta: '-1', reason: 'x' }, field: 'delta' },
    ])
    .run(async ({ client, assert }, row) => {
      const staff = await UserFactory.apply('staff').create()
      const product = await ProductFactory.merge({ stock: 5 }).create()
      const response = await client.post(adjust(product.id)).loginAs(staff).json(row.body)
      response.assertStatus(422)
      if (row.field) {
        const fields = response.body().errors.map((error: { field: string }) => error.field)
        assert.include(fields, row.field)
      }
      await product.refresh()
      assert.equal(product.stock, 5)
      assert.lengthOf(await auditEntries(product.id), 0)
    })

  // issue 14, finding 7
  test('PATCH refuses stock, naming stock-adjustments; other fields never touch stock', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 100, description: 'old' }).create()
    const refused = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ description: 'new', stock: 100 })
    refused.assertStatus(422)
    const error = refused.body().errors.find((item: { field: string }) => item.field === 'stock')
    assert.include(error.message, 'stock-adjustments')
    await product.refresh()
    assert.equal(product.description, 'old')
  })

  // issue 14, finding 7
  test('customers get 403, anonymous 401, an unknown product 404', async ({ client }) => {
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const body = { delta: 1, reason: 'x' }
    ;(await client.post(adjust(product.id)).loginAs(customer).json(body)).assertStatus(403)
    ;(await client.post(adjust(product.id)).json(body)).assertStatus(401)
    ;(await client.post(adjust(424242)).loginAs(staff).json(body)).assertStatus(404)
    ;(
      await client.post(adjust(424242)).loginAs(staff).json({ set: 1, expected: 0, reason: 'x' })
    ).assertStatus(404)
  })
})

test.group('Stock adjustments: the panel never writes stock from a form', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 7
  test('a stale product form saved after a sale leaves the stock as the sale left it', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({
      stock: 100,
      price: 1999,
      description: 'before',
    }).create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    // The form is opened while the stock is 100...
    const opened = await panel.api('GET', `/resources/products/records/${product.id}/edit`)
    assert.equal(opened.status, 200)
    const form = { ...opened.body.record.params }
    assert.equal(Number(form.stock), 100)

    // ...a customer buys 7...
    await placeOrder(client, customer, [[product, 7]])

    // ...and the form is saved with only the description changed.
    const saved = await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      ...form,
      description: 'after',
    })
    assert.equal(saved.status, 200)
    assert.deepEqual(saved.body.record.errors, {})
    await product.refresh()
    assert.equal(product.description, 'after')
    assert.equal(product.stock, 93)
    assert.equal(product.price, 1999)
  })

  // issue 14, finding 7
  test('"Adjust stock" runs the stock movement of the only variant, audited with the actor and the reason, with its ledger row', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const variant = await ProductVariant.findByOrFail('product_id', product.id)
    const variantAudit = () =>
      db
        .from('admin_actions')
        .where({
          action: 'stock_adjustment',
          resource: 'product_variants',
          record_id: String(variant.id),
        })
        .orderBy('id')
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const path = `/resources/products/records/${product.id}/adjustStock`

    const opened = await panel.api('GET', path)
    assert.equal(opened.status, 200)
    await product.refresh()
    assert.equal(product.stock, 10)

    const done = await panel.api('POST', path, { delta: '-4', reason: 'broken in transit' })
    assert.equal(done.status, 200)
    assert.equal(done.body.notice.type, 'success')
    assert.equal(Number(done.body.record.params.stock), 6)
    await product.refresh()
    assert.equal(product.stock, 6)
    const [entry] = await variantAudit()
    assert.equal(entry.admin_id, staff.id)
    assert.deepInclude(JSON.parse(entry.changes), {
      reason: 'broken in transit',
      stock: { from: 10, to: 6 },
    })
    const [, movement] = await db
      .from('stock_movements')
      .where('variant_id', variant.id)
      .orderBy('id')
    assert.equal(movement.reason, 'adjustment')
    assert.equal(Number(movement.quantity), -4)
    assert.equal(movement.note, 'broken in transit')
    assert.equal(Number(movement.user_id), staff.id)

    const refused = await panel.api('POST', path, { delta: '-7', reason: 'lost' })
    assert.equal(refused.status, 200)
    assert.equal(refused.body.notice.type, 'error')
    assert.include(refused.body.notice.message, 'below 0')
    await product.refresh()
    assert.equal(product.stock, 6)
    assert.lengthOf(await variantAudit(), 1)

    const unreasoned = await panel.api('POST', path, { delta: '2', reason: '' })
    assert.equal(unreasoned.body.notice.type, 'error')
    assert.equal((await Product.findOrFail(product.id)).stock, 6)
  })

  // issue 14, finding 7
  test('a new product from the panel starts with the stock given (0 when none)', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const created = await panel.api('POST', '/resources/products/actions/new', {
      name: 'Panel Lamp',
      price: '12.50',
      isActive: 'true',
    })
    assert.equal(created.status, 200)
    assert.deepEqual(created.body.record.errors, {})
    const product = await Product.findByOrFail('slug', 'panel-lamp')
    assert.equal(product.stock, 0)
    assert.equal(product.price, 1250)
  })
})
