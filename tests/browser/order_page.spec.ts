import { test } from '@japa/runner'
import { mkdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import Product from '#models/product'
import Order from '#models/order'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import type { Page } from 'playwright-core'

/**
 * The screenshot goes to tmp/screenshots, like the other browser tests';
 * `DOCS_SCREENSHOTS=true` writes it to docs/ instead, to refresh the
 * picture the README shows (a test run never changes a tracked file).
 */
const docs = app.makePath(process.env.DOCS_SCREENSHOTS === 'true' ? 'docs' : 'tmp/screenshots')

async function signIn(page: Page, email: string, password = 'password123') {
  await page.goto(`${serverUrl()}/admin/login`)
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.press('input[name=password]', 'Enter')
  await page.waitForURL(/\/admin$/)
}

/**
 * Every request the page makes, to check that none goes to another host.
 */
function requestLog(page: Page) {
  const urls: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  return urls
}

/**
 * Finds an order by its number with the list's filter and opens its page.
 */
async function openOrder(page: Page, number: string) {
  await page.goto(`${serverUrl()}/admin/resources/orders?filters.number=${number}`)
  await page.getByText(number, { exact: true }).first().click()
  await page.locator('[data-testid=order-page]').waitFor()
}

test.group('Browser: the order page for fulfilment', (group) => {
  group.each.setup(() => truncateAll())
  group.setup(() => {
    mkdirSync(docs, { recursive: true })
  })

  // issue 16, items 1 and 2
  test('staff find a pending order by its number, ship it and see the new status, totals and timeline without reloading', async ({
    client,
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'packer@example.test' }).create()
    const customer = await UserFactory.merge({ fullName: 'Ada Lovelace' }).create()
    const lamp = await ProductFactory.merge({ name: 'Desk Lamp', price: 2477, stock: 10 }).create()
    const bulb = await ProductFactory.merge({ name: 'Spare Bulb', price: 150, stock: 10 }).create()
    await placeOrder(client, customer, [[bulb, 1]])
    const number = await placeOrder(client, customer, [
      [lamp, 3],
      [bulb, 2],
    ])
    const order = await Order.findByOrFail('number', number)

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const requests = requestLog(page)
    await signIn(page, 'packer@example.test')
    await openOrder(page, number)
    assert.match(page.url(), new RegExp(`/records/${order.id}/show$`))

    const title = page.locator('[data-testid=order-title]')
    assert.equal(await title.textContent(), `Order ${number}`)
    assert.equal(await page.title(), `Order ${number}`)
    // The moves are the page's buttons only: no AdminJS header buttons.
    assert.equal(await page.getByText('Mark shipped', { exact: true }).count(), 0)
    assert.equal(await page.getByText('Cancel order', { exact: true }).count(), 0)
    assert.equal(await page.locator('[data-testid=order-status]').textContent(), 'pending')
    assert.equal(await page.locator('[data-testid=order-customer]').textContent(), 'Ada Lovelace')
    const lines = page.locator('[data-testid=order-lines]')
    await lines.getByText('Desk Lamp').waitFor()
    await lines.getByText('Spare Bulb').waitFor()
    await lines.getByText(`74.31 ${order.currency}`).waitFor()
    const total = page.locator('[data-testid=order-total]')
    assert.equal(await total.textContent(), `77.31 ${order.currency}`)
    assert.equal(
      await page.locator('[data-testid=order-subtotal]').textContent(),
      `77.31 ${order.currency}`
    )
    const timeline = page.locator('[data-testid=timeline-entry]')
    const entriesBefore = await timeline.count()
    assert.isAbove(entriesBefore, 0)
    assert.equal(
      await page.getByRole('button', { name: 'Cancel order (restocks 5 items)' }).count(),
      1
    )
    await page.screenshot({ path: `${docs}/order_page.png`, fullPage: true })

    const navigations: string[] = []
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url())
    })
    await page.getByRole('button', { name: 'Ship', exact: true }).click()
    await page.locator('[data-testid=order-status]', { hasText: 'shipped' }).waitFor()
    await timeline.nth(entriesBefore).waitFor()
    assert.equal(await timeline.count(), entriesBefore + 1)
    assert.include(await timeline.nth(entriesBefore).textContent(), 'pending → shipped')
    assert.include(await timeline.nth(entriesBefore).textContent(), 'staff')
    assert.equal(await total.textContent(), `77.31 ${order.currency}`)
    assert.equal(await page.getByRole('button', { name: 'Ship', exact: true }).count(), 0)
    assert.deepEqual(navigations, [], 'the page was not reloaded')
    await order.refresh()
    assert.equal(order.status, 'shipped')

    const pdf = await page.context().request.get(`${serverUrl()}/admin/orders/${number}/invoice`)
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')

    const host = new URL(serverUrl()).host
    const foreign = requests.filter((url) => !url.startsWith('data:') && new URL(url).host !== host)
    assert.deepEqual(foreign, [])
  })

  // issue 16, item 2
  test('cancelling an order says it restocks, and the stock goes back', async ({
    client,
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'desk@example.test' }).create()
    const customer = await UserFactory.create()
    const mug = await ProductFactory.merge({ name: 'Blue Mug', price: 899, stock: 10 }).create()
    const number = await placeOrder(client, customer, [[mug, 2]])
    await mug.refresh()
    assert.equal(mug.stock, 8)

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const requests = requestLog(page)
    await signIn(page, 'desk@example.test')
    await openOrder(page, number)

    await page.getByRole('button', { name: 'Cancel order (restocks 2 items)' }).click()
    const confirm = page.locator('[data-testid=confirm-cancel]')
    assert.include(await confirm.textContent(), 'restocks 2 items')
    await confirm.getByRole('button', { name: 'Yes, cancel and restock' }).click()
    await page.locator('[data-testid=order-status]', { hasText: 'cancelled' }).waitFor()
    await page.getByText('pending → cancelled').waitFor()

    const restocked = await Product.findOrFail(mug.id)
    assert.equal(restocked.stock, 10)
    const host = new URL(serverUrl()).host
    assert.deepEqual(
      requests.filter((url) => !url.startsWith('data:') && new URL(url).host !== host),
      []
    )
  })

  // issue 16, item 4 (first slice: lists and labels)
  test('the login page names the shop without AdminJS text; the orders list shows coloured statuses, money with currency and human labels', async ({
    client,
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'lists@example.test' }).create()
    const customer = await UserFactory.create()
    const lamp = await ProductFactory.merge({ price: 123456, stock: 10 }).create()
    const number = await placeOrder(client, customer, [[lamp, 1]])
    const order = await Order.findByOrFail('number', number)

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const requests = requestLog(page)
    await page.goto(`${serverUrl()}/admin/login`)
    const login = (await page.locator('body').textContent()) ?? ''
    assert.include(login, app.config.get<any>('orders').shop.name)
    assert.notInclude(login, 'AdminJS')
    await signIn(page, 'lists@example.test')

    await page.goto(`${serverUrl()}/admin/resources/orders`)
    const money = page.locator('[data-money=total]').first()
    await money.waitFor()
    assert.equal(await money.textContent(), `1234.56 ${order.currency}`)
    assert.equal(
      await money.evaluate((node) => (globalThis as any).getComputedStyle(node).whiteSpace),
      'nowrap'
    )
    await page.locator('[data-status=pending]').first().waitFor()
    const header = (await page.locator('thead').textContent()) ?? ''
    assert.include(header, 'Customer')
    assert.notInclude(header, 'User Id')

    await page.goto(`${serverUrl()}/admin/resources/products/records/${lamp.id}/show`)
    await page.getByText('Category', { exact: true }).first().waitFor()
    assert.equal(await page.getByText('Category Id').count(), 0)

    const host = new URL(serverUrl()).host
    assert.deepEqual(
      requests.filter((url) => !url.startsWith('data:') && new URL(url).host !== host),
      []
    )
  })
})
