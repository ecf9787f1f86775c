import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import { openApiDocument } from '#openapi/document'

function operationCount() {
  return Object.values<Record<string, unknown>>(openApiDocument().paths).reduce(
    (count, item) => count + Object.keys(item).length,
    0
  )
}

test.group('Browser: API documentation', (group) => {
  group.each.setup(() => truncateAll())

  test('Swagger UI lists every operation, and "Authorize" sends the bearer token', async ({
    client,
    assert,
    cleanup,
  }) => {
    await UserFactory.merge({ email: 'docs@example.test' }).create()
    const login = await client
      .post('/api/v1/auth/login')
      .json({ email: 'docs@example.test', password: 'password123' })
    login.assertStatus(200)
    const token: string = login.body().data.tokens.access_token

    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage()
    const pageErrors: string[] = []
    const offHost: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('request', (request) => {
      if (!request.url().startsWith(serverUrl()) && !request.url().startsWith('data:')) {
        offHost.push(request.url())
      }
    })

    await page.goto(`${serverUrl()}/docs`)
    await page.locator('.opblock').first().waitFor()
    assert.equal(await page.locator('.opblock').count(), operationCount())
    assert.isAbove(
      await page.locator('.opblock-summary-path[data-path="/api/v1/products"]').count(),
      0
    )

    await page.click('button.authorize')
    await page.locator('.modal-ux input').fill(token)
    await page.click('.modal-ux .auth-btn-wrapper button.authorize')
    await page.click('.modal-ux button.btn-done')

    const me = page.locator('#operations-Account-getMe')
    await me.locator('.opblock-summary').click()
    await me.locator('button.execute').click()
    const status = me.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor()
    assert.equal((await status.textContent())?.trim(), '200')
    assert.include(await me.locator('.live-responses-table').textContent(), 'docs@example.test')

    assert.deepEqual(pageErrors, [])
    assert.deepEqual(offHost, [])
  })

  test('ReDoc renders the operations offline', async ({ assert, cleanup }) => {
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage()
    const offHost: string[] = []
    page.on('request', (request) => {
      const url = request.url()
      if (!url.startsWith(serverUrl()) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        offHost.push(url)
      }
    })
    await page.goto(`${serverUrl()}/redoc`)
    await page.locator('[role=menu] li').first().waitFor()
    await page.locator('h2', { hasText: 'Check out' }).first().waitFor()
    const text = (await page.locator('body').textContent()) ?? ''
    for (const summary of ['List products', 'Sign in with email and password', 'The cart']) {
      assert.include(text, summary)
    }
    assert.include(text, 'staff/orders')
    assert.deepEqual(offHost, [])
  })
})
