import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { configureStripe } from '#services/payments/stripe_provider'
import { truncateAll } from '#tests/support/database'

const METHODS = '/api/v1/admin/payment-methods'

const TRANSFER = {
  code: 'bank-transfer',
  name: 'Bank transfer',
  provider: 'manual',
  expires_after_minutes: 10_080,
  instructions: 'IBAN DE89 3704 0044 0532 0130 00\nExample Shop GmbH',
  position: 2,
}

async function auditEntries() {
  const rows = await db.from('admin_actions').where('resource', 'payment_methods').orderBy('id')
  return rows.map((row) => ({
    action: row.action as string,
    recordId: Number(row.record_id),
    adminId: row.admin_id as number,
    changes: row.changes ? JSON.parse(row.changes) : null,
  }))
}

test.group('Payment methods admin: create, read, change, delete', (group) => {
  group.each.setup(() => truncateAll())
  group.each.setup(() =>
    configureStripe({
      secretKey: 'sk_test_admin',
      publishableKey: 'pk_test_admin',
      webhookSecret: 'whsec_admin',
    })
  )

  test('staff create methods with their defaults, list them by position and read one', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const transfer = await client.post(METHODS).loginAs(staff).json(TRANSFER)
    transfer.assertStatus(201)
    assert.deepInclude(transfer.body().data, {
      code: 'bank-transfer',
      name: 'Bank transfer',
      provider: 'manual',
      pay_on_delivery: false,
      capture: 'automatic',
      expires_after_minutes: 10_080,
      instructions: 'IBAN DE89 3704 0044 0532 0130 00\nExample Shop GmbH',
      is_active: true,
      position: 2,
    })

    const card = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ code: 'card', name: 'Card', provider: 'stripe', capture: 'manual' })
    card.assertStatus(201)
    assert.deepInclude(card.body().data, {
      code: 'card',
      provider: 'stripe',
      capture: 'manual',
      expires_after_minutes: null,
      instructions: null,
      is_active: true,
      position: 0,
    })

    const cod = await client.post(METHODS).loginAs(staff).json({
      code: 'cod',
      name: 'Cash on delivery',
      provider: 'manual',
      pay_on_delivery: true,
      expires_after_minutes: null,
      instructions: '   ',
      position: 1,
    })
    cod.assertStatus(201)
    assert.isTrue(cod.body().data.pay_on_delivery)
    assert.isNull(cod.body().data.instructions, 'blank instructions are none')

    const listed = await client.get(METHODS).loginAs(staff)
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((method: any) => method.code),
      ['card', 'cod', 'bank-transfer']
    )

    const shown = await client.get(`${METHODS}/${transfer.body().data.id}`).loginAs(staff)
    shown.assertStatus(200)
    assert.deepEqual(shown.body().data, transfer.body().data)

    const row = await db.from('payment_methods').where('code', 'cod').first()
    assert.isTrue(Boolean(row.pay_on_delivery))
    assert.isNull(row.expires_after_minutes)
  })

  test('a PATCH changes what is sent; every write is audited with the actor and what changed', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const created = await client.post(METHODS).loginAs(staff).json(TRANSFER)
    created.assertStatus(201)
    const id = created.body().data.id

    const changed = await client
      .patch(`${METHODS}/${id}`)
      .loginAs(staff)
      .json({ name: 'SEPA transfer', expires_after_minutes: 1440, is_active: false })
    changed.assertStatus(200)
    assert.deepInclude(changed.body().data, {
      code: 'bank-transfer',
      name: 'SEPA transfer',
      expires_after_minutes: 1440,
      is_active: false,
      position: 2,
      instructions: TRANSFER.instructions,
    })
    const shown = await client.get(`${METHODS}/${id}`).loginAs(staff)
    assert.equal(shown.body().data.name, 'SEPA transfer')

    const renamed = await client
      .patch(`${METHODS}/${id}`)
      .loginAs(staff)
      .json({ code: 'sepa', instructions: null })
    renamed.assertStatus(200)
    assert.equal(renamed.body().data.code, 'sepa')
    assert.isNull(renamed.body().data.instructions)

    ;(await client.delete(`${METHODS}/${id}`).loginAs(staff)).assertStatus(204)
    ;(await client.get(`${METHODS}/${id}`).loginAs(staff)).assertStatus(404)
    assert.lengthOf(await db.from('payment_methods'), 0)

    const audit = await auditEntries()
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.recordId, entry.adminId]),
      [
        ['create', id, staff.id],
        ['update', id, staff.id],
        ['update', id, staff.id],
        ['delete', id, staff.id],
      ]
    )
    assert.deepEqual(audit[0].changes, {
      id,
      code: 'bank-transfer',
      name: 'Bank transfer',
      provider: 'manual',
      pay_on_delivery: false,
      capture: 'automatic',
      expires_after_minutes: 10_080,
      instructions: TRANSFER.instructions,
      is_active: true,
      position: 2,
    })
    assert.deepEqual(audit[1].changes, {
      name: { from: 'Bank transfer', to: 'SEPA transfer' },
      expires_after_minutes: { from: 10_080, to: 1440 },
      is_active: { from: true, to: false },
    })
    assert.deepEqual(audit[2].changes, {
      code: { from: 'bank-transfer', to: 'sepa' },
      instructions: { from: TRANSFER.instructions, to: null },
    })
    assert.include(audit[3].changes, { code: 'sepa', name: 'SEPA transfer' })
  })

  test('changing the provider clears what only the other provider reads', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const card = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ code: 'card', name: 'Card', provider: 'stripe', capture: 'manual' })
    card.assertStatus(201)
    const manual = await client
      .patch(`${METHODS}/${card.body().data.id}`)
      .loginAs(staff)
      .json({ provider: 'manual' })
    manual.assertStatus(200)
    assert.deepInclude(manual.body().data, { provider: 'manual', capture: 'automatic' })

    const cod = await client.post(METHODS).loginAs(staff).json({
      code: 'cod',
      name: 'Cash on delivery',
      provider: 'manual',
      pay_on_delivery: true,
    })
    cod.assertStatus(201)
    const stripe = await client
      .patch(`${METHODS}/${cod.body().data.id}`)
      .loginAs(staff)
      .json({ provider: 'stripe', expires_after_minutes: 30 })
    stripe.assertStatus(200)
    assert.deepInclude(stripe.body().data, {
      provider: 'stripe',
      pay_on_delivery: false,
      expires_after_minutes: 30,
    })
  })

  test('unknown or malformed ids are 404', async ({ client }) => {
    const staff = await UserFactory.apply('staff').create()
    ;(await client.get(`${METHODS}/999`).loginAs(staff)).assertStatus(404)
    ;(await client.patch(`${METHODS}/999`).loginAs(staff).json({ name: 'X' })).assertStatus(404)
    ;(await client.delete(`${METHODS}/999`).loginAs(staff)).assertStatus(404)
    ;(await client.get(`${METHODS}/card`).loginAs(staff)).assertStatus(404)
  })

  test('customers get 403 and anonymous callers 401, and nothing is written', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const created = await client.post(METHODS).loginAs(staff).json(TRANSFER)
    const id = created.body().data.id
    const customer = await UserFactory.create()
    ;(await client.get(METHODS).loginAs(customer)).assertStatus(403)
    ;(await client.get(`${METHODS}/${id}`).loginAs(customer)).assertStatus(403)
    ;(
      await client
        .post(METHODS)
        .loginAs(customer)
        .json({ ...TRANSFER, code: 'other' })
    ).assertStatus(403)
    ;(
      await client.patch(`${METHODS}/${id}`).loginAs(customer).json({ is_active: false })
    ).assertStatus(403)
    ;(await client.delete(`${METHODS}/${id}`).loginAs(customer)).assertStatus(403)
    ;(await client.get(METHODS)).assertStatus(401)
    ;(await client.post(METHODS).json({ ...TRANSFER, code: 'other' })).assertStatus(401)

    const rows = await db.from('payment_methods')
    assert.deepEqual(
      rows.map((row) => [row.code, Boolean(row.is_active)]),
      [['bank-transfer', true]]
    )
    assert.lengthOf(await auditEntries(), 1)
  })
})
