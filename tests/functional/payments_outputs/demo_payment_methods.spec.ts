import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import PaymentMethod from '#models/payment_method'
import { truncateAll } from '#tests/support/database'
import { DemoDataService } from '#services/demo_data_service'
import { configureStripe } from '#services/payments/stripe_provider'

async function methods() {
  const rows = await PaymentMethod.query().orderBy('position').orderBy('id')
  return rows.map((method) => ({
    code: method.code,
    provider: method.provider,
    payOnDelivery: method.payOnDelivery,
    capture: method.capture,
    expiresAfterMinutes: method.expiresAfterMinutes,
    isActive: method.isActive,
  }))
}

/**
 * The demo's payment methods (issue 20): a bank transfer and cash on
 * delivery always, a card through Stripe active only on a server with a
 * Stripe secret key.
 */
test.group('Payments (issue 20): the demo data', (group) => {
  group.each.setup(() => truncateAll())
  // On SQLite, migration:reset cannot drop `categories` while the demo
  // catalog is in it (a foreign key): leave the database empty.
  group.teardown(() => truncateAll())

  test('db:seed without Stripe: bank transfer and cash on delivery active, the card inactive; again, nothing more and staff changes kept', async ({
    assert,
    cleanup,
  }) => {
    cleanup(configureStripe({ secretKey: '' }))
    const ace = await app.container.make('ace')
    assert.equal((await ace.exec('db:seed', [])).exitCode, 0)

    const seeded = [
      {
        code: 'bank-transfer',
        provider: 'manual',
        payOnDelivery: false,
        capture: 'automatic',
        expiresAfterMinutes: 10_080,
        isActive: true,
      },
      {
        code: 'cash-on-delivery',
        provider: 'manual',
        payOnDelivery: true,
        capture: 'automatic',
        expiresAfterMinutes: null,
        isActive: true,
      },
      {
        code: 'card',
        provider: 'stripe',
        payOnDelivery: false,
        capture: 'automatic',
        expiresAfterMinutes: 30,
        isActive: false,
      },
    ]
    assert.deepEqual(await methods(), seeded)
    const bank = await PaymentMethod.findByOrFail('code', 'bank-transfer')
    assert.equal(bank.name, 'Bank transfer')
    assert.match(bank.instructions!, /IBAN [A-Z]{2}\d{2}( \d{4}){4} \d{2}/)
    assert.include(bank.instructions!, 'order number as reference')
    const cash = await PaymentMethod.findByOrFail('code', 'cash-on-delivery')
    assert.equal(cash.name, 'Cash on delivery')

    // Staff switch the bank transfer off; seeding again keeps that.
    bank.isActive = false
    await bank.save()
    assert.equal((await ace.exec('db:seed', [])).exitCode, 0)
    assert.deepEqual(
      await methods(),
      seeded.map((method) =>
        method.code === 'bank-transfer' ? { ...method, isActive: false } : method
      )
    )
  })

  test('with a Stripe secret key the card is active', async ({ assert, cleanup }) => {
    cleanup(configureStripe({ secretKey: 'sk_test_demo' }))
    await new DemoDataService().seed()
    const card = await PaymentMethod.findByOrFail('code', 'card')
    assert.isTrue(card.isActive)
    assert.equal(card.provider, 'stripe')
    assert.equal(card.capture, 'automatic')
    assert.equal(card.expiresAfterMinutes, 30)
    assert.lengthOf(await PaymentMethod.query().where('is_active', true), 3)
  })
})
