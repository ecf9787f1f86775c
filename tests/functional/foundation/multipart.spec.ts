import { test } from '@japa/runner'
import { readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { serverUrl } from '#tests/support/app_process'
import { eventually } from '#tests/support/faults'
import { UserFactory } from '#database/factories/user_factory'
import { ProductFactory } from '#database/factories/catalog_factory'
import { truncateAll } from '#tests/support/database'

/**
 * The files an upload leaves in the temporary directory: the body
 * parser's own names (cuid2: 24 lower-case letters and digits) and ours.
 */
function uploadFiles() {
  return new Set(
    readdirSync(tmpdir()).filter(
      (name) => /^[a-z0-9]{20,32}$/.test(name) || name.startsWith('shop-upload-')
    )
  )
}

function newFiles(before: Set<string>) {
  return [...uploadFiles()].filter((name) => !before.has(name))
}

function twoMegabyteForm() {
  const form = new FormData()
  form.append('email', 'someone@example.com')
  form.append('file', new Blob([Buffer.alloc(2 * 1024 * 1024, 7)]), 'big.bin')
  return form
}

/**
 * A tiny cookie jar for fetch.
 */
class Browser {
  cookies = new Map<string, string>()

  async fetch(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers)
    headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '))
    headers.set('origin', serverUrl())
    const response = await fetch(`${serverUrl()}${path}`, {
      ...init,
      headers,
      redirect: 'manual',
    })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const index = pair.indexOf('=')
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1))
    }
    return response
  }
}

test.group('Multipart bodies', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 5
  test('an anonymous 2 MB multipart POST to the API gets its 4xx and leaves no file behind', async ({
    assert,
  }) => {
    const before = uploadFiles()
    for (const path of ['/api/v1/orders', '/api/v1/auth/register', '/api/v1/cart/items']) {
      const response = await fetch(`${serverUrl()}${path}`, {
        method: 'POST',
        body: twoMegabyteForm(),
      })
      await response.arrayBuffer()
      assert.isAtLeast(response.status, 400, path)
      assert.isBelow(response.status, 500, path)
    }
    const anonymousPanel = await fetch(`${serverUrl()}/admin/api/resources/products/actions/new`, {
      method: 'POST',
      body: twoMegabyteForm(),
      redirect: 'manual',
    })
    await anonymousPanel.arrayBuffer()
    assert.isAtLeast(anonymousPanel.status, 300)
    assert.deepEqual(newFiles(before), [])
  }).timeout(60_000)

  // issue 14, finding 5
  test('the signed-in panel still takes multipart forms, and their files are removed after the response', async ({
    assert,
  }) => {
    await UserFactory.apply('staff').merge({ email: 'desk@example.test' }).create()
    const product = await ProductFactory.merge({ name: 'Before', stock: 5 }).create()
    const browser = new Browser()

    await browser.fetch('/admin/login')
    const signIn = await browser.fetch('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'desk@example.test', password: 'password123' }),
    })
    assert.equal(signIn.status, 302)
    await browser.fetch('/admin')
    const csrf = decodeURIComponent(browser.cookies.get('XSRF-TOKEN') ?? '')
    assert.isAbove(csrf.length, 0)

    const form = new FormData()
    form.append('name', 'After')
    const edit = await browser.fetch(`/admin/api/resources/products/records/${product.id}/edit`, {
      method: 'POST',
      headers: { 'x-xsrf-token': csrf },
      body: form,
    })
    assert.equal(edit.status, 200, await edit.clone().text())
    const body = (await edit.json()) as { record: { params: { name: string } } }
    assert.equal(body.record.params.name, 'After')
    await product.refresh()
    assert.equal(product.name, 'After')

    const before = uploadFiles()
    const withFile = new FormData()
    withFile.append('attachment', new Blob([Buffer.alloc(256 * 1024, 1)]), 'note.bin')
    const show = await browser.fetch(`/admin/api/resources/products/records/${product.id}/show`, {
      method: 'POST',
      headers: { 'x-xsrf-token': csrf },
      body: withFile,
    })
    await show.arrayBuffer()
    assert.equal(show.status, 200)
    await eventually(async () => newFiles(before).length === 0, {
      timeoutMs: 5000,
      what: 'the uploaded file removed',
    })
  }).timeout(60_000)
})
