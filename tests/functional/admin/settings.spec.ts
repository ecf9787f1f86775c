import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { AdminSession } from '#tests/support/admin_session'
import { compactText, fetchInvoice, readPdf } from '#tests/support/pdf'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'
import type { OrdersConfig } from '#config/orders'
import type { CatalogConfig } from '#config/catalog'

const SETTINGS = '/resources/shop_settings'

async function adminPanel() {
  const admin = await UserFactory.apply('admin').create()
  return { admin, panel: await AdminSession.signIn(admin.email, 'password123') }
}

function envDefaults() {
  const { shop } = app.config.get<OrdersConfig>('orders')
  return {
    name: shop.name,
    addressLines: shop.address.lines.join('\n'),
    postalCode: shop.address.postalCode,
    city: shop.address.city,
    country: shop.address.country,
    email: shop.email,
    currency: app.config.get<CatalogConfig>('catalog').currency,
  }
}

async function settingsRows() {
  return db.from('shop_settings').select('*')
}

async function auditRows() {
  const rows = await db.from('admin_actions').where('resource', 'shop_settings').orderBy('id')
  return rows.map((row) => ({ ...row, changes: row.changes ? JSON.parse(row.changes) : null }))
}

test.group('Shop settings in the panel (issue 16, item 4)', (group) => {
  group.each.setup(() => truncateAll())

  test('a fresh database starts with the env values', async ({ assert }) => {
    const { panel } = await adminPanel()
    const list = await panel.api('GET', `${SETTINGS}/actions/list`)
    assert.equal(list.status, 200)
    assert.lengthOf(list.body.records, 1)
    const shown = await panel.api('GET', `${SETTINGS}/records/1/show`)
    assert.equal(shown.status, 200)
    const params = shown.body.record.params
    for (const [field, value] of Object.entries(envDefaults())) {
      assert.equal(params[field], value, field)
    }
    assert.lengthOf(await settingsRows(), 1)
  })

  test('an admin renames the shop: the next invoice shows it, and the change is audited', async ({
    assert,
    client,
    cleanup,
  }) => {
    const { admin, panel } = await adminPanel()
    // The server's cached settings go back to the defaults for the next tests.
    cleanup(async () => {
      const restore = await AdminSession.signIn(admin.email, 'password123')
      await restore.api('POST', `${SETTINGS}/records/1/edit`, {
        ...envDefaults(),
        invoiceFooter: '',
      })
    })
    // An admin opens Settings (a database whose tables were emptied gets the row back).
    assert.equal((await panel.api('GET', `${SETTINGS}/actions/list`)).status, 200)
    const edited = await panel.api('POST', `${SETTINGS}/records/1/edit`, {
      name: 'Żółw Supplies 亀',
      invoiceFooter: 'Thank you for your order',
    })
    assert.equal(edited.status, 200)
    assert.equal(edited.body.notice.type, 'success')
    assert.equal(edited.body.record.params.name, 'Żółw Supplies 亀')

    const [row] = await settingsRows()
    assert.equal(row.name, 'Żółw Supplies 亀')
    assert.equal(row.invoice_footer, 'Thank you for your order')

    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])
    const invoice = await fetchInvoice(serverUrl(), number, (await jwtSigner.sign(customer)).value)
    assert.equal(invoice.status, 200)
    const text = compactText((await readPdf(invoice.bytes)).text)
    assert.include(text, compactText('Żółw Supplies 亀'))
    assert.include(text, compactText('Thank you for your order'))
    assert.notInclude(text, compactText(envDefaults().name))

    const audit = await auditRows()
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].admin_id, admin.id)
    assert.equal(audit[0].action, 'edit')
    assert.equal(String(audit[0].record_id), '1')
    assert.deepEqual(audit[0].changes.name, { from: envDefaults().name, to: 'Żółw Supplies 亀' })
  })

  test('{field} "{value}" is a field error and nothing changes')
    .with([
      { field: 'currency', value: 'usd1' },
      { field: 'currency', value: 'usd' },
      { field: 'name', value: 'Bad\u0000Shop' },
      { field: 'email', value: 'not-an-email' },
    ])
    .run(async ({ assert }, { field, value }) => {
      const { panel } = await adminPanel()
      await panel.api('GET', `${SETTINGS}/actions/list`)
      const before = await settingsRows()
      const edited = await panel.api('POST', `${SETTINGS}/records/1/edit`, {
        city: 'Elsewhere',
        [field]: value,
      })
      assert.equal(edited.status, 200)
      assert.equal(edited.body.notice.type, 'error')
      assert.property(edited.body.record.errors, field)
      assert.deepEqual(await settingsRows(), before)
      assert.lengthOf(await auditRows(), 0)
    })

  test('staff get 403 on the settings, by the panel API and by edit', async ({ assert }) => {
    const { panel } = await adminPanel()
    await panel.api('GET', `${SETTINGS}/actions/list`)
    const before = await settingsRows()
    const staff = await UserFactory.apply('staff').create()
    const staffPanel = await AdminSession.signIn(staff.email, 'password123')
    for (const [method, path] of [
      ['GET', `${SETTINGS}/actions/list`],
      ['GET', `${SETTINGS}/records/1/show`],
      ['GET', `${SETTINGS}/records/1/edit`],
      ['POST', `${SETTINGS}/records/1/edit`],
      ['GET', `${SETTINGS}/actions/search/shop`],
    ] as const) {
      const refused = await staffPanel.api(
        method,
        path,
        method === 'POST' ? { name: 'Staff Shop' } : undefined
      )
      assert.equal(refused.status, 403, `${method} ${path}`)
    }
    for (const path of [`${SETTINGS}/actions/new`, `${SETTINGS}/records/1/delete`]) {
      const refused = await panel.api('POST', path, {})
      assert.equal(refused.status, 403, path)
    }
    assert.deepEqual(await settingsRows(), before)
    assert.lengthOf(await auditRows(), 0)
  })
})
