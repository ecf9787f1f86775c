import { test } from '@japa/runner'
import { mkdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import Product from '#models/product'
import Order from '#models/order'
import AdminAction from '#models/admin_action'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import { LiveClient } from '#tests/support/live_client'
import { jwtSigner } from '#config/auth'
import type { Page } from 'playwright-core'

/**
 * Screenshots of the product list and the dashboard (the README shows
 * them): under tmp/screenshots, or in docs/ with `DOCS_SCREENSHOTS=true`.
 */
const screenshots = app.makePath(
  process.env.DOCS_SCREENSHOTS === 'true' ? 'docs' : 'tmp/screenshots'
)

async function signIn(page: Page, email: string, password = 'password123') {
  await page.goto(`${serverUrl()}/admin/login`)
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.press('input[name=password]', 'Enter')
}

test.group('Browser: staff panel', (group) => {
  group.each.setup(() => truncateAll())
  group.setup(() => {
    mkdirSync(screenshots, { recursive: true })
  })

  test('a customer cannot sign in to the panel', async ({ assert, cleanup }) => {
    await UserFactory.merge({ email: 'shopper@example.test' }).create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage()
    await signIn(page, 'shopper@example.test')
    await page.waitForLoadState('networkidle')
    assert.match(page.url(), /\/admin\/login$/)
    assert.isTrue(await page.locator('input[name=password]').isVisible())

    const direct = await page.goto(`${serverUrl()}/admin/resources/products`)
    assert.match(page.url(), /\/admin\/login$/)
    assert.equal(direct?.status(), 200)
  })

  test('staff create a product, adjust its stock and ship an order: the API, the channels and the audit log follow', async ({
    client,
    assert,
    cleanup,
  }) => {
    const staff = await UserFactory.apply('staff').merge({ email: 'desk@example.test' }).create()
    const customer = await UserFactory.create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })

    await signIn(page, 'desk@example.test')
    await page.waitForURL(/\/admin$/)

    // Create a product.
    await page.goto(`${serverUrl()}/admin/resources/products/actions/new`)
    await page.fill('input[name=name]', 'Panel Lamp')
    await page.fill('input[name=price]', '24.50')
    await page.fill('input[name=lowStockThreshold]', '2')
    await page.click('form button[type=submit]')
    await page.waitForURL((url) => url.pathname === '/admin/resources/products')
    const product = await Product.findByOrFail('name', 'Panel Lamp')
    assert.equal(product.price, 2450)
    assert.equal(product.slug, 'panel-lamp')

    // Adjust its stock (the form never writes it), watched on the public
    // stock channel.
    const live = new LiveClient()
    cleanup(() => live.close())
    const stockChannel = await live.subscribe(`products/${product.id}/stock`)
    await page.goto(`${serverUrl()}/admin/resources/products/records/${product.id}/adjustStock`)
    await page.locator('[data-testid=adjust-stock]').waitFor()
    await page.fill('input[name=delta]', '3')
    await page.fill('input[name=reason]', 'Counted the shelf')
    await page.getByRole('button', { name: 'Adjust stock' }).click()
    assert.containsSubset(await stockChannel.next((event: any) => event.stock === 3), {
      product_id: product.id,
    })
    const apiProduct = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(apiProduct.body().data.stock, 3)
    assert.equal(apiProduct.body().data.price, '24.50')

    await page.goto(`${serverUrl()}/admin/resources/products`)
    await page.locator('text=Panel Lamp').first().waitFor()
    await page.screenshot({ path: `${screenshots}/products_list.png`, fullPage: true })

    // Ship an order with the action.
    const other = await ProductFactory.merge({ stock: 5 }).create()
    const placed = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: other.id, quantity: 1 }] })
    const number: string = placed.body().data.number
    const order = await Order.findByOrFail('number', number)
    const ownerLive = new LiveClient({ token: (await jwtSigner.sign(customer)).value })
    cleanup(() => ownerLive.close())
    const ownerChannel = await ownerLive.subscribe(`users/${customer.id}/orders`)

    await page.goto(`${serverUrl()}/admin/resources/orders/records/${order.id}/show`)
    await page.locator('[data-testid=order-title]').waitFor()
    // The header names the order; the moves are the page's own buttons
    // (AdminJS's header buttons and their red confirm dialog are gone).
    assert.equal(await page.locator('[data-testid=order-title]').textContent(), `Order ${number}`)
    assert.equal(await page.getByText('Mark shipped', { exact: true }).count(), 0)
    assert.equal(await page.getByText('Mark delivered', { exact: true }).count(), 0)
    assert.equal(await page.getByRole('button', { name: 'Deliver', exact: true }).count(), 0)
    await page.getByRole('button', { name: 'Ship', exact: true }).click()
    await page.locator('[data-testid=order-status]', { hasText: 'shipped' }).waitFor()

    assert.containsSubset(await ownerChannel.next((event: any) => event.to === 'shipped'), {
      order_number: number,
      from: 'pending',
    })
    const apiOrder = await client.get(`/api/v1/orders/${number}`).loginAs(customer)
    assert.equal(apiOrder.body().data.status, 'shipped')

    const entries = await AdminAction.query().orderBy('id')
    assert.deepEqual(
      entries.map((entry) => [entry.adminEmail, entry.action, entry.resource]),
      [
        ['desk@example.test', 'sign_in', 'session'],
        ['desk@example.test', 'new', 'products'],
        ['desk@example.test', 'stock_adjustment', 'product_variants'],
        ['desk@example.test', 'order:shipped', 'orders'],
      ]
    )
    assert.containsSubset(JSON.parse(entries[2].changes!), {
      reason: 'Counted the shelf',
      stock: { from: 0, to: 3 },
    })
    assert.equal(entries[3].recordId, number)
    assert.equal(entries[1].adminId, staff.id)
  })

  test('state-changing panel requests without the CSRF token are refused', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'csrf@example.test' }).create()
    const product = await ProductFactory.merge({ stock: 4 }).create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage()
    await signIn(page, 'csrf@example.test')
    await page.waitForURL(/\/admin$/)

    const forged = await page
      .context()
      .request.post(`${serverUrl()}/admin/api/resources/products/records/${product.id}/edit`, {
        form: { stock: '0' },
      })
    assert.equal(forged.status(), 403)
    await product.refresh()
    assert.equal(product.stock, 4)

    // An order move is a GET on the panel API once confirmed: a forged one
    // (a link or an image on another site) carries no token.
    const customer = await UserFactory.create()
    const { CheckoutService } = await import('#services/checkout_service')
    await new CheckoutService().placeOrder(customer, {
      items: [{ product_id: product.id, quantity: 1 }],
    })
    const order = await Order.query().firstOrFail()
    const forgedMove = await page
      .context()
      .request.get(`${serverUrl()}/admin/api/resources/orders/records/${order.id}/markShipped`)
    assert.equal(forgedMove.status(), 403)
    await order.refresh()
    assert.equal(order.status, 'pending')
  })

  test('the dashboard shows the figures of the day, orders per status and low stock', async ({
    client,
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('admin').merge({ email: 'boss@example.test' }).create()
    const customer = await UserFactory.create()
    const scarce = await ProductFactory.merge({
      name: 'Scarce Widget',
      stock: 3,
      lowStockThreshold: 2,
    }).create()
    const plenty = await ProductFactory.merge({ stock: 50 }).create()
    const numbers: string[] = []
    for (const [product, quantity] of [
      [scarce, 2],
      [plenty, 1],
      [plenty, 2],
    ] as const) {
      const response = await client
        .post('/api/v1/orders')
        .loginAs(customer)
        .json({ items: [{ product_id: product.id, quantity }] })
      numbers.push(response.body().data.number)
    }
    await client.post(`/api/v1/orders/${numbers[2]}/cancel`).loginAs(customer)

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await signIn(page, 'boss@example.test')
    await page.waitForURL(/\/admin$/)
    await page.locator('[data-testid=dashboard]').waitFor()
    // Cancelled orders count in "per status", not in sales.
    assert.equal(await page.locator('[data-testid=orders-today]').textContent(), '2 orders')
    assert.equal(await page.locator('[data-testid=orders-30d]').textContent(), '2 orders')
    await page.locator('text=Scarce Widget').waitFor()
    for (const number of numbers) {
      await page.locator(`text=${number}`).waitFor()
    }
    await page.screenshot({ path: `${screenshots}/dashboard.png`, fullPage: true })
  })
})
