import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

const RATES = '/api/v1/admin/tax-rates'

test.group('Pricing admin: tax rates', (group) => {
  group.each.setup(() => truncateAll())

  test('staff create, read, change and delete rates; percent strings in and out', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const standard = await client
      .post(RATES)
      .loginAs(staff)
      .json({ country: 'de', name: 'MwSt', rate: '20' })
    standard.assertStatus(201)
    assert.deepInclude(standard.body().data, {
      country: 'DE',
      tax_class: 'standard',
      name: 'MwSt',
      rate: '20.00',
    })
    const reduced = await client
      .post(RATES)
      .loginAs(staff)
      .json({ country: 'DE', tax_class: 'reduced', name: 'MwSt ermäßigt', rate: '7.5' })
    reduced.assertStatus(201)
    assert.equal(reduced.body().data.rate, '7.50')
    const row = await db.from('tax_rates').where('id', reduced.body().data.id).first()
    assert.equal(row.rate_bp, 750)

    const listed = await client.get(RATES).loginAs(staff)
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((rate: any) => [rate.country, rate.tax_class, rate.rate]),
      [
        ['DE', 'reduced', '7.50'],
        ['DE', 'standard', '20.00'],
      ]
    )

    const changed = await client
      .patch(`${RATES}/${reduced.body().data.id}`)
      .loginAs(staff)
      .json({ rate: '7' })
    changed.assertStatus(200)
    assert.equal(changed.body().data.rate, '7.00')
    const shown = await client.get(`${RATES}/${reduced.body().data.id}`).loginAs(staff)
    assert.equal(shown.body().data.rate, '7.00')

    ;(await client.delete(`${RATES}/${reduced.body().data.id}`).loginAs(staff)).assertStatus(204)
    ;(await client.get(`${RATES}/${reduced.body().data.id}`).loginAs(staff)).assertStatus(404)

    const audit = await db.from('admin_actions').where('resource', 'tax_rates').orderBy('id')
    assert.deepEqual(
      audit.map((entry) => [entry.action, Number(entry.record_id), entry.admin_id]),
      [
        ['create', standard.body().data.id, staff.id],
        ['create', reduced.body().data.id, staff.id],
        ['update', reduced.body().data.id, staff.id],
        ['delete', reduced.body().data.id, staff.id],
      ]
    )
    assert.deepEqual(JSON.parse(audit[2].changes), { rate: { from: '7.50', to: '7.00' } })
  })

  test('the same country and tax class twice is a 409 naming the field', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    ;(
      await client.post(RATES).loginAs(staff).json({ country: 'DE', name: 'MwSt', rate: '19' })
    ).assertStatus(201)
    const duplicate = await client
      .post(RATES)
      .loginAs(staff)
      .json({ country: 'de', tax_class: 'standard', name: 'Again', rate: '20' })
    duplicate.assertStatus(409)
    assert.equal(duplicate.body().errors[0].code, 'E_CONFLICT')
    assert.equal(duplicate.body().errors[0].field, 'country')
    assert.include(duplicate.body().errors[0].message, 'DE')

    const reduced = await client
      .post(RATES)
      .loginAs(staff)
      .json({ country: 'DE', tax_class: 'reduced', name: 'Reduced', rate: '7' })
    reduced.assertStatus(201)
    const clash = await client
      .patch(`${RATES}/${reduced.body().data.id}`)
      .loginAs(staff)
      .json({ tax_class: 'standard' })
    clash.assertStatus(409)
    assert.equal(clash.body().errors[0].field, 'country')
    assert.lengthOf(await db.from('tax_rates'), 2)
    assert.lengthOf(await db.from('admin_actions').where('resource', 'tax_rates'), 2)
  })

  test('bad input is a 422 naming the field', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const base = { country: 'DE', name: 'MwSt', rate: '20' }
    for (const [body, field] of [
      [{ ...base, country: 'Germany' }, 'country'],
      [{ ...base, country: 'D' }, 'country'],
      [{ ...base, rate: '100.01' }, 'rate'],
      [{ ...base, rate: '120' }, 'rate'],
      [{ ...base, rate: '7.505' }, 'rate'],
      [{ ...base, rate: '-1' }, 'rate'],
      [{ ...base, rate: 20 }, 'rate'],
      [{ ...base, tax_class: 'Reduced Rate' }, 'tax_class'],
      [{ ...base, tax_class: '' }, 'tax_class'],
      [{ country: 'DE', rate: '20' }, 'name'],
      [{ ...base, rate_bp: 2000 }, 'rate_bp'],
    ] as const) {
      const response = await client.post(RATES).loginAs(staff).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    ;(
      await client
        .post(RATES)
        .loginAs(staff)
        .json({ ...base, rate: '100' })
    ).assertStatus(201)
    ;(
      await client
        .post(RATES)
        .loginAs(staff)
        .json({ ...base, country: 'AT', rate: '0' })
    ).assertStatus(201)
    ;(await client.patch(`${RATES}/999`).loginAs(staff).json({ rate: '1' })).assertStatus(404)
    ;(await client.delete(`${RATES}/x`).loginAs(staff)).assertStatus(404)
  })

  test('customers get 403, anonymous 401', async ({ client }) => {
    const customer = await UserFactory.create()
    ;(await client.get(RATES).loginAs(customer)).assertStatus(403)
    ;(
      await client.post(RATES).loginAs(customer).json({ country: 'DE', name: 'X', rate: '1' })
    ).assertStatus(403)
    ;(await client.get(RATES)).assertStatus(401)
    ;(await client.patch(`${RATES}/1`).json({ rate: '1' })).assertStatus(401)
  })
})
