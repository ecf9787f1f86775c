import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Order from '#models/order'
import User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'

let sequence = 0

async function orderFor(
  user: User,
  fields: { status?: Order['status']; total?: number; createdAt?: DateTime } = {}
) {
  sequence += 1
  const total = fields.total ?? 1000
  return Order.create({
    number: `ORD-LIST-${sequence}`,
    userId: user.id,
    status: fields.status ?? 'pending',
    currency: 'USD',
    subtotal: total,
    total,
    itemCount: 1,
    shipFullName: user.fullName ?? 'Someone',
    shipLine1: '1 Street',
    shipCity: 'Town',
    shipPostalCode: '10001',
    shipCountry: 'US',
    ...(fields.createdAt ? { createdAt: fields.createdAt } : {}),
  })
}

function numbers(body: any): string[] {
  return body.records.map((record: any) => record.params.number).sort()
}

test.group('Panel lists staff work from (issue 16, items 2 and 5)', (group) => {
  group.each.setup(() => truncateAll())

  test('orders filter by status, created date range, customer and customer e-mail; the e-mail is never shown', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const ada = await UserFactory.merge({
      email: 'ada.list@example.test',
      fullName: 'Ada',
    }).create()
    const bob = await UserFactory.merge({
      email: 'bob.list@example.test',
      fullName: 'Bob',
    }).create()
    const old = await orderFor(ada, {
      status: 'delivered',
      createdAt: DateTime.fromISO('2026-01-10T12:00:00Z'),
    })
    const recent = await orderFor(ada, { createdAt: DateTime.fromISO('2026-03-10T12:00:00Z') })
    const bobs = await orderFor(bob, {
      status: 'shipped',
      createdAt: DateTime.fromISO('2026-03-12T12:00:00Z'),
    })
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const list = (query: string) => panel.api('GET', `/resources/orders/actions/list?${query}`)

    const pending = await list('filters.status=pending')
    assert.equal(pending.status, 200)
    assert.deepEqual(numbers(pending.body), [recent.number])

    const march = await list(
      'filters.createdAt~~from=2026-03-01T00:00:00.000Z&filters.createdAt~~to=2026-03-31T00:00:00.000Z'
    )
    assert.deepEqual(numbers(march.body), [recent.number, bobs.number].sort())

    const byCustomer = await list(`filters.userId=${ada.id}`)
    assert.deepEqual(numbers(byCustomer.body), [old.number, recent.number].sort())

    const byEmail = await list('filters.customerEmail=ADA.list@example.test')
    assert.equal(byEmail.status, 200)
    assert.deepEqual(numbers(byEmail.body), [old.number, recent.number].sort())
    assert.notInclude(JSON.stringify(byEmail.body), 'ada.list@example.test')

    const nobody = await list('filters.customerEmail=nobody@example.test')
    assert.equal(nobody.status, 200)
    assert.deepEqual(numbers(nobody.body), [])

    const byNumber = await panel.api('GET', `/resources/orders/search/${bobs.number}`)
    assert.equal(byNumber.status, 200)
    assert.deepEqual(
      byNumber.body.records.map((record: any) => record.params.number),
      [bobs.number]
    )

    const unknown = await list('filters.customerPhone=1')
    assert.equal(unknown.status, 422)
  })

  test('products list: searchable by name, stock at or below the low-stock threshold is flagged', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const low = await ProductFactory.merge({
      name: 'Desk Lamp',
      stock: 3,
      lowStockThreshold: 3,
    }).create()
    const plenty = await ProductFactory.merge({
      name: 'Floor Lamp',
      stock: 40,
      lowStockThreshold: 5,
    }).create()
    await ProductFactory.merge({ name: 'Chair', stock: 0 }).create()
    const panel = await AdminSession.signIn(staff.email, 'password123')

    const lamps = await panel.api('GET', '/resources/products/actions/list?filters.name=Lamp')
    assert.equal(lamps.status, 200)
    const byId = new Map(
      lamps.body.records.map((record: any) => [String(record.id), record.params])
    )
    assert.deepEqual(
      [...byId.keys()].map(String).sort(),
      [String(low.id), String(plenty.id)].sort()
    )
    assert.isTrue((byId.get(String(low.id)) as any).lowStock)
    assert.isFalse((byId.get(String(plenty.id)) as any).lowStock)

    const shown = await panel.api('GET', `/resources/products/records/${low.id}/show`)
    assert.equal(shown.status, 200)
    assert.isTrue(shown.body.record.params.lowStock)
  })

  test("products list and page show prices as decimals with the shop's currency", async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ name: 'Priced Lamp', price: 1999 }).create()
    const panel = await AdminSession.signIn(staff.email, 'password123')

    const list = await panel.api('GET', '/resources/products/actions/list?filters.name=Priced')
    assert.equal(list.status, 200)
    const [record] = list.body.records
    assert.equal(record.params.price, '19.99')
    assert.equal(record.params.currency, 'USD')

    const shown = await panel.api('GET', `/resources/products/records/${product.id}/show`)
    assert.equal(shown.body.record.params.price, '19.99')
    assert.equal(shown.body.record.params.currency, 'USD')
  })

  test('customers list and page show each user order count and total spent (cancelled orders not spent)', async ({
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const ada = await UserFactory.create()
    const idle = await UserFactory.create()
    await orderFor(ada, { total: 1999 })
    await orderFor(ada, { total: 501, status: 'delivered' })
    await orderFor(ada, { total: 7000, status: 'cancelled' })
    const panel = await AdminSession.signIn(admin.email, 'password123')

    const list = await panel.api('GET', '/resources/users/actions/list?perPage=50')
    assert.equal(list.status, 200)
    const byId = new Map(list.body.records.map((record: any) => [String(record.id), record.params]))
    assert.include(byId.get(String(ada.id)), { orderCount: 3, totalSpent: '25.00' })
    assert.include(byId.get(String(idle.id)), { orderCount: 0, totalSpent: '0.00' })

    const shown = await panel.api('GET', `/resources/users/records/${ada.id}/show`)
    assert.equal(shown.status, 200)
    assert.include(shown.body.record.params, { orderCount: 3, totalSpent: '25.00' })
  })
})
