import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Order from '#models/order'
import Promotion from '#models/promotion'
import PromotionRedemption from '#models/promotion_redemption'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import { AdminSession } from '#tests/support/admin_session'
import type { Page } from 'playwright-core'

async function signIn(page: Page, email: string, password = 'password123') {
  await page.goto(`${serverUrl()}/admin/login`)
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.press('input[name=password]', 'Enter')
  await page.waitForURL(/\/admin$/)
}

/**
 * Picks an option of an AdminJS select (a reference or a list of values)
 * by typing its label.
 */
async function choose(page: Page, property: string, label: string) {
  const field = page.locator(`[data-testid=property-edit-${property}]`)
  await field.locator('input').first().click()
  await field.locator('input').first().fill(label)
  await page.getByText(label, { exact: true }).last().click()
}

test.group('Browser: pricing in the panel (issue 19)', (group) => {
  group.each.setup(() => truncateAll())
  group.each.timeout(90_000)

  test('staff add a tax rate (a refused rate shows its message and keeps what was typed) and a weight-band shipping method', async ({
    assert,
    cleanup,
  }) => {
    const staff = await UserFactory.apply('staff').merge({ email: 'prices@example.test' }).create()
    const api = await AdminSession.signIn(staff.email, 'password123')
    await api.api('POST', '/resources/shipping_zones/actions/new', {
      name: 'Domestic',
      countries: 'DE',
    })

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await signIn(page, 'prices@example.test')

    await page.goto(`${serverUrl()}/admin/resources/tax_rates/actions/new`)
    await page.fill('input[name=country]', 'de')
    await page.fill('input[name=name]', 'VAT')
    await page.fill('input[name=rate]', '120')
    await page.click('form button[type=submit]')
    const rateField = page.locator('[data-testid=property-edit-rate]')
    await rateField.getByText(/100/).waitFor()
    assert.equal(await page.inputValue('input[name=rate]'), '120')
    assert.lengthOf(await db.from('tax_rates'), 0)

    await page.fill('input[name=rate]', '20')
    await page.click('form button[type=submit]')
    await page.waitForURL(/\/admin\/resources\/tax_rates\/records\/\d+\/show(\?|$)/)
    await page.locator('[data-testid=property-show-rate]', { hasText: '20.00' }).waitFor()
    const [rate] = await db.from('tax_rates')
    assert.deepEqual([rate.country, rate.tax_class, Number(rate.rate_bp)], ['DE', 'standard', 2000])

    await page.goto(`${serverUrl()}/admin/resources/shipping_methods/actions/new`)
    await choose(page, 'zoneId', 'Domestic')
    await page.fill('input[name=name]', 'Express')
    await choose(page, 'rateType', 'weight')
    await page.fill('textarea[name=weightBands]', '1000: 4.90\nheavy')
    await page.click('form button[type=submit]')
    await page.locator('[data-testid=property-edit-weightBands]', { hasText: 'line 2' }).waitFor()
    assert.lengthOf(await db.from('shipping_methods'), 0)

    await page.fill('textarea[name=weightBands]', '1000: 4.90\n*: 9.90')
    await page.click('form button[type=submit]')
    await page.waitForURL(/\/admin\/resources\/shipping_methods\/records\/\d+\/show(\?|$)/)
    const [method] = await db.from('shipping_methods')
    assert.equal(method.rate_type, 'weight')
    assert.isTrue(Boolean(method.is_active), 'the box starts ticked')
    assert.deepEqual(JSON.parse(method.weight_bands), [
      { maxGrams: 1000, price: 490 },
      { maxGrams: null, price: 990 },
    ])
    const audit = await db
      .from('admin_actions')
      .whereIn('resource', ['tax_rates', 'shipping_methods'])
    assert.sameMembers(
      audit.map((entry) => `${entry.resource} ${entry.action}`),
      ['tax_rates new', 'shipping_methods new']
    )
  })

  test('the order page lists the discounts, the shipping method and tax per rate; the dashboard the discounts and the promotions used', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('admin').merge({ email: 'owner@example.test' }).create()
    const customer = await UserFactory.merge({ fullName: 'Erika Muster' }).create()
    const welcome = await Promotion.create({
      name: 'Welcome',
      code: 'WELCOME10',
      isActive: true,
      effect: 'percentage',
      value: 1000,
      target: 'order',
      productIds: [],
      categoryIds: [],
      variantIds: [],
      firstOrderOnly: true,
      timesUsed: 1,
    })
    const order = await Order.create({
      number: 'ORD-PRICED-1',
      userId: customer.id,
      status: 'pending',
      currency: 'EUR',
      subtotal: 5000,
      discountTotal: 500,
      shippingTotal: 490,
      taxTotal: 998,
      total: 5988,
      pricesIncludeTax: false,
      couponCode: 'WELCOME10',
      shippingMethodName: 'Standard',
      pricing: {
        discounts: [
          {
            promotionId: welcome.id,
            name: 'Welcome',
            code: 'WELCOME10',
            level: 'order',
            amount: 500,
          },
        ],
        taxes: [
          {
            rateId: 1,
            name: 'VAT',
            country: 'DE',
            taxClass: 'standard',
            rateBp: 2000,
            base: 4990,
            amount: 998,
          },
        ],
        shipping: {
          methodId: 1,
          name: 'Standard',
          zoneName: 'Domestic',
          deliveryEstimate: '2-3 days',
          price: 490,
        },
        weightGrams: 800,
      },
      itemCount: 1,
      shipFullName: 'Erika Muster',
      shipLine1: 'Hauptstr. 1',
      shipCity: 'Berlin',
      shipPostalCode: '10115',
      shipCountry: 'DE',
    })
    await PromotionRedemption.create({
      promotionId: welcome.id,
      userId: customer.id,
      orderId: order.id,
      amount: 500,
    })

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await signIn(page, 'owner@example.test')

    await page.locator('[data-testid=dashboard]').waitFor()
    assert.equal(
      await page.locator('[data-testid=discounts-today]').textContent(),
      '5.00 discounts'
    )
    const promotions = page.locator('[data-testid=dashboard-promotions]')
    await promotions.getByText('Welcome', { exact: true }).waitFor()
    assert.include(await promotions.textContent(), 'WELCOME10')

    await page.goto(`${serverUrl()}/admin/resources/orders/records/${order.id}/show`)
    await page.locator('[data-testid=order-page]').waitFor()
    const discount = await page.locator('[data-testid=order-discount]').textContent()
    assert.include(discount, 'Discount: Welcome (code WELCOME10)')
    assert.include(discount, '-5.00 EUR')
    const shipping = await page.locator('[data-testid=order-shipping]').textContent()
    assert.include(shipping, 'Shipping: Standard (Domestic), 2-3 days')
    assert.include(shipping, '4.90 EUR')
    const tax = await page.locator('[data-testid=order-tax]').textContent()
    assert.include(tax, 'Tax: VAT 20.00% (DE, standard) on 49.90 EUR')
    assert.include(tax, '9.98 EUR')
    assert.equal(await page.locator('[data-testid=order-total]').textContent(), '59.88 EUR')
  })
})
