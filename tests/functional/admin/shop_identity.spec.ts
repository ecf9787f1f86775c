import { test } from '@japa/runner'
import { readFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Order from '#models/order'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { AdminSession } from '#tests/support/admin_session'
import { compactText, fetchInvoice, readPdf } from '#tests/support/pdf'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'
import { ShopSettingsService } from '#services/shop_settings_service'

const SETTINGS = '/admin/api/resources/shop_settings/records/1'
const PNG = readFileSync(app.makePath('app/admin/assets/favicon.png'))

/**
 * A PNG that says it is one (magic bytes) but whose pixel data is not.
 */
function corruptPng() {
  const copy = Buffer.from(PNG)
  const idat = copy.indexOf('IDAT')
  copy.fill(0x41, idat + 4, idat + 20)
  return copy
}

/**
 * A valid 8-bit RGB PNG of `size` bytes or more (random pixels do not
 * compress), for the size limit.
 */
function bigPng(minBytes: number) {
  const width = 512
  const height = Math.ceil(minBytes / (width * 3)) + 1
  const raw = Buffer.alloc(height * (1 + width * 3))
  for (let index = 0; index < raw.length; index++) {
    raw[index] = index % (1 + width * 3) === 0 ? 0 : Math.floor(Math.random() * 256)
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8
  header[9] = 2
  return Buffer.concat([
    PNG.subarray(0, 8),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

async function uploadLogo(panel: AdminSession, bytes: Buffer, name = 'logo.png') {
  const form = new FormData()
  form.append('logo', new Blob([bytes]), name)
  const response = await panel.request('POST', `${SETTINGS}/logo`, { body: form })
  return { status: response.status, body: (await response.json()) as any }
}

async function adminPanel() {
  const admin = await UserFactory.apply('admin').create()
  return AdminSession.signIn(admin.email, 'password123')
}

async function setCurrency(panel: AdminSession, currency: string) {
  const edited = await panel.api('POST', '/resources/shop_settings/records/1/edit', { currency })
  return edited.body.notice?.type
}

test.group('Panel: the shop logo and favicon (issue 16, item 4)', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    // The settings row, as a fresh database has it (emptied tables lose it).
    await new ShopSettingsService().row()
  })

  test('an admin uploads a PNG logo: served by the app with its type, nosniff and cache headers, on the sign-in page, in the favicon and on invoices', async ({
    assert,
    client,
    cleanup,
  }) => {
    const panel = await adminPanel()
    cleanup(async () => {
      const form = new FormData()
      form.append('remove', 'true')
      await panel.request('POST', `${SETTINGS}/logo`, { body: form })
    })
    const before = await fetch(`${serverUrl()}/admin/branding/logo`)
    assert.equal(before.status, 404)
    assert.property(await before.json(), 'errors')

    const uploaded = await uploadLogo(panel, PNG)
    assert.equal(uploaded.status, 200)
    const logoUrl: string = uploaded.body.record.params.logoUrl
    assert.match(logoUrl, /^\/admin\/branding\/logo\?v=[0-9a-f]{16}$/)

    const logo = await fetch(`${serverUrl()}${logoUrl}`)
    assert.equal(logo.status, 200)
    assert.equal(logo.headers.get('content-type'), 'image/png')
    assert.equal(logo.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(logo.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    assert.deepEqual(Buffer.from(await logo.arrayBuffer()), PNG)
    const etag = logo.headers.get('etag')!
    const again = await fetch(`${serverUrl()}${logoUrl}`, { headers: { 'if-none-match': etag } })
    assert.equal(again.status, 304)

    // The sign-in page (no session) carries the logo and the favicon, both from this app.
    const login = await (await fetch(`${serverUrl()}/admin/login`)).text()
    assert.include(login, logoUrl)
    assert.include(login, 'href="/admin/branding/favicon.png"')
    const favicon = await fetch(`${serverUrl()}/admin/branding/favicon.png`)
    assert.equal(favicon.status, 200)
    assert.equal(favicon.headers.get('x-content-type-options'), 'nosniff')
    assert.deepEqual(Buffer.from(await favicon.arrayBuffer()), PNG)

    // Printed on the invoice: the PDF embeds an image.
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    const invoice = await fetchInvoice(serverUrl(), number, (await jwtSigner.sign(customer)).value)
    assert.equal(invoice.status, 200)
    assert.include(Buffer.from(invoice.bytes).toString('latin1'), '/Subtype /Image')

    const audit = await db.from('admin_actions').where('action', 'update_logo')
    assert.lengthOf(audit, 1)
    assert.containsSubset(JSON.parse(audit[0].changes), {
      logo: { contentType: 'image/png', bytes: PNG.length },
    })
  })

  test('SVG, other files, corrupt or oversized images are refused (422) and nothing is stored', async ({
    assert,
  }) => {
    const panel = await adminPanel()
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    const cases: Array<[Buffer, string, RegExp]> = [
      [svg, 'logo.svg', /PNG or JPEG/],
      [svg, 'logo.png', /PNG or JPEG/],
      [Buffer.from('GIF89a......'), 'logo.gif', /PNG or JPEG/],
      [corruptPng(), 'logo.png', /could not be read/],
      [Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01]), 'logo.jpg', /could not be read/],
      [bigPng(513 * 1024), 'big.png', /at most 512 KB/],
    ]
    for (const [bytes, name, message] of cases) {
      const answer = await uploadLogo(panel, bytes, name)
      assert.equal(answer.status, 422, name)
      assert.match(answer.body.errors[0].message, message)
    }
    const empty = await panel.request('POST', `${SETTINGS}/logo`, { body: new FormData() })
    assert.equal(empty.status, 422)
    assert.lengthOf(await db.from('shop_assets'), 0)
    // No logo: the favicon is the bundled default.
    const favicon = await fetch(`${serverUrl()}/admin/branding/favicon.png`)
    assert.equal(favicon.status, 200)
    assert.equal(favicon.headers.get('content-type'), 'image/png')
  })

  test('staff cannot upload a logo', async ({ assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const answer = await uploadLogo(panel, PNG)
    assert.equal(answer.status, 403)
    assert.lengthOf(await db.from('shop_assets'), 0)
  })
})

test.group('Shop currency and invoice dates (issue 16, items 3 and 7)', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    // The settings row, as a fresh database has it (emptied tables lose it).
    await new ShopSettingsService().row()
  })

  test('a new order takes the currency of the shop settings', async ({
    assert,
    client,
    cleanup,
  }) => {
    const panel = await adminPanel()
    cleanup(async () => {
      await setCurrency(panel, 'USD')
    })
    assert.equal(await setCurrency(panel, 'EUR'), 'success')
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    const order = await Order.findByOrFail('number', number)
    assert.equal(order.currency, 'EUR')
    const api = await client.get(`/api/v1/orders/${number}`).loginAs(customer)
    assert.equal(api.body().data.currency, 'EUR')
  })

  test('the invoice prints the date it was issued (stored with its number), and the order date apart', async ({
    assert,
    client,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    await db.from('orders').where('number', number).update({ created_at: '2025-01-15 10:00:00' })
    const token = (await jwtSigner.sign(customer)).value
    const first = await readPdf((await fetchInvoice(serverUrl(), number, token)).bytes)
    const row = await db.from('orders').where('number', number).first()
    assert.isNotNull(row.invoice_issued_at)
    const day =
      row.invoice_issued_at instanceof Date
        ? row.invoice_issued_at.toISOString().slice(0, 10)
        : String(row.invoice_issued_at).slice(0, 10)
    assert.notEqual(day, '2025-01-15')
    assert.include(compactText(first.text), compactText(`Invoice date: ${day}`))
    assert.include(compactText(first.text), compactText('Order date: 2025-01-15'))

    // A later copy keeps the issue date.
    await db
      .from('orders')
      .where('number', number)
      .update({ invoice_issued_at: '2025-02-01 09:00:00' })
    const copy = await readPdf((await fetchInvoice(serverUrl(), number, token)).bytes)
    assert.include(compactText(copy.text), compactText('Invoice date: 2025-02-01'))
  })
})

test.group('Orders list: the customer e-mail filter (issue 16, item 8)', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    // The settings row, as a fresh database has it (emptied tables lose it).
    await new ShopSettingsService().row()
  })

  test('an unknown address and a customer without orders answer the same; only whole addresses match; every lookup is audited', async ({
    assert,
    client,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    await UserFactory.merge({ email: 'quiet@example.test' }).create()
    const buyer = await UserFactory.merge({ email: 'buyer@example.test' }).create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const number = await placeOrder(client, buyer, [[product, 1]])
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const list = async (email: string) => {
      const answer = await panel.api(
        'GET',
        `/resources/orders/actions/list?filters.customerEmail=${encodeURIComponent(email)}`
      )
      assert.equal(answer.status, 200)
      return answer.body
    }

    const unknown = await list('nobody@example.test')
    const quiet = await list('quiet@example.test')
    assert.deepEqual(unknown, quiet)
    assert.lengthOf(quiet.records, 0)
    for (const partial of ['buyer', 'buyer@', '%@example.test', 'buyer@example']) {
      assert.lengthOf((await list(partial)).records, 0, partial)
    }
    const found = await list(' Buyer@Example.test ')
    assert.deepEqual(
      found.records.map((record: any) => record.params.number),
      [number]
    )

    const lookups = await db.from('admin_actions').where('action', 'customer_lookup').orderBy('id')
    assert.lengthOf(lookups, 7)
    assert.equal(lookups[0].admin_id, staff.id)
    assert.deepEqual(JSON.parse(lookups[0].changes), { email: 'nobody@example.test' })
    assert.deepEqual(JSON.parse(lookups[6].changes), { email: 'buyer@example.test' })
  })

  test("the order page's moves are not AdminJS header buttons, yet the page can call them", async ({
    assert,
    client,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    const order = await Order.findByOrFail('number', number)
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const shown = await panel.api('GET', `/resources/orders/records/${order.id}/show`)
    const headerActions = shown.body.record.recordActions.map((action: any) => action.name)
    for (const move of ['markShipped', 'markDelivered', 'cancel']) {
      assert.notInclude(headerActions, move)
    }
    assert.deepEqual(
      shown.body.record.orderPage.moves.map((move: any) => move.action),
      ['markShipped', 'cancel']
    )
    const shipped = await panel.api('GET', `/resources/orders/records/${order.id}/markShipped`)
    assert.equal(shipped.status, 200)
    assert.equal(shipped.body.record.orderPage.status, 'shipped')
  })
})
