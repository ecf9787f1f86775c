import { test } from '@japa/runner'
import { mkdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import ProductVariant from '#models/product_variant'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import type { Page } from 'playwright-core'

const screenshots = app.makePath(
  process.env.DOCS_SCREENSHOTS === 'true' ? 'docs' : 'tmp/screenshots'
)

async function signIn(page: Page, email: string, password = 'password123') {
  await page.goto(`${serverUrl()}/admin/login`)
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.press('input[name=password]', 'Enter')
  await page.waitForURL(/\/admin$/)
}

test.group('Browser: a product page with its variants and stock ledger', (group) => {
  group.each.setup(() => truncateAll())
  group.setup(() => {
    mkdirSync(screenshots, { recursive: true })
  })

  // issue 17, item 7
  test('staff open a product, give it sizes, add a variant in the grid, adjust its stock with a reason and see the movement listed', async ({
    client,
    assert,
    cleanup,
  }) => {
    const staff = await UserFactory.apply('staff')
      .merge({ email: 'floor@example.test', fullName: 'Floor Manager' })
      .create()
    const product = await ProductFactory.merge({
      name: 'Linen Shirt',
      price: 3900,
      stock: 8,
    }).create()
    const [first] = await ProductVariant.query().where('product_id', product.id)

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await signIn(page, 'floor@example.test')

    // Open the product from the list.
    await page.goto(`${serverUrl()}/admin/resources/products`)
    await page.getByText('Linen Shirt', { exact: true }).first().click()
    await page.locator('[data-testid=product-page]').waitFor()
    await page.screenshot({ path: `${screenshots}/product_page.png` })
    assert.equal(await page.locator('[data-testid=product-title]').textContent(), 'Linen Shirt')
    assert.match(page.url(), new RegExp(`/records/${product.id}/show$`))
    const grid = page.locator('[data-testid=variant-grid]')
    assert.equal(await grid.locator('[data-testid=variant-row]').count(), 1)

    // Options: Size S, M (the existing variant becomes S).
    const options = page.locator('[data-testid=product-options]')
    await options.getByRole('button', { name: 'Add option' }).click()
    await options.getByLabel('Option 1 name').fill('Size')
    await options.getByLabel('Option 1 values').fill('S, M')
    await options.getByRole('button', { name: 'Save options' }).click()
    await page.locator('[data-testid=page-notice]', { hasText: 'Options saved' }).waitFor()

    // Add variant M in the grid.
    const newRow = grid.locator('[data-testid=new-variant-row]')
    await newRow.getByLabel('New SKU').fill('SHIRT-M')
    await newRow.locator('[data-testid=new-option-Size]').selectOption('M')
    await newRow.getByLabel('New price').fill('42.00')
    await newRow.getByLabel('Opening stock').fill('4')
    await newRow.getByRole('button', { name: 'Add variant' }).click()
    const row = grid.locator('[data-testid=variant-row][data-sku=SHIRT-M]')
    await row.waitFor()
    assert.equal(await row.locator('[data-testid=variant-stock]').textContent(), '4')
    assert.include(await page.locator('[data-testid=price-range]').textContent(), '39.00 – 42.00')
    assert.equal(await page.locator('[data-testid=total-stock]').textContent(), '12')

    // A duplicate SKU is refused with the service's message.
    await newRow.getByLabel('New SKU').fill('SHIRT-M')
    await newRow.getByRole('button', { name: 'Add variant' }).click()
    await page.locator('[data-testid=page-error]', { hasText: 'SKU already used' }).waitFor()
    assert.equal(await grid.locator('[data-testid=variant-row]').count(), 2)

    // Adjust its stock with a reason, and see the movement.
    await row.getByRole('button', { name: 'Stock…' }).click()
    const panel = page.locator('[data-testid=variant-stock-panel]')
    await panel.locator('[data-testid=movement-row]').first().waitFor()
    await panel.locator('#stock-value').fill('6')
    await panel.locator('#stock-reason').fill('Delivery from supplier')
    await panel.getByRole('button', { name: 'Adjust stock' }).click()
    await page.locator('[data-testid=page-notice]', { hasText: 'is now 10' }).waitFor()
    const movement = panel.locator('[data-testid=movement-row]', {
      hasText: 'Delivery from supplier',
    })
    await movement.waitFor()
    const text = await movement.textContent()
    assert.include(text, '+6')
    assert.include(text, 'adjustment')
    assert.include(text, 'Floor Manager')
    assert.include(text, '10')
    assert.equal(await row.locator('[data-testid=variant-stock]').textContent(), '10')
    await page.screenshot({ path: `${screenshots}/product_variants.png`, fullPage: true })

    // Raise the first variant's threshold in the grid: it is low now, and
    // the low-stock list and the dashboard name it by product, title and SKU.
    const firstRow = grid.locator(`[data-testid=variant-row][data-sku="${first.sku}"]`)
    await firstRow.getByLabel('Low-stock threshold').fill('9')
    await firstRow.getByRole('button', { name: 'Save' }).click()
    await page.locator('[data-testid=page-notice]', { hasText: `${first.sku} saved` }).waitFor()
    await firstRow.locator('[data-stock=low], [title^="At or below"]').first().waitFor()
    await page.goto(`${serverUrl()}/admin/resources/product_variants/actions/lowStock`)
    const lowRow = page.locator('[data-testid=low-stock-row]', { hasText: first.sku })
    await lowRow.waitFor()
    assert.include(await lowRow.textContent(), 'Linen Shirt')
    assert.include(await lowRow.textContent(), 'S')
    assert.equal(await page.locator('[data-testid=low-stock-row]').count(), 1)
    await page.goto(`${serverUrl()}/admin`)
    await page
      .locator('[data-testid=dashboard-low-stock]', { hasText: 'Linen Shirt (S)' })
      .waitFor()

    // The database and the public API agree.
    const added = await ProductVariant.findByOrFail('sku', 'SHIRT-M')
    assert.equal(added.stock, 10)
    assert.deepEqual(added.optionValues, ['M'])
    const ledger = await db.from('stock_movements').where('variant_id', added.id).orderBy('id')
    assert.deepEqual(
      ledger.map((entry) => [entry.reason, Number(entry.quantity), Number(entry.stock_after)]),
      [
        ['initial', 4, 4],
        ['adjustment', 6, 10],
      ]
    )
    assert.equal(Number(ledger[1].user_id), staff.id)
    const detail = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(detail.body().data.stock, 18)
    assert.deepEqual(
      detail.body().data.variants.map((variant: any) => [variant.sku, variant.stock]),
      [
        [first.sku, 8],
        ['SHIRT-M', 10],
      ]
    )
  })
})
