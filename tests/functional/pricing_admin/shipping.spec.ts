import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import ShippingZone from '#models/shipping_zone'

const ZONES = '/api/v1/admin/shipping-zones'
const METHODS = '/api/v1/admin/shipping-methods'

async function audit(resource: string) {
  const rows = await db.from('admin_actions').where('resource', resource).orderBy('id')
  return rows.map((row) => [row.action, row.record_id, row.admin_email])
}

test.group('Pricing admin: shipping zones and methods', (group) => {
  group.each.setup(() => truncateAll())

  test('staff create, read, change and delete a zone; each write is audited', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const created = await client
      .post(ZONES)
      .loginAs(staff)
      .json({ name: 'Domestic', countries: ['de', 'AT'] })
    created.assertStatus(201)
    const zone = created.body().data
    assert.deepInclude(zone, { name: 'Domestic', countries: ['DE', 'AT'], methods: [] })

    const listed = await client.get(ZONES).loginAs(staff)
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((z: any) => [z.id, z.name]),
      [[zone.id, 'Domestic']]
    )

    const changed = await client
      .patch(`${ZONES}/${zone.id}`)
      .loginAs(staff)
      .json({ countries: ['DE', 'AT', 'CH'] })
    changed.assertStatus(200)
    assert.deepEqual(changed.body().data.countries, ['DE', 'AT', 'CH'])
    assert.equal(changed.body().data.name, 'Domestic')

    const shown = await client.get(`${ZONES}/${zone.id}`).loginAs(staff)
    shown.assertStatus(200)
    assert.deepEqual(shown.body().data.countries, ['DE', 'AT', 'CH'])

    ;(await client.delete(`${ZONES}/${zone.id}`).loginAs(staff)).assertStatus(204)
    ;(await client.get(`${ZONES}/${zone.id}`).loginAs(staff)).assertStatus(404)
    assert.deepEqual(await audit('shipping_zones'), [
      ['create', String(zone.id), staff.email],
      ['update', String(zone.id), staff.email],
      ['delete', String(zone.id), staff.email],
    ])
    const [update] = await db
      .from('admin_actions')
      .where('resource', 'shipping_zones')
      .where('action', 'update')
    assert.deepEqual(JSON.parse(update.changes), {
      countries: { from: ['DE', 'AT'], to: ['DE', 'AT', 'CH'] },
    })
  })

  test('methods: flat, free over a subtotal, weight bands; a rate change clears what the old rule read', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const zone = (
      await client
        .post(ZONES)
        .loginAs(admin)
        .json({ name: 'Domestic', countries: ['DE'] })
    ).body().data

    const standard = await client.post(METHODS).loginAs(admin).json({
      zone_id: zone.id,
      name: 'Standard',
      delivery_estimate: '2-3 days',
      rate_type: 'free_over',
      price: '4.90',
      free_over: '50',
    })
    standard.assertStatus(201)
    assert.deepInclude(standard.body().data, {
      zone_id: zone.id,
      name: 'Standard',
      delivery_estimate: '2-3 days',
      rate_type: 'free_over',
      price: '4.90',
      free_over: '50.00',
      weight_bands: [],
      is_active: true,
      position: 0,
    })

    const express = await client
      .post(METHODS)
      .loginAs(admin)
      .json({
        zone_id: zone.id,
        name: 'Express',
        rate_type: 'weight',
        weight_bands: [
          { max_grams: 1000, price: '9.90' },
          { max_grams: 5000, price: '14.90' },
          { price: '24.90' },
        ],
        position: 1,
      })
    express.assertStatus(201)
    assert.deepEqual(express.body().data.weight_bands, [
      { max_grams: 1000, price: '9.90' },
      { max_grams: 5000, price: '14.90' },
      { max_grams: null, price: '24.90' },
    ])
    assert.equal(express.body().data.price, '0.00')
    const stored = await db.from('shipping_methods').where('id', express.body().data.id).first()
    assert.deepEqual(JSON.parse(stored.weight_bands), [
      { maxGrams: 1000, price: 990 },
      { maxGrams: 5000, price: 1490 },
      { maxGrams: null, price: 2490 },
    ])

    const zoneShown = await client.get(`${ZONES}/${zone.id}`).loginAs(admin)
    assert.deepEqual(
      zoneShown.body().data.methods.map((m: any) => m.name),
      ['Standard', 'Express']
    )

    const flat = await client
      .patch(`${METHODS}/${standard.body().data.id}`)
      .loginAs(admin)
      .json({ rate_type: 'flat' })
    flat.assertStatus(200)
    assert.deepInclude(flat.body().data, { rate_type: 'flat', price: '4.90', free_over: null })

    const needsPrice = await client
      .patch(`${METHODS}/${express.body().data.id}`)
      .loginAs(admin)
      .json({ rate_type: 'flat' })
    needsPrice.assertStatus(422)
    assert.equal(needsPrice.body().errors[0].field, 'price')

    const toFlat = await client
      .patch(`${METHODS}/${express.body().data.id}`)
      .loginAs(admin)
      .json({ rate_type: 'flat', price: '12.00', is_active: false })
    toFlat.assertStatus(200)
    assert.deepInclude(toFlat.body().data, {
      rate_type: 'flat',
      price: '12.00',
      weight_bands: [],
      is_active: false,
    })

    const all = await client.get(METHODS).loginAs(admin)
    all.assertStatus(200)
    assert.lengthOf(all.body().data, 2)
    ;(await client.get(`${METHODS}/${standard.body().data.id}`).loginAs(admin)).assertStatus(200)
    ;(await client.delete(`${METHODS}/${standard.body().data.id}`).loginAs(admin)).assertStatus(204)
    assert.deepEqual(
      (await audit('shipping_methods')).map(([action]) => action),
      ['create', 'create', 'update', 'update', 'delete']
    )

    ;(await client.delete(`${ZONES}/${zone.id}`).loginAs(admin)).assertStatus(204)
    assert.lengthOf(await db.from('shipping_methods'), 0)
  })

  test('bad zone input is a 422 naming the field', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    for (const [body, field] of [
      [{ name: 'X', countries: ['DEU'] }, 'countries.0'],
      [{ name: 'X', countries: ['D1'] }, 'countries.0'],
      [{ name: 'X', countries: [] }, 'countries'],
      [{ name: 'X', countries: ['DE', 'de'] }, 'countries'],
      [{ countries: ['DE'] }, 'name'],
      [{ name: 'X', countries: ['DE'], zone: 1 }, 'zone'],
    ] as const) {
      const response = await client.post(ZONES).loginAs(staff).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    assert.lengthOf(await db.from('shipping_zones'), 0)
    ;(await client.patch(`${ZONES}/999`).loginAs(staff).json({ name: 'Y' })).assertStatus(404)
    ;(await client.get(`${ZONES}/abc`).loginAs(staff)).assertStatus(404)
    ;(await client.delete(`${ZONES}/999`).loginAs(staff)).assertStatus(404)
  })

  test('bad method input is a 422 naming the field', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const zone = await ShippingZone.create({ name: 'Z', countries: ['DE'] })
    const zoneId = zone.id
    const base = { zone_id: zoneId, name: 'M' }
    for (const [body, field] of [
      [{ ...base, rate_type: 'flat' }, 'price'],
      [{ ...base, rate_type: 'flat', price: 4.9 }, 'price'],
      [{ ...base, rate_type: 'flat', price: '4.999' }, 'price'],
      [{ ...base, rate_type: 'pigeon', price: '1' }, 'rate_type'],
      [{ ...base, rate_type: 'free_over', price: '4.90' }, 'free_over'],
      [{ ...base, rate_type: 'flat', price: '4.90', free_over: '50' }, 'free_over'],
      [{ ...base, rate_type: 'weight' }, 'weight_bands'],
      [
        {
          ...base,
          rate_type: 'weight',
          weight_bands: [
            { max_grams: 5000, price: '9.90' },
            { max_grams: 1000, price: '4.90' },
          ],
        },
        'weight_bands',
      ],
      [
        {
          ...base,
          rate_type: 'weight',
          weight_bands: [
            { max_grams: null, price: '9.90' },
            { max_grams: 1000, price: '4.90' },
          ],
        },
        'weight_bands',
      ],
      [
        {
          ...base,
          rate_type: 'weight',
          weight_bands: [{ price: '9.90' }, { max_grams: 1000, price: '4.90' }],
        },
        'weight_bands',
      ],
      [
        { ...base, rate_type: 'weight', weight_bands: [{ max_grams: 1.5, price: '1' }] },
        'weight_bands.0.max_grams',
      ],
      [{ ...base, rate_type: 'weight', weight_bands: [] }, 'weight_bands'],
      [{ ...base, zone_id: zoneId + 100, rate_type: 'flat', price: '1' }, 'zone_id'],
    ] as const) {
      const response = await client.post(METHODS).loginAs(staff).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    assert.lengthOf(await db.from('shipping_methods'), 0)
    assert.lengthOf(await db.from('admin_actions'), 0)
  })

  test('customers get 403, anonymous 401', async ({ client }) => {
    const customer = await UserFactory.create()
    for (const path of [ZONES, METHODS]) {
      ;(await client.get(path).loginAs(customer)).assertStatus(403)
      ;(await client.post(path).loginAs(customer).json({})).assertStatus(403)
      ;(await client.get(path)).assertStatus(401)
      ;(await client.delete(`${path}/1`)).assertStatus(401)
    }
  })
})
