import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import Order from '#models/order'
import ProductImage from '#models/product_image'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { AdminSession } from '#tests/support/admin_session'
import { StaffAudit } from '#services/staff_audit'

async function staffPanel() {
  const staff = await UserFactory.apply('staff').create()
  return { staff, panel: await AdminSession.signIn(staff.email, 'password123') }
}

async function auditRows(resource: string) {
  const rows = await db.from('admin_actions').where('resource', resource).orderBy('id')
  return rows.map((row) => ({ ...row, changes: row.changes ? JSON.parse(row.changes) : null }))
}

const LOCAL_IP = /^(::ffff:)?127\.0\.0\.1$|^::1$/

test.group('Panel catalog forms save through the API service', (group) => {
  group.each.setup(() => truncateAll())

  // issue 13, item 3
  test('a price of "{price}" is refused with a field error, on create and on edit')
    .with([
      { price: '1,50' },
      { price: 'abc' },
      { price: '19.999' },
      { price: '-1' },
      { price: '0' },
    ])
    .run(async ({ assert }, { price }) => {
      const { panel } = await staffPanel()
      const created = await panel.api('POST', '/resources/products/actions/new', {
        name: 'Lamp',
        price,
      })
      assert.equal(created.status, 200)
      assert.equal(created.body.notice.type, 'error')
      assert.property(created.body.record.errors, 'price')
      assert.equal(created.body.record.params.price, price)
      assert.lengthOf(await Product.all(), 0)

      const product = await ProductFactory.merge({ price: 1000 }).create()
      const edited = await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
        name: product.name,
        price,
      })
      assert.equal(edited.status, 200)
      assert.equal(edited.body.notice.type, 'error')
      assert.property(edited.body.record.errors, 'price')
      await product.refresh()
      assert.equal(product.price, 1000)
      assert.lengthOf(await auditRows('products'), 0)
    })

  // issue 13, item 3
  test('"19.99" is saved as 1999 minor units and shown back as 19.99', async ({ assert }) => {
    const { panel } = await staffPanel()
    const created = await panel.api('POST', '/resources/products/actions/new', {
      name: 'Lamp',
      price: '19.99',
    })
    assert.deepEqual(created.body.record.errors, {})
    assert.equal(created.body.notice.type, 'success')
    assert.equal(created.body.record.params.price, '19.99')
    const product = await Product.findByOrFail('slug', 'lamp')
    assert.equal(product.price, 1999)

    const edited = await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      price: ' 5.5 ',
    })
    assert.deepEqual(edited.body.record.errors, {})
    await product.refresh()
    assert.equal(product.price, 550)
  })

  // issue 19: the tax class is saved through the API's validator
  test('the tax class is saved from the form; a class the API refuses is a field error', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const created = await panel.api('POST', '/resources/products/actions/new', {
      name: 'Book',
      price: '12.00',
      taxClass: 'reduced',
    })
    assert.deepEqual(created.body.record.errors, {})
    const product = await Product.findByOrFail('slug', 'book')
    assert.equal(product.taxClass, 'reduced')

    const refused = await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      taxClass: 'Reduced rate!',
    })
    assert.property(refused.body.record.errors, 'taxClass')
    await product.refresh()
    assert.equal(product.taxClass, 'reduced')

    await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      taxClass: 'standard',
    })
    await product.refresh()
    assert.equal(product.taxClass, 'standard')
  })

  // issue 13, item 3: an absent "Is Active" means what the API's absent
  // is_active means (active); the form's checkbox starts ticked and sends it.
  test('an unticked "Is Active" creates an inactive product; an absent one an active product, as the API does', async ({
    client,
    assert,
  }) => {
    const { staff, panel } = await staffPanel()
    await panel.api('POST', '/resources/products/actions/new', {
      name: 'Unticked',
      price: '10.00',
      isActive: 'false',
    })
    await panel.api('POST', '/resources/products/actions/new', { name: 'Absent', price: '10.00' })
    const api = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Api Default', price: '10.00', stock: 0 })
    api.assertStatus(201)

    assert.isFalse((await Product.findByOrFail('slug', 'unticked')).isActive)
    assert.isTrue((await Product.findByOrFail('slug', 'absent')).isActive)
    assert.isTrue((await Product.findByOrFail('slug', 'api-default')).isActive)

    // Unticking on edit deactivates; an edit without the field leaves it.
    const product = await Product.findByOrFail('slug', 'absent')
    await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      isActive: 'false',
    })
    await product.refresh()
    assert.isFalse(product.isActive)
    await panel.api('POST', `/resources/products/records/${product.id}/edit`, { name: 'Renamed' })
    await product.refresh()
    assert.isFalse(product.isActive)
    assert.equal(product.name, 'Renamed')
  })

  // issue 13, item 3
  test('a panel create, edit and delete each write exactly one audit entry with the actor and IP; refusals none', async ({
    assert,
  }) => {
    const { staff, panel } = await staffPanel()
    const created = await panel.api('POST', '/resources/products/actions/new', {
      name: 'Kettle',
      price: '30.00',
    })
    assert.equal(created.body.notice.type, 'success')
    const product = await Product.findByOrFail('slug', 'kettle')

    // Refused: a taken slug (validator), a bad price (validator).
    await ProductFactory.merge({ slug: 'taken' }).create()
    const refused = await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      slug: 'taken',
    })
    assert.property(refused.body.record.errors, 'slug')

    const edited = await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      name: 'Big Kettle',
      price: '30.00',
      // read-only on the form: never written by it
      stock: '999',
    })
    assert.equal(edited.body.notice.type, 'success')
    await product.refresh()
    assert.equal(product.name, 'Big Kettle')
    assert.equal(product.stock, 0)

    const deleted = await panel.api('POST', `/resources/products/records/${product.id}/delete`)
    assert.equal(deleted.body.notice.type, 'success')
    assert.isNull(await Product.find(product.id))

    const entries = await auditRows('products')
    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.record_id, entry.admin_id, entry.admin_email]),
      [
        ['new', String(product.id), staff.id, staff.email],
        ['edit', String(product.id), staff.id, staff.email],
        ['delete', String(product.id), staff.id, staff.email],
      ]
    )
    for (const entry of entries) {
      assert.match(entry.ip, LOCAL_IP)
    }
    assert.deepInclude(entries[0].changes, {
      name: { from: null, to: 'Kettle' },
      price: { from: null, to: 3000 },
    })
    // Only what changed (the price was sent unchanged).
    assert.deepEqual(entries[1].changes, { name: { from: 'Kettle', to: 'Big Kettle' } })
  })

  // issue 13, item 3
  test("the audit entry is written in the change's transaction: when it cannot be written, nothing changes", async ({
    assert,
    cleanup,
  }) => {
    const { panel } = await staffPanel()
    const product = await ProductFactory.merge({ name: 'Lamp', price: 1000 }).create()
    const record = StaffAudit.record
    StaffAudit.record = async () => {
      throw new Error('the audit log is unavailable')
    }
    cleanup(() => {
      StaffAudit.record = record
    })

    await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      name: 'Desk Lamp',
      price: '12.00',
    })
    await panel.api('POST', '/resources/products/actions/new', { name: 'Kettle', price: '3.00' })
    await panel.api('POST', `/resources/products/records/${product.id}/delete`)
    await product.refresh()
    assert.equal(product.name, 'Lamp')
    assert.equal(product.price, 1000)
    assert.lengthOf(await Product.all(), 1)
    assert.lengthOf(await auditRows('products'), 0)
  })

  // issue 13, item 3
  test('a delete the API refuses (409) is an error notice in the panel, with no audit entry', async ({
    client,
    assert,
  }) => {
    const { panel } = await staffPanel()
    const customer = await UserFactory.create()
    const category = await CategoryFactory.create()
    const product = await ProductFactory.merge({ categoryId: category.id, stock: 5 }).create()
    await placeOrder(client, customer, [[product, 1]])

    const deleted = await panel.api('POST', `/resources/products/records/${product.id}/delete`)
    assert.equal(deleted.status, 200)
    assert.equal(deleted.body.notice.type, 'error')
    assert.include(deleted.body.notice.message, 'appears on orders')
    const categoryDeleted = await panel.api(
      'POST',
      `/resources/categories/records/${category.id}/delete`
    )
    assert.equal(categoryDeleted.body.notice.type, 'error')
    assert.include(categoryDeleted.body.notice.message, 'subcategories or products')
    assert.exists(await Product.find(product.id))
    assert.lengthOf(await db.from('admin_actions').whereNot('resource', 'session'), 0)
  })

  // issue 13, item 3
  test('product images are created, edited and deleted through the service, audited', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const product = await ProductFactory.create()
    const created = await panel.api('POST', '/resources/product_images/actions/new', {
      productId: String(product.id),
      url: '/uploads/a.jpg',
      alt: '',
    })
    assert.equal(created.body.notice.type, 'success')
    const image = await ProductImage.findByOrFail('product_id', product.id)
    assert.equal(image.url, '/uploads/a.jpg')
    assert.isNull(image.alt)

    const edited = await panel.api('POST', `/resources/product_images/records/${image.id}/edit`, {
      productId: String(product.id),
      url: '/uploads/b.jpg',
      position: '2',
    })
    assert.equal(edited.body.notice.type, 'success')
    await image.refresh()
    assert.equal(image.url, '/uploads/b.jpg')
    assert.equal(image.position, 2)

    const deleted = await panel.api('POST', `/resources/product_images/records/${image.id}/delete`)
    assert.equal(deleted.body.notice.type, 'success')
    assert.isNull(await ProductImage.find(image.id))
    assert.deepEqual(
      (await auditRows('product_images')).map((entry) => entry.action),
      ['new', 'edit', 'delete']
    )
  })
})

test.group('Panel order moves: the status change and its audit entry together', (group) => {
  group.each.setup(() => truncateAll())

  // issue 13, item 3
  test('"Mark shipped" moves the order and writes its audit entry; an illegal move writes neither', async ({
    client,
    assert,
  }) => {
    const { staff, panel } = await staffPanel()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    const order = await Order.findByOrFail('number', number)

    // Not a move of the state machine from pending: refused, nothing written.
    const illegal = await panel.api('GET', `/resources/orders/records/${order.id}/markDelivered`)
    assert.equal(illegal.status, 403)
    await order.refresh()
    assert.equal(order.status, 'pending')
    assert.lengthOf(await auditRows('orders'), 0)

    const shipped = await panel.api('GET', `/resources/orders/records/${order.id}/markShipped`)
    assert.equal(shipped.status, 200)
    assert.equal(shipped.body.notice.type, 'success')
    await order.refresh()
    assert.equal(order.status, 'shipped')
    const entries = await auditRows('orders')
    assert.lengthOf(entries, 1)
    assert.equal(entries[0].action, 'order:shipped')
    assert.equal(entries[0].record_id, number)
    assert.equal(entries[0].admin_id, staff.id)
    assert.match(entries[0].ip, LOCAL_IP)
    assert.deepEqual(entries[0].changes, { status: { from: 'pending', to: 'shipped' } })
    const events = await db
      .from('order_events')
      .where({ order_id: order.id, type: 'status', to_status: 'shipped' })
    assert.lengthOf(events, 1)

    // Shipped can no longer be cancelled: refused, neither written.
    const cancel = await panel.api('GET', `/resources/orders/records/${order.id}/cancel`)
    assert.equal(cancel.status, 403)
    await order.refresh()
    assert.equal(order.status, 'shipped')
    assert.lengthOf(await auditRows('orders'), 1)
  })

  // issue 13, item 3
  test('a panel move whose audit entry cannot be written does not happen', async ({
    client,
    assert,
    cleanup,
  }) => {
    const { panel } = await staffPanel()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    const order = await Order.findByOrFail('number', number)
    const record = StaffAudit.record
    StaffAudit.record = async () => {
      throw new Error('the audit log is unavailable')
    }
    cleanup(() => {
      StaffAudit.record = record
    })

    const cancelled = await panel.api('GET', `/resources/orders/records/${order.id}/cancel`)
    assert.equal(cancelled.status, 200)
    assert.equal(cancelled.body.notice.type, 'error')
    await order.refresh()
    assert.equal(order.status, 'pending')
    await product.refresh()
    assert.equal(product.stock, 9)
    const events = await db
      .from('order_events')
      .where({ order_id: order.id, to_status: 'cancelled' })
    assert.lengthOf(events, 0)
  })

  // issue 13, item 3
  test('a bulk move that one order cannot make moves the others, each with its own entry', async ({
    client,
    assert,
  }) => {
    const { panel } = await staffPanel()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const first = await placeOrder(client, customer, [[product, 1]])
    const second = await placeOrder(client, customer, [[product, 1]])
    ;(await client.post(`/api/v1/orders/${second}/cancel`).loginAs(customer)).assertStatus(200)
    const orders = await Order.query().orderBy('id')

    const bulk = await panel.api(
      'GET',
      `/resources/orders/bulk/bulkShip?recordIds=${orders.map((order) => order.id).join(',')}`
    )
    assert.equal(bulk.status, 200)
    assert.equal(bulk.body.notice.type, 'error')
    assert.include(bulk.body.notice.message, second)
    const statuses = Object.fromEntries(
      (await Order.query()).map((order) => [order.number, order.status])
    )
    assert.deepEqual(statuses, { [first]: 'shipped', [second]: 'cancelled' })
    assert.deepEqual(
      (await auditRows('orders')).map((entry) => [entry.action, entry.record_id]),
      [['order:shipped', first]]
    )
  })
})
