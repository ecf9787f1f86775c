import { test } from '@japa/runner'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { CatalogCache } from '#services/catalog_cache'
import { truncateAll } from '#tests/support/database'

/**
 * Issue 15, item 8: one timestamp precision on SQLite and PostgreSQL, the
 * same in a write's answer and in later reads of the row.
 */
const SECONDS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

test.group('Timestamps: one precision, in writes and later reads', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })

  test('a product created and changed by staff reads back with the same timestamps', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const created = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Clock', price: '12.50', stock: 3 })
    created.assertStatus(201)
    const written = created.body().data
    assert.match(written.created_at, SECONDS_UTC)
    assert.match(written.updated_at, SECONDS_UTC)

    const read = (await client.get(`/api/v1/products/${written.id}`)).body().data
    assert.equal(read.created_at, written.created_at)
    assert.equal(read.updated_at, written.updated_at)

    const patched = (
      await client.patch(`/api/v1/products/${written.id}`).loginAs(staff).json({ name: 'Clock 2' })
    ).body().data
    const reread = (await client.get(`/api/v1/products/${written.id}`)).body().data
    assert.equal(reread.updated_at, patched.updated_at)
    assert.equal(reread.created_at, written.created_at)
  })

  test('an order and an account read back as they were answered', async ({ client, assert }) => {
    const registered = await client
      .post('/api/v1/auth/register')
      .json({ email: 'clock@example.com', password: 'a-long-enough-password', full_name: 'Clock' })
    registered.assertStatus(201)
    const { user, tokens } = registered.body().data
    for (const value of [
      user.created_at,
      user.updated_at,
      tokens.access_token_expires_at,
      tokens.refresh_token_expires_at,
    ]) {
      assert.match(value, SECONDS_UTC)
    }
    const me = (await client.get('/api/v1/me').bearerToken(tokens.access_token)).body().data
    assert.equal(me.created_at, user.created_at)
    assert.equal(me.updated_at, user.updated_at)

    const product = await ProductFactory.merge({ stock: 5 }).create()
    const placed = await client
      .post('/api/v1/orders')
      .bearerToken(tokens.access_token)
      .json({
        items: [{ product_id: product.id, quantity: 1 }],
        shipping_address: {
          full_name: 'Clock',
          line1: '1 Main St',
          city: 'Paris',
          postal_code: '75001',
          country: 'FR',
        },
      })
    placed.assertStatus(201)
    const order = placed.body().data
    assert.match(order.created_at, SECONDS_UTC)

    const read = (
      await client.get(`/api/v1/orders/${order.number}`).bearerToken(tokens.access_token)
    ).body().data
    assert.equal(read.created_at, order.created_at)
    assert.equal(read.updated_at, order.updated_at)

    const events = (
      await client.get(`/api/v1/orders/${order.number}/events`).bearerToken(tokens.access_token)
    ).body().data
    assert.match(events[0].at, SECONDS_UTC)
  })
})
