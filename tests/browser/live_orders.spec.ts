import { test } from '@japa/runner'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'

test.group('Browser: live orders page', (group) => {
  group.each.setup(() => truncateAll())

  test('a signed-in customer sees a status change and a new order without a reload', async ({
    client,
    assert,
    cleanup,
  }) => {
    const customer = await UserFactory.merge({ email: 'live@example.test' }).create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const placed = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: product.id, quantity: 1 }] })
    placed.assertStatus(201)
    const number: string = placed.body().data.number

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))

    await page.goto(`${serverUrl()}/account/orders/live`)
    await page.fill('input[name=email]', 'live@example.test')
    await page.fill('input[name=password]', 'password123')
    await page.click('button[type=submit]')

    const badge = page.locator(`tr[data-order="${number}"] .status`)
    await badge.waitFor()
    assert.equal(await badge.textContent(), 'pending')
    await page.locator('#connection[data-live="true"]').waitFor()

    const shipped = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    shipped.assertStatus(200)
    await page.locator(`tr[data-order="${number}"] .status`, { hasText: /^shipped$/ }).waitFor()
    assert.equal(await badge.getAttribute('class'), 'status status-shipped')

    const second = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: product.id, quantity: 2 }] })
    const newRow = page.locator(`tr[data-order="${second.body().data.number}"] .status`)
    await newRow.waitFor()
    assert.equal(await newRow.textContent(), 'pending')
    assert.deepEqual(pageErrors, [])
  })

  test('a wrong password is shown on the page and nothing is loaded', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.merge({ email: 'wrong@example.test' }).create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage()
    await page.goto(`${serverUrl()}/account/orders/live`)
    await page.fill('input[name=email]', 'wrong@example.test')
    await page.fill('input[name=password]', 'not-the-password')
    await page.click('button[type=submit]')
    await page.locator('#login-error', { hasText: /\S/ }).waitFor()
    assert.match((await page.textContent('#login-error')) ?? '', /invalid|incorrect|credentials/i)
    assert.isTrue(await page.locator('#orders').isHidden())
  })
})
