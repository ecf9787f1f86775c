import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'

async function entries(resource: string) {
  const rows = await db.from('admin_actions').where('resource', resource).orderBy('id')
  return rows.map((row) => ({ ...row, changes: row.changes ? JSON.parse(row.changes) : null }))
}

test.group('Audit log: staff changes through the REST API', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 22
  test('a staff PATCH leaves an entry with the actor, the IP and the changed fields', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ name: 'Lamp', price: 1000 }).create()
    const response = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ name: 'Desk Lamp', price: '12.50', description: product.description })
    response.assertStatus(200)

    const [entry, ...more] = await entries('products')
    assert.lengthOf(more, 0)
    assert.equal(entry.admin_id, staff.id)
    assert.equal(entry.admin_email, staff.email)
    assert.equal(entry.action, 'update')
    assert.equal(entry.record_id, String(product.id))
    assert.match(entry.ip, /^(::ffff:)?127\.0\.0\.1$|^::1$/)
    assert.deepEqual(entry.changes, {
      name: { from: 'Lamp', to: 'Desk Lamp' },
      price: { from: 1000, to: 1250 },
    })
  })

  // issue 14, finding 22
  test('creates and deletes of products and categories are audited', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const created = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Kettle', price: '30.00', stock: 4 })
    created.assertStatus(201)
    const id = created.body().data.id
    ;(await client.delete(`/api/v1/products/${id}`).loginAs(staff)).assertStatus(204)

    const category = await client.post('/api/v1/categories').loginAs(staff).json({ name: 'Tea' })
    category.assertStatus(201)
    const categoryId = category.body().data.id
    ;(
      await client.patch(`/api/v1/categories/${categoryId}`).loginAs(staff).json({ position: 7 })
    ).assertStatus(200)
    ;(await client.delete(`/api/v1/categories/${categoryId}`).loginAs(staff)).assertStatus(204)

    const products = await entries('products')
    assert.deepEqual(
      products.map((entry) => [entry.action, entry.record_id, entry.admin_id]),
      [
        ['create', String(id), staff.id],
        ['delete', String(id), staff.id],
      ]
    )
    assert.deepInclude(products[0].changes, {
      name: { from: null, to: 'Kettle' },
      stock: { from: null, to: 4 },
    })
    const categories = await entries('categories')
    assert.deepEqual(
      categories.map((entry) => entry.action),
      ['create', 'update', 'delete']
    )
    assert.deepInclude(categories[1].changes, { position: { from: 0, to: 7 } })
  })

  // issue 14, finding 22
  test('a refused change leaves no entry', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const category = await CategoryFactory.create()
    await ProductFactory.merge({ categoryId: category.id }).create()
    ;(await client.delete(`/api/v1/categories/${category.id}`).loginAs(staff)).assertStatus(409)
    ;(
      await client.post('/api/v1/products').loginAs(staff).json({ name: 'x', price: '0.00' })
    ).assertStatus(422)
    assert.lengthOf(await db.from('admin_actions'), 0)
  })

  // issue 14, finding 22
  test('order status moves by staff are audited; a customer cancelling their own order is not a staff change', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const first = await placeOrder(client, customer, [[product, 1]])
    const second = await placeOrder(client, customer, [[product, 1]])
    const third = await placeOrder(client, customer, [[product, 1]])

    ;(
      await client
        .patch(`/api/v1/admin/orders/${first}/status`)
        .loginAs(staff)
        .json({ status: 'shipped' })
    ).assertStatus(200)
    ;(await client.post(`/api/v1/orders/${second}/cancel`).loginAs(staff)).assertStatus(200)
    ;(await client.post(`/api/v1/orders/${third}/cancel`).loginAs(customer)).assertStatus(200)
    // A refused move is not logged.
    ;(
      await client
        .patch(`/api/v1/admin/orders/${second}/status`)
        .loginAs(staff)
        .json({ status: 'shipped' })
    ).assertStatus(409)

    const orders = await entries('orders')
    assert.deepEqual(
      orders.map((entry) => [entry.action, entry.record_id, entry.admin_email, entry.changes]),
      [
        ['order:shipped', first, staff.email, { status: { from: 'pending', to: 'shipped' } }],
        ['order:cancelled', second, staff.email, { status: { from: 'pending', to: 'cancelled' } }],
      ]
    )
    assert.isString(orders[0].ip)
  })
})
