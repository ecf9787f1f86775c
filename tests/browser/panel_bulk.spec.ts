import { test } from '@japa/runner'
import { writeFileSync, mkdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import Product from '#models/product'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import { ShopSettingsService } from '#services/shop_settings_service'
import type { Page } from 'playwright-core'

const work = app.makePath('tmp/screenshots')

async function signIn(page: Page, email: string, password = 'password123') {
  await page.goto(`${serverUrl()}/admin/login`)
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.press('input[name=password]', 'Enter')
  await page.waitForURL(/\/admin$/)
}

function requestLog(page: Page) {
  const urls: string[] = []
  page.on('request', (request) => urls.push(request.url()))
  return urls
}

test.group('Browser: bulk work and the shop logo (issue 16, items 4 and 6)', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await new ShopSettingsService().row()
  })
  group.setup(() => {
    mkdirSync(work, { recursive: true })
  })

  test('staff preview a CSV import with a bad row (nothing applied), fix it and import; the export keeps the list filters', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'bulk@example.test' }).create()
    const header = 'slug,name,description,price,category_slug,low_stock_threshold,is_active'
    const bad = `${header}\nlamp-a,Lamp A,,12.50,,,true\nlamp-b,Lamp B,,abc,,,true\nlamp-c,Lamp C,,3.00,,,\n`
    const good = bad.replace('abc', '4.75')
    writeFileSync(`${work}/import_bad.csv`, bad)
    writeFileSync(`${work}/import_good.csv`, good)

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const requests = requestLog(page)
    await signIn(page, 'bulk@example.test')

    await page.goto(`${serverUrl()}/admin/resources/products/actions/importCsv`)
    await page.locator('[data-testid=product-import]').waitFor()
    await page.setInputFiles('input[name=file]', `${work}/import_bad.csv`)
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.locator('[data-testid=import-preview]').waitFor()
    assert.equal(
      await page.locator('[data-testid=import-counts]').textContent(),
      '2 to create, 0 to change, 0 unchanged, 1 refused'
    )
    const refused = page.locator('[data-testid=import-row-refused]')
    assert.equal(await refused.count(), 1)
    assert.include(await refused.textContent(), 'lamp-b')
    assert.include(await refused.textContent(), 'price: The price field must be a decimal')

    await page.getByRole('button', { name: 'Apply import' }).click()
    await page.locator('[data-testid=import-errors]').waitFor()
    assert.include(
      await page.locator('[data-testid=import-errors]').textContent(),
      'Line 3 (lamp-b)'
    )
    assert.lengthOf(await Product.all(), 0)

    await page.setInputFiles('input[name=file]', `${work}/import_good.csv`)
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.locator('[data-testid=import-counts]', { hasText: '3 to create' }).waitFor()
    await page.getByRole('button', { name: 'Apply import' }).click()
    await page.locator('[data-testid=import-done]').waitFor()
    assert.deepEqual(
      (await Product.query().orderBy('slug')).map((product) => [product.slug, product.price]),
      [
        ['lamp-a', 1250],
        ['lamp-b', 475],
        ['lamp-c', 300],
      ]
    )

    // "Export CSV" from a filtered orders list links to the export with the filters.
    await page.goto(`${serverUrl()}/admin/resources/orders?filters.status=pending`)
    await page.getByText('Export CSV', { exact: true }).first().click()
    const download = page.locator('[data-testid=csv-download]')
    await download.waitFor()
    assert.equal(
      await download.getAttribute('href'),
      '/admin/exports/orders.csv?filters.status=pending'
    )

    const origin = new URL(serverUrl()).origin
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:')),
      []
    )
  })

  test('an admin uploads a logo on Settings: the sidebar, the sign-in page and the favicon show it', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('admin').merge({ email: 'owner@example.test' }).create()
    cleanup(async () => {
      await new ShopSettingsService().removeLogo(null)
    })
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const requests = requestLog(page)
    await signIn(page, 'owner@example.test')
    assert.equal(
      await page.locator('link[rel="shortcut icon"]').getAttribute('href'),
      '/admin/branding/favicon.png'
    )

    await page.goto(`${serverUrl()}/admin/resources/shop_settings/records/1/logo`)
    await page.locator('[data-testid=shop-logo]').waitFor()
    await page.setInputFiles('#logo-file', app.makePath('app/admin/assets/favicon.png'))
    await page.getByRole('button', { name: 'Upload logo' }).click()
    await page.locator('[data-testid=logo-preview]').waitFor()

    await page.goto(`${serverUrl()}/admin`)
    const sidebarLogo = page.locator('img[src^="/admin/branding/logo?v="]').first()
    await sidebarLogo.waitFor()
    assert.isAbove(
      await sidebarLogo.evaluate(
        (image) => (image as unknown as { naturalWidth: number }).naturalWidth
      ),
      0
    )

    const fresh = await browser.newPage()
    await fresh.goto(`${serverUrl()}/admin/login`)
    await fresh.locator('img[src^="/admin/branding/logo?v="]').waitFor()

    // An SVG is refused with the reason, the logo stays.
    writeFileSync(`${work}/logo.svg`, '<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    await page.goto(`${serverUrl()}/admin/resources/shop_settings/records/1/logo`)
    await page.locator('[data-testid=logo-preview]').waitFor()
    await page.setInputFiles('#logo-file', `${work}/logo.svg`)
    await page.getByRole('button', { name: 'Upload logo' }).click()
    await page.getByText('The logo must be a PNG or JPEG image').waitFor()

    const origin = new URL(serverUrl()).origin
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:')),
      []
    )
  })
})
