import { test } from '@japa/runner'
import emitter from '@adonisjs/core/services/emitter'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

/**
 * Every pricing write raises pricing:changed once, after commit, naming
 * the resource and the row (what the pricing cache listens to); a refused
 * write raises nothing.
 */
test.group('Pricing admin: pricing:changed', (group) => {
  group.each.setup(() => truncateAll())

  test('each write raises it with its resource and id; a refused one does not', async ({
    client,
    assert,
    cleanup,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const events = emitter.fake(['pricing:changed'])
    cleanup(() => emitter.restore())

    const zone = await client
      .post('/api/v1/admin/shipping-zones')
      .loginAs(staff)
      .json({ name: 'Z', countries: ['DE'] })
    const zoneId = zone.body().data.id
    const method = await client
      .post('/api/v1/admin/shipping-methods')
      .loginAs(staff)
      .json({ zone_id: zoneId, name: 'M', rate_type: 'flat', price: '4.90' })
    const rate = await client
      .post('/api/v1/admin/tax-rates')
      .loginAs(staff)
      .json({ country: 'DE', name: 'MwSt', rate: '19' })
    await client
      .patch(`/api/v1/admin/tax-rates/${rate.body().data.id}`)
      .loginAs(staff)
      .json({ rate: '20' })
    const promotion = await client
      .post('/api/v1/admin/promotions')
      .loginAs(staff)
      .json({ name: 'P', effect: 'free_shipping' })
    await client.delete(`/api/v1/admin/promotions/${promotion.body().data.id}`).loginAs(staff)
    await client.delete(`/api/v1/admin/shipping-zones/${zoneId}`).loginAs(staff)

    const refused = await client
      .post('/api/v1/admin/tax-rates')
      .loginAs(staff)
      .json({ country: 'DE', name: 'Again', rate: '7' })
    refused.assertStatus(409)

    assert.deepEqual(
      events.all().map((event) => event.data),
      [
        { resource: 'shipping_zones', id: zoneId },
        { resource: 'shipping_methods', id: method.body().data.id },
        { resource: 'tax_rates', id: rate.body().data.id },
        { resource: 'tax_rates', id: rate.body().data.id },
        { resource: 'promotions', id: promotion.body().data.id },
        { resource: 'promotions', id: promotion.body().data.id },
        { resource: 'shipping_zones', id: zoneId },
      ]
    )
  })
})
