import { test } from '@japa/runner'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { launchBrowser } from '#tests/support/browser'
import type { Page } from 'playwright-core'

const BREAKOUT = '</script><script>window.__pwned=1</script>'

async function signIn(page: Page, email: string, password = 'password123') {
  await page.goto(`${serverUrl()}/admin/login`)
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await page.press('input[name=password]', 'Enter')
}

/**
 * Everything the page's Content-Security-Policy refused, as Chromium
 * reports it in the console, and the page's uncaught errors.
 */
function watchPage(page: Page) {
  const violations: string[] = []
  const errors: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(`${page.url()}: ${message.text()}`)
    }
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return { violations, errors }
}

test.group('Browser: panel and pages under their Content-Security-Policy', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 8
  test('a staff name with </script> is shown as text and runs nothing; the panel works under its CSP', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff')
      .merge({ email: 'xss@example.test', fullName: BREAKOUT })
      .create()
    await ProductFactory.merge({ name: 'Policy Lamp' }).create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const seen = watchPage(page)

    await signIn(page, 'xss@example.test')
    await page.waitForURL(/\/admin$/)
    await page.locator('[data-testid=dashboard]').waitFor()
    await page.getByText(BREAKOUT).first().waitFor()
    assert.isUndefined(await page.evaluate('window.__pwned'))

    await page.goto(`${serverUrl()}/admin/resources/products`)
    await page.locator('text=Policy Lamp').first().waitFor()
    assert.isUndefined(await page.evaluate('window.__pwned'))
    assert.deepEqual(seen.violations, [])
    assert.deepEqual(seen.errors, [])
  })

  // issue 14, finding 4
  test('"Log out" in the panel asks, then signs out with a POST; the panel is closed afterwards', async ({
    assert,
    cleanup,
  }) => {
    await UserFactory.apply('staff')
      .merge({ email: 'leaving@example.test', fullName: 'Lee Leaving' })
      .create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const seen = watchPage(page)
    await signIn(page, 'leaving@example.test')
    await page.waitForURL(/\/admin$/)

    await page.getByText('Lee Leaving').first().click()
    await page
      .getByText(/log ?out/i)
      .first()
      .click()
    await page.waitForURL(/\/admin\/logout$/)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(/\/admin\/login$/)

    await page.goto(`${serverUrl()}/admin/resources/products`)
    assert.match(page.url(), /\/admin\/login$/)
    assert.deepEqual(seen.violations, [])
  })

  // issue 14, finding 13
  test('an admin resets a password from the user page and sees the new one once', async ({
    assert,
    client,
    cleanup,
  }) => {
    await UserFactory.apply('admin').merge({ email: 'root@example.test' }).create()
    const customer = await UserFactory.merge({ email: 'forgetful@example.test' }).create()
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const seen = watchPage(page)
    await signIn(page, 'root@example.test')
    await page.waitForURL(/\/admin$/)

    await page.goto(`${serverUrl()}/admin/resources/users/records/${customer.id}/resetPassword`)
    await page.locator('[data-testid=reset-password]').waitFor()
    await page.getByRole('button', { name: 'Reset password' }).click()
    const shown = page.locator('[data-testid=new-password]')
    await shown.waitFor()
    const password = (await shown.textContent())!.trim()
    assert.isAtLeast(password.length, 16)

    const login = await client
      .post('/api/v1/auth/login')
      .json({ email: 'forgetful@example.test', password })
    login.assertStatus(200)
    assert.deepEqual(seen.violations, [])
  })

  // issue 14, finding 8
  test('/docs, /redoc and the live page render with nothing refused by their CSP', async ({
    assert,
    cleanup,
  }) => {
    const browser = await launchBrowser()
    cleanup(() => browser.close())
    const page = await browser.newPage()
    const seen = watchPage(page)

    const docs = await page.goto(`${serverUrl()}/docs`)
    assert.match(docs!.headers()['content-security-policy'], /frame-ancestors 'none'/)
    await page.locator('.opblock').first().waitFor()

    const redoc = await page.goto(`${serverUrl()}/redoc`)
    assert.match(redoc!.headers()['content-security-policy'], /frame-ancestors 'none'/)
    await page.locator('.api-content').first().waitFor()
    await page.locator('[role=search] input, input[placeholder="Search..."]').first().fill('orders')

    const live = await page.goto(`${serverUrl()}/account/orders/live`)
    assert.match(live!.headers()['content-security-policy'], /frame-ancestors 'none'/)
    await page.locator('form#login').waitFor()
    assert.include(await page.evaluate('getComputedStyle(document.body).fontFamily'), 'system-ui')

    assert.deepEqual(seen.violations, [])
    assert.deepEqual(seen.errors, [])
  })
})
