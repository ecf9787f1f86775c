import { test } from '@japa/runner'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'

/**
 * A customer whose profile (e-mail, phone, address) differs from the
 * address the order ships to, an order, a status move by an admin, and
 * the staff and admin panels.
 */
async function orderScene(client: any) {
  const customer = await UserFactory.merge({
    email: 'private.customer@example.test',
    fullName: 'Casey Customer',
    phone: '+1 555 0199',
    addressLine1: '77 Profile Street',
    addressCity: 'Hometown',
    addressPostalCode: '99001',
  }).create()
  const admin = await UserFactory.apply('admin')
    .merge({ email: 'the.admin@example.test', phone: '+1 555 0111', fullName: 'Ada Admin' })
    .create()
  const staff = await UserFactory.apply('staff').create()
  const product = await ProductFactory.merge({ stock: 5 }).create()
  const placed = await client
    .post('/api/v1/orders')
    .loginAs(customer)
    .json({
      items: [{ product_id: product.id, quantity: 1 }],
      shipping_address: {
        full_name: 'Casey Customer',
        line1: '1 Delivery Lane',
        city: 'Shiptown',
        postal_code: '10001',
        country: 'US',
      },
    })
  placed.assertStatus(201)
  const number: string = placed.body().data.number
  ;(
    await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(admin)
      .json({ status: 'shipped' })
  ).assertStatus(200)
  return { customer, admin, staff, number }
}

const PRIVATE = [
  'private.customer@example.test',
  '+1 555 0199',
  '77 Profile Street',
  'Hometown',
  'the.admin@example.test',
  '+1 555 0111',
]

test.group('Panel: staff do not read users through references', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 15
  test('the order list and page show staff the customer name, not their e-mail, phone or address', async ({
    assert,
    client,
  }) => {
    const { customer, staff } = await orderScene(client)
    const panel = await AdminSession.signIn(staff.email, 'password123')

    const list = await panel.api('GET', '/resources/orders/actions/list')
    assert.equal(list.status, 200)
    assert.lengthOf(list.body.records, 1)
    const [order] = list.body.records
    // What staff need to ship is there.
    assert.equal(order.params.shipLine1, '1 Delivery Lane')
    assert.deepEqual(order.populated.userId.params, {
      id: customer.id,
      fullName: 'Casey Customer',
    })
    assert.equal(order.populated.userId.title, 'Casey Customer')
    assert.deepEqual(order.populated.userId.recordActions, [])

    const shown = await panel.api('GET', `/resources/orders/records/${order.id}/show`)
    assert.equal(shown.status, 200)
    const events = await panel.api('GET', '/resources/order_events/actions/list')
    assert.equal(events.status, 200)
    assert.isAbove(events.body.records.length, 0)

    for (const response of [list, shown, events]) {
      const text = JSON.stringify(response.body)
      for (const value of PRIVATE) {
        assert.notInclude(text, value)
      }
    }
  })

  // issue 14, finding 15
  test('the audit log and the users are refused to staff (403), open to admins', async ({
    assert,
    client,
  }) => {
    const { admin, staff, customer } = await orderScene(client)
    const staffPanel = await AdminSession.signIn(staff.email, 'password123')
    for (const path of [
      '/resources/admin_actions/actions/list',
      '/resources/users/actions/list',
      `/resources/users/records/${customer.id}/show`,
      '/resources/users/actions/search/casey',
    ]) {
      const refused = await staffPanel.api('GET', path)
      assert.equal(refused.status, 403, path)
      assert.equal(refused.body.errors[0].code, 'E_FORBIDDEN')
    }

    const adminPanel = await AdminSession.signIn(admin.email, 'password123')
    const log = await adminPanel.api('GET', '/resources/admin_actions/actions/list')
    assert.equal(log.status, 200)
    const orders = await adminPanel.api('GET', '/resources/orders/actions/list')
    assert.equal(orders.body.records[0].populated.userId.params.email, customer.email)
  })
})
