import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { configureStripe } from '#services/payments/stripe_provider'
import { truncateAll } from '#tests/support/database'

const METHODS = '/api/v1/admin/payment-methods'
const PUBLIC = '/api/v1/payment-methods'

test.group('Payment methods: the public list', (group) => {
  group.each.setup(() => truncateAll())
  group.each.setup(() =>
    configureStripe({
      secretKey: 'sk_test_public',
      publishableKey: 'pk_test_public',
      webhookSecret: 'whsec_public',
    })
  )

  test('anyone sees the active methods by position, without staff fields', async ({
    client,
    assert,
  }) => {
    const empty = await client.get(PUBLIC)
    empty.assertStatus(200)
    assert.deepEqual(empty.body(), { data: [] })

    const staff = await UserFactory.apply('staff').create()
    const create = async (body: Record<string, unknown>) => {
      const response = await client.post(METHODS).loginAs(staff).json(body)
      response.assertStatus(201)
      return response.body().data
    }
    await create({
      code: 'transfer',
      name: 'Bank transfer',
      provider: 'manual',
      expires_after_minutes: 10_080,
      instructions: 'IBAN DE89 3704 0044 0532 0130 00',
      position: 3,
    })
    await create({ code: 'card', name: 'Card', provider: 'stripe', position: 1 })
    await create({
      code: 'cod',
      name: 'Cash on delivery',
      provider: 'manual',
      pay_on_delivery: true,
      position: 2,
    })
    await create({ code: 'cheque', name: 'Cheque', provider: 'manual', is_active: false })
    const later = await create({ code: 'invoice', name: 'Invoice', provider: 'manual' })

    const listed = await client.get(PUBLIC)
    listed.assertStatus(200)
    assert.deepEqual(listed.body().data, [
      {
        code: 'invoice',
        name: 'Invoice',
        provider: 'manual',
        pay_on_delivery: false,
        expires_after_minutes: null,
        instructions: null,
        publishable_key: null,
      },
      {
        code: 'card',
        name: 'Card',
        provider: 'stripe',
        pay_on_delivery: false,
        expires_after_minutes: null,
        instructions: null,
        publishable_key: 'pk_test_public',
      },
      {
        code: 'cod',
        name: 'Cash on delivery',
        provider: 'manual',
        pay_on_delivery: true,
        expires_after_minutes: null,
        instructions: null,
        publishable_key: null,
      },
      {
        code: 'transfer',
        name: 'Bank transfer',
        provider: 'manual',
        pay_on_delivery: false,
        expires_after_minutes: 10_080,
        instructions: 'IBAN DE89 3704 0044 0532 0130 00',
        publishable_key: null,
      },
    ])

    // Deactivated or moved, the list follows; a signed-in customer sees the same.
    ;(
      await client.patch(`${METHODS}/${later.id}`).loginAs(staff).json({ is_active: false })
    ).assertStatus(200)
    const customer = await UserFactory.create()
    const after = await client.get(PUBLIC).loginAs(customer)
    after.assertStatus(200)
    assert.deepEqual(
      after.body().data.map((method: any) => method.code),
      ['card', 'cod', 'transfer']
    )
  })

  test('a stripe method without a publishable key configured shows null', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    ;(
      await client
        .post(METHODS)
        .loginAs(staff)
        .json({ code: 'card', name: 'Card', provider: 'stripe' })
    ).assertStatus(201)
    const restore = configureStripe({ publishableKey: '' })
    try {
      const listed = await client.get(PUBLIC)
      listed.assertStatus(200)
      assert.isNull(listed.body().data[0].publishable_key)
    } finally {
      restore()
    }
  })

  test('the public list takes no query parameters', async ({ client, assert }) => {
    const response = await client.get(PUBLIC).qs({ provider: 'stripe' })
    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'provider')
  })
})
