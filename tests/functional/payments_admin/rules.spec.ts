import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { configureStripe } from '#services/payments/stripe_provider'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'

const METHODS = '/api/v1/admin/payment-methods'

const TRANSFER = { code: 'transfer', name: 'Bank transfer', provider: 'manual' }
const CARD = { code: 'card', name: 'Card', provider: 'stripe' }

function stripeConfigured() {
  return configureStripe({
    secretKey: 'sk_test_rules',
    publishableKey: 'pk_test_rules',
    webhookSecret: 'whsec_rules',
  })
}

async function auditCount() {
  const rows = await db.from('admin_actions').where('resource', 'payment_methods')
  return rows.length
}

test.group('Payment methods admin: what is refused', (group) => {
  group.each.setup(() => truncateAll())
  group.each.setup(() => stripeConfigured())

  test('bad input is a 422 naming the field, and nothing is written', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    for (const [body, field] of [
      [{ ...TRANSFER, code: 'Bank Transfer' }, 'code'],
      [{ ...TRANSFER, code: 'BANK' }, 'code'],
      [{ ...TRANSFER, code: '-transfer' }, 'code'],
      [{ ...TRANSFER, code: '' }, 'code'],
      [{ ...TRANSFER, code: 'a'.repeat(41) }, 'code'],
      [{ ...TRANSFER, code: 'trans fer' }, 'code'],
      [{ name: 'Bank transfer', provider: 'manual' }, 'code'],
      [{ ...TRANSFER, name: '' }, 'name'],
      [{ ...TRANSFER, name: 'x'.repeat(121) }, 'name'],
      [{ ...TRANSFER, provider: 'paypal' }, 'provider'],
      [{ code: 'transfer', name: 'Bank transfer' }, 'provider'],
      [{ ...TRANSFER, capture: 'later' }, 'capture'],
      [{ ...TRANSFER, expires_after_minutes: 0 }, 'expires_after_minutes'],
      [{ ...TRANSFER, expires_after_minutes: -5 }, 'expires_after_minutes'],
      [{ ...TRANSFER, expires_after_minutes: 525_601 }, 'expires_after_minutes'],
      [{ ...TRANSFER, expires_after_minutes: 1.5 }, 'expires_after_minutes'],
      [{ ...TRANSFER, expires_after_minutes: '60' }, 'expires_after_minutes'],
      [{ ...TRANSFER, pay_on_delivery: 'yes' }, 'pay_on_delivery'],
      [{ ...TRANSFER, is_active: 1 }, 'is_active'],
      [{ ...TRANSFER, position: -1 }, 'position'],
      [{ ...TRANSFER, instructions: 'Pay\u0000now' }, 'instructions'],
      [{ ...TRANSFER, instructions: 'x'.repeat(2001) }, 'instructions'],
      [{ ...TRANSFER, kind: 'bank' }, 'kind'],
    ] as const) {
      const response = await client.post(METHODS).loginAs(staff).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    ;(
      await client
        .post(METHODS)
        .loginAs(staff)
        .json({ ...TRANSFER, code: 'a'.repeat(40), expires_after_minutes: 525_600 })
    ).assertStatus(201)
    ;(
      await client
        .post(METHODS)
        .loginAs(staff)
        .json({ ...TRANSFER, code: '0_x-y', expires_after_minutes: 1 })
    ).assertStatus(201)
    assert.lengthOf(await db.from('payment_methods'), 2)
    assert.equal(await auditCount(), 2)
  })

  test('a code another method has is a 422 on code, on create and on change', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    ;(await client.post(METHODS).loginAs(staff).json(TRANSFER)).assertStatus(201)
    const duplicate = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...TRANSFER, name: 'Another transfer' })
    duplicate.assertStatus(422)
    assert.equal(duplicate.body().errors[0].field, 'code')
    assert.match(duplicate.body().errors[0].message, /transfer is taken/)

    const card = await client.post(METHODS).loginAs(staff).json(CARD)
    card.assertStatus(201)
    const clash = await client
      .patch(`${METHODS}/${card.body().data.id}`)
      .loginAs(staff)
      .json({ code: 'transfer' })
    clash.assertStatus(422)
    assert.equal(clash.body().errors[0].field, 'code')
    assert.match(clash.body().errors[0].message, /taken/)

    // Its own code is not "taken".
    ;(
      await client
        .patch(`${METHODS}/${card.body().data.id}`)
        .loginAs(staff)
        .json({ code: 'card', name: 'Cards' })
    ).assertStatus(200)
    const rows = await db.from('payment_methods').orderBy('id')
    assert.deepEqual(
      rows.map((row) => [row.code, row.name]),
      [
        ['transfer', 'Bank transfer'],
        ['card', 'Cards'],
      ]
    )
    assert.equal(await auditCount(), 3)
  })

  test('pay on delivery is for manual methods only, and such a method does not expire', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const stripeCod = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...CARD, pay_on_delivery: true })
    stripeCod.assertStatus(422)
    assert.equal(stripeCod.body().errors[0].field, 'pay_on_delivery')
    assert.include(stripeCod.body().errors[0].message, 'manual')

    const expiring = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...TRANSFER, pay_on_delivery: true, expires_after_minutes: 60 })
    expiring.assertStatus(422)
    assert.equal(expiring.body().errors[0].field, 'expires_after_minutes')
    assert.include(expiring.body().errors[0].message, 'null')

    const transfer = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...TRANSFER, expires_after_minutes: 60 })
    transfer.assertStatus(201)
    const id = transfer.body().data.id
    const becomesCod = await client
      .patch(`${METHODS}/${id}`)
      .loginAs(staff)
      .json({ pay_on_delivery: true })
    becomesCod.assertStatus(422)
    assert.equal(becomesCod.body().errors[0].field, 'expires_after_minutes')
    const cod = await client
      .patch(`${METHODS}/${id}`)
      .loginAs(staff)
      .json({ pay_on_delivery: true, expires_after_minutes: null })
    cod.assertStatus(200)
    assert.deepInclude(cod.body().data, { pay_on_delivery: true, expires_after_minutes: null })
    const expiresAgain = await client
      .patch(`${METHODS}/${id}`)
      .loginAs(staff)
      .json({ expires_after_minutes: 30 })
    expiresAgain.assertStatus(422)
    assert.equal(expiresAgain.body().errors[0].field, 'expires_after_minutes')
    const toStripe = await client
      .patch(`${METHODS}/${id}`)
      .loginAs(staff)
      .json({ provider: 'stripe', pay_on_delivery: true })
    toStripe.assertStatus(422)
    assert.equal(toStripe.body().errors[0].field, 'pay_on_delivery')

    const row = await db.from('payment_methods').where('id', id).first()
    assert.equal(row.provider, 'manual')
    assert.isTrue(Boolean(row.pay_on_delivery))
    assert.isNull(row.expires_after_minutes)
  })

  test('manual capture is for stripe methods only', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const manualCapture = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...TRANSFER, capture: 'manual' })
    manualCapture.assertStatus(422)
    assert.equal(manualCapture.body().errors[0].field, 'capture')
    assert.include(manualCapture.body().errors[0].message, 'stripe')

    const transfer = await client.post(METHODS).loginAs(staff).json(TRANSFER)
    const change = await client
      .patch(`${METHODS}/${transfer.body().data.id}`)
      .loginAs(staff)
      .json({ capture: 'manual' })
    change.assertStatus(422)
    assert.equal(change.body().errors[0].field, 'capture')

    const card = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...CARD, capture: 'manual' })
    card.assertStatus(201)
    assert.equal(card.body().data.capture, 'manual')
  })

  test('an active stripe method needs Stripe configured', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const restore = configureStripe({ secretKey: '' })
    try {
      const refused = await client.post(METHODS).loginAs(staff).json(CARD)
      refused.assertStatus(422)
      assert.equal(refused.body().errors[0].field, 'provider')
      assert.include(refused.body().errors[0].message, 'STRIPE_SECRET_KEY')
      assert.include(refused.body().errors[0].message, 'STRIPE_WEBHOOK_SECRET')

      // Prepared inactive, it may be saved; activating it is refused.
      const inactive = await client
        .post(METHODS)
        .loginAs(staff)
        .json({ ...CARD, is_active: false })
      inactive.assertStatus(201)
      const id = inactive.body().data.id
      const activate = await client
        .patch(`${METHODS}/${id}`)
        .loginAs(staff)
        .json({ is_active: true })
      activate.assertStatus(422)
      assert.equal(activate.body().errors[0].field, 'is_active')
      assert.include(activate.body().errors[0].message, 'STRIPE_SECRET_KEY')

      const transfer = await client.post(METHODS).loginAs(staff).json(TRANSFER)
      const toStripe = await client
        .patch(`${METHODS}/${transfer.body().data.id}`)
        .loginAs(staff)
        .json({ provider: 'stripe' })
      toStripe.assertStatus(422)
      assert.equal(toStripe.body().errors[0].field, 'provider')
      assert.isFalse(Boolean((await db.from('payment_methods').where('id', id).first()).is_active))
    } finally {
      restore()
    }

    const card = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...CARD, code: 'card-2' })
    card.assertStatus(201)
    ;(
      await client
        .patch(`${METHODS}/${(await db.from('payment_methods').where('code', 'card').first()).id}`)
        .loginAs(staff)
        .json({ is_active: true })
    ).assertStatus(200)
  })

  test('a method pending unpaid orders use cannot be deleted: 409 E_METHOD_IN_USE', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1000, stock: 20 }).create()
    // Placed while no method is active (checkout then needs none); each is
    // then given the method and a payment state.
    const numbers: string[] = []
    for (let index = 0; index < 5; index++) {
      numbers.push(await placeOrder(client, customer, [[product, 1]]))
    }
    const transfer = await client.post(METHODS).loginAs(staff).json(TRANSFER)
    transfer.assertStatus(201)
    const id = transfer.body().data.id
    const other = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...TRANSFER, code: 'other' })
    other.assertStatus(201)

    const use = (number: string, values: Record<string, unknown>) =>
      db
        .from('orders')
        .where('number', number)
        .update({
          payment_method_id: id,
          payment_method_code: 'transfer',
          payment_method_name: 'Bank transfer',
          payment_provider: 'manual',
          ...values,
        })
    // Done with: paid, refunded, expired (cancelled), another method's.
    await use(numbers[0], { payment_status: 'paid', amount_paid: 1000 })
    await use(numbers[1], { payment_status: 'expired', status: 'cancelled' })
    await use(numbers[2], { payment_status: 'refunded' })
    await db
      .from('orders')
      .where('number', numbers[3])
      .update({ payment_method_id: other.body().data.id, payment_status: 'unpaid' })

    for (const status of ['unpaid', 'failed', 'authorized']) {
      await use(numbers[4], { payment_status: status })
      const refused = await client.delete(`${METHODS}/${id}`).loginAs(staff)
      refused.assertStatus(409)
      assert.equal(refused.body().errors[0].code, 'E_METHOD_IN_USE', status)
      assert.include(refused.body().errors[0].message, 'deactivate it instead')
      assert.equal(refused.body().errors[0].orders, 1)
    }
    assert.isNotNull(await db.from('payment_methods').where('id', id).first())
    assert.equal(await auditCount(), 2)

    // Deactivated, it stays (the order can still be paid for) ...
    const deactivated = await client
      .patch(`${METHODS}/${id}`)
      .loginAs(staff)
      .json({ is_active: false })
    deactivated.assertStatus(200)
    assert.isFalse(deactivated.body().data.is_active)

    // ... and once that order is paid, it may go.
    await use(numbers[4], { payment_status: 'paid', amount_paid: 1000 })
    ;(await client.delete(`${METHODS}/${id}`).loginAs(staff)).assertStatus(204)
    assert.isNull(await db.from('payment_methods').where('id', id).first())
    const order = await db.from('orders').where('number', numbers[4]).first()
    assert.equal(order.payment_method_code, 'transfer', 'orders keep their snapshot')
    assert.equal(await auditCount(), 4)
  })

  test('an order placed with the method at checkout keeps it from being deleted until it is paid', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1250, stock: 5 }).create()
    const transfer = await client
      .post(METHODS)
      .loginAs(staff)
      .json({ ...TRANSFER, expires_after_minutes: 60 })
    transfer.assertStatus(201)
    const id = transfer.body().data.id
    const placed = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: product.id, quantity: 1 }], payment_method: 'transfer' })
    placed.assertStatus(201)
    const number = placed.body().data.number

    const refused = await client.delete(`${METHODS}/${id}`).loginAs(staff)
    refused.assertStatus(409)
    assert.equal(refused.body().errors[0].code, 'E_METHOD_IN_USE')

    const total = placed.body().data.total
    ;(
      await client
        .post(`/api/v1/admin/orders/${number}/payments`)
        .loginAs(staff)
        .json({ amount: total, reference: 'TRANSFER-42' })
    ).assertStatus(200)
    ;(await client.delete(`${METHODS}/${id}`).loginAs(staff)).assertStatus(204)
    const order = await db.from('orders').where('number', number).first()
    assert.equal(order.payment_status, 'paid')
    assert.equal(order.payment_method_code, 'transfer')
  })
})
