import { test } from '@japa/runner'
import { mkdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import { bankTransferMethod, orderRow, placeOrderPaying } from '#tests/support/payments'
import type { Page } from 'playwright-core'

async function signIn(page: Page, email: string, password = 'password123') {
  await page.goto(`${serverUrl()}/admin/login`)
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.press('input[name=password]', 'Enter')
  await page.waitForURL(/\/admin$/)
}

/**
 * Picks an option of an AdminJS select by typing its label.
 */
async function choose(page: Page, property: string, label: string) {
  const field = page.locator(`[data-testid=property-edit-${property}]`)
  await field.locator('input').first().click()
  await field.locator('input').first().fill(label)
  await page.getByText(label, { exact: true }).last().click()
}

test.group('Browser: payments in the panel (issue 20)', (group) => {
  group.each.setup(() => truncateAll())
  group.each.timeout(90_000)

  test('staff open an unpaid bank-transfer order from the list, record the transfer (a bad amount shows under the field) and see it paid without reloading, then refund part of it with a double-click: one refund', async ({
    client,
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'cashier@example.test' }).create()
    await bankTransferMethod()
    const customer = await UserFactory.merge({ fullName: 'Grace Hopper' }).create()
    const lamp = await ProductFactory.merge({ name: 'Desk Lamp', price: 2477, stock: 10 }).create()
    const number = await placeOrderPaying(client, customer, [[lamp, 2]], 'transfer')
    const order = await orderRow(number)
    const money = (amount: string) => `${amount} ${order.currency}`

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await signIn(page, 'cashier@example.test')

    // The dashboard counts it as awaiting payment.
    await page.locator('[data-testid=dashboard]').waitFor()
    assert.equal(
      await page.locator('[data-testid=awaiting-payment]').textContent(),
      '1 awaiting payment'
    )

    // The list shows its payment state and filters by it.
    await page.goto(`${serverUrl()}/admin/resources/orders?filters.paymentStatus=unpaid`)
    const row = page.locator('tr', { hasText: number })
    await row.locator('[data-status=unpaid]').waitFor()
    await row.getByText(number, { exact: true }).click()
    await page.locator('[data-testid=order-page]').waitFor()
    assert.match(page.url(), new RegExp(`/records/${order.id}/show$`))

    const payment = page.locator('[data-testid=order-payment]')
    assert.equal(await payment.locator('[data-testid=payment-status]').textContent(), 'unpaid')
    assert.include(
      await payment.locator('[data-testid=payment-method]').textContent(),
      'Bank transfer (manual)'
    )
    assert.equal(await payment.locator('[data-testid=payment-due]').textContent(), money('49.54'))

    await payment.getByRole('button', { name: 'Record payment' }).click()
    const form = page.locator('[data-testid=record-payment-form]')
    assert.equal(await form.locator('input[name=payment-amount]').inputValue(), '49.54')
    await form.locator('input[name=payment-amount]').fill('49,54')
    await form.locator('input[name=payment-reference]').fill('SEPA 2026-11-26 GH')
    await form.getByRole('button', { name: 'Record payment' }).click()
    await page.locator('[data-testid=payment-amount-error]', { hasText: /amount/i }).waitFor()
    assert.lengthOf(await db.from('payments'), 0)
    assert.equal(
      await form.locator('input[name=payment-reference]').inputValue(),
      'SEPA 2026-11-26 GH',
      'what was typed stays'
    )

    await form.locator('input[name=payment-amount]').fill('49.54')
    await form.getByRole('button', { name: 'Record payment' }).click()
    await payment.locator('[data-testid=payment-status][data-status=paid]').waitFor()
    assert.equal(await payment.locator('[data-testid=payment-paid]').textContent(), money('49.54'))
    assert.equal(await payment.locator('[data-testid=payment-due]').textContent(), money('0.00'))
    const recorded = await payment.locator('[data-testid=order-payment-row]').textContent()
    assert.include(recorded, 'SEPA 2026-11-26 GH')
    assert.include(recorded, money('49.54'))
    await page
      .locator('[data-testid=timeline-entry]', { hasText: 'payment: unpaid → paid' })
      .waitFor()
    assert.equal(await form.count(), 0, 'the form closed')
    assert.equal(
      await payment.getByRole('button', { name: 'Record payment' }).count(),
      0,
      'nothing left to record'
    )

    mkdirSync(app.makePath('tmp/screenshots'), { recursive: true })
    await page.screenshot({
      path: app.makePath('tmp/screenshots/payments_panel_paid.png'),
      fullPage: true,
    })

    const stored = await orderRow(number)
    assert.deepEqual([stored.paymentStatus, Number(stored.amountPaid)], ['paid', 4954])
    const audit = await db.from('admin_actions').where('action', 'order:payment_recorded')
    assert.deepEqual(
      audit.map((entry) => [entry.admin_email, entry.record_id]),
      [['cashier@example.test', number]]
    )

    // Still paid after a reload.
    await page.reload()
    await page
      .locator('[data-testid=order-payment] [data-testid=payment-status][data-status=paid]')
      .waitFor()

    // A partial refund: without the transfer's reference it is refused
    // under the field; a double-click on the button makes one refund.
    await payment.getByRole('button', { name: 'Refund', exact: true }).click()
    const refund = page.locator('[data-testid=refund-form]')
    await refund.locator('input[name=refund-amount]').fill('10.00')
    await refund.locator('input[name=refund-reason]').fill('Scratched')
    await refund.getByRole('button', { name: 'Refund', exact: true }).click()
    await page.locator('[data-testid=refund-reference-error]', { hasText: /reference/i }).waitFor()
    assert.lengthOf(await db.from('payment_refunds'), 0)
    await refund.locator('input[name=refund-reference]').fill('BACK 2026-11-26')
    await refund.getByRole('button', { name: 'Refund', exact: true }).dblclick()
    await payment.locator('[data-testid=payment-status][data-status=partially_refunded]').waitFor()
    await payment.locator('[data-testid=order-refund-row]').waitFor()
    assert.equal(
      await payment.locator('[data-testid=payment-refunded]').textContent(),
      money('10.00')
    )
    const refunds = await db.from('payment_refunds')
    assert.deepEqual(
      refunds.map((entry) => [Number(entry.amount), entry.status, entry.reference, entry.reason]),
      [[1000, 'succeeded', 'BACK 2026-11-26', 'Scratched']]
    )
  })
  test('staff add a bank transfer method in the Payments group (a bad code shows under the field and keeps what was typed)', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'setup@example.test' }).create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await signIn(page, 'setup@example.test')

    // The sidebar's Payments group holds the methods and the provider events.
    await page.getByText('Payments', { exact: true }).first().click()
    await page.locator('a[href$="/admin/resources/payment_provider_events"]').waitFor()
    await page.locator('a[href$="/admin/resources/payment_methods"]').click()
    await page.waitForURL(/\/admin\/resources\/payment_methods(\?|$)/)

    await page.goto(`${serverUrl()}/admin/resources/payment_methods/actions/new`)
    await page.fill('input[name=code]', 'Bank Transfer')
    await page.fill('input[name=name]', 'Bank transfer')
    await choose(page, 'provider', 'manual')
    await page.fill('input[name=expiresAfterMinutes]', '10080')
    await page.fill('textarea[name=instructions]', 'IBAN DE89 3704 0044 0532 0130 00')
    await page.click('form button[type=submit]')
    await page.locator('[data-testid=property-edit-code]', { hasText: /lower case/ }).waitFor()
    assert.equal(await page.inputValue('input[name=code]'), 'Bank Transfer')
    assert.lengthOf(await db.from('payment_methods'), 0)

    await page.fill('input[name=code]', 'transfer')
    await page.click('form button[type=submit]')
    await page.waitForURL(/\/admin\/resources\/payment_methods\/records\/\d+\/show(\?|$)/)
    const [method] = await db.from('payment_methods')
    assert.deepEqual(
      [method.code, method.provider, Number(method.expires_after_minutes), method.capture],
      ['transfer', 'manual', 10080, 'automatic']
    )
    assert.isTrue(Boolean(method.is_active), 'the box starts ticked')
    assert.isFalse(Boolean(method.pay_on_delivery))
    const audit = await db.from('admin_actions').where('resource', 'payment_methods')
    assert.deepEqual(
      audit.map((entry) => [entry.action, entry.admin_email]),
      [['new', 'setup@example.test']]
    )
  })
})
