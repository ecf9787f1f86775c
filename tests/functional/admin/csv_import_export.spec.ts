import { test } from '@japa/runner'
import { parse } from 'csv-parse/sync'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Product from '#models/product'
import Order from '#models/order'
import type User from '#models/user'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'
import { csvCell } from '#services/csv_export_service'

const HEADER = 'slug,name,description,price,category_slug,low_stock_threshold,is_active'

function rows(count: number, bad?: { index: number; price: string }) {
  const lines = [HEADER]
  for (let index = 1; index <= count; index++) {
    const price = bad?.index === index ? bad.price : `${index}.50`
    lines.push(`import-${index},Imported ${index},"Line one, with comma",${price},,3,true`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * Posts a CSV file to the products' "Import CSV" action, as the panel's
 * page does (multipart, `mode` and `file`).
 */
async function importCsv(panel: AdminSession, mode: string, csv: string) {
  const form = new FormData()
  form.append('mode', mode)
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv')
  const response = await panel.request('POST', '/admin/api/resources/products/actions/importCsv', {
    body: form,
  })
  return { status: response.status, body: (await response.json()) as any }
}

async function importAudit() {
  const entries = await db
    .from('admin_actions')
    .where('resource', 'products')
    .where('action', 'import')
    .orderBy('id')
  return entries.map((entry) => ({ ...entry, changes: JSON.parse(entry.changes) }))
}

async function staffPanel() {
  const staff = await UserFactory.apply('staff').create()
  return AdminSession.signIn(staff.email, 'password123')
}

test.group('Panel: products from CSV (issue 16, item 6)', (group) => {
  group.each.setup(() => truncateAll())

  test('50 rows with one bad price: the preview names the bad row and why; applying changes nothing', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const csv = rows(50, { index: 17, price: '"1,50"' })

    const preview = await importCsv(panel, 'preview', csv)
    assert.equal(preview.status, 200)
    const plan = preview.body.importPlan
    assert.deepEqual(plan.counts, { create: 49, update: 0, unchanged: 0, refused: 1 })
    const refused = plan.rows.filter((row: any) => row.action === 'refused')
    assert.lengthOf(refused, 1)
    assert.equal(refused[0].line, 18)
    assert.equal(refused[0].slug, 'import-17')
    // The API validator's own message (app/validators/catalog.ts).
    assert.lengthOf(refused[0].errors, 1)
    assert.equal(refused[0].errors[0].column, 'price')
    assert.match(refused[0].errors[0].message, /^The price field must be a decimal .*"19\.99"/)
    assert.equal(
      await Product.query()
        .count('* as total')
        .first()
        .then((r) => r?.$extras.total),
      0
    )

    const applied = await importCsv(panel, 'apply', csv)
    assert.equal(applied.status, 422)
    assert.equal(applied.body.errors[0].code, 'E_VALIDATION_ERROR')
    assert.equal(
      applied.body.errors[0].message,
      `Line 18 (import-17): ${refused[0].errors[0].message}`
    )
    assert.lengthOf(await Product.all(), 0)
    assert.lengthOf(await importAudit(), 0)
  })

  test('49 good rows: all created in one import through the API rules, audited once with the counts', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const applied = await importCsv(panel, 'apply', rows(49))
    assert.equal(applied.status, 200)
    assert.deepEqual(applied.body.importPlan.counts, {
      create: 49,
      update: 0,
      unchanged: 0,
      refused: 0,
    })
    const products = await Product.query().orderBy('id')
    assert.lengthOf(products, 49)
    assert.equal(products[0].slug, 'import-1')
    assert.equal(products[0].price, 150)
    assert.equal(products[48].price, 4950)
    assert.equal(products[0].description, 'Line one, with comma')
    // Stock is not imported: new products start at 0.
    assert.isTrue(products.every((product) => product.stock === 0 && product.isActive))
    const audit = await importAudit()
    assert.lengthOf(audit, 1)
    assert.containsSubset(audit[0].changes, { created: 49, updated: 0, unchanged: 0 })
  })

  test('the products export imports back unchanged; an edited cell becomes an update with its before and after', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const category = await CategoryFactory.merge({ slug: 'lamps' }).create()
    await ProductFactory.merge({
      slug: 'desk-lamp',
      name: 'Desk lamp',
      price: 2450,
      stock: 7,
      categoryId: category.id,
      description: '- bright\n- small',
    }).create()
    await ProductFactory.merge({
      slug: 'formula',
      name: '=HYPERLINK("http://evil.test")',
      price: 100,
      description: null,
      isActive: false,
    }).create()

    const exported = await panel.request('GET', '/admin/exports/products.csv')
    assert.equal(exported.status, 200)
    assert.match(exported.headers.get('content-type')!, /^text\/csv/)
    assert.match(exported.headers.get('content-disposition')!, /^attachment; filename="products-/)
    const csv = await exported.text()
    const records = parse(csv, { columns: true }) as Array<Record<string, string>>
    assert.deepEqual(records[0], {
      slug: 'desk-lamp',
      name: 'Desk lamp',
      description: "'- bright\n- small",
      price: '24.50',
      category_slug: 'lamps',
      low_stock_threshold: '5',
      is_active: 'true',
      stock: '7',
    })
    // A formula stays text in a spreadsheet.
    assert.equal(records[1].name, `'=HYPERLINK("http://evil.test")`)
    assert.equal(records[1].is_active, 'false')

    const again = await importCsv(panel, 'preview', csv)
    assert.equal(again.status, 200)
    assert.deepEqual(again.body.importPlan.counts, {
      create: 0,
      update: 0,
      unchanged: 2,
      refused: 0,
    })
    assert.deepEqual(again.body.importPlan.ignoredColumns, ['stock'])

    const edited = csv.replace('24.50', '26.00').replace(',7\n', ',70\n')
    const preview = await importCsv(panel, 'preview', edited)
    const update = preview.body.importPlan.rows.find((row: any) => row.slug === 'desk-lamp')
    assert.equal(update.action, 'update')
    assert.deepEqual(update.changes, { price: { from: '24.50', to: '26.00' } })

    const applied = await importCsv(panel, 'apply', edited)
    assert.equal(applied.status, 200)
    const lamp = await Product.findByOrFail('slug', 'desk-lamp')
    assert.equal(lamp.price, 2600)
    assert.equal(lamp.stock, 7, 'stock is not imported')
    assert.equal(lamp.description, '- bright\n- small')
    const formula = await Product.findByOrFail('slug', 'formula')
    assert.equal(formula.name, '=HYPERLINK("http://evil.test")')
    assert.containsSubset((await importAudit())[0].changes, { updated: 1, unchanged: 1 })
  })

  test('files the import cannot read are refused with the reason (422), nothing written', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const cases: Array<[string, string, RegExp]> = [
      ['preview', 'name,price\nLamp,1.00\n', /Missing column\(s\): slug/],
      ['preview', 'slug,name,price,colour\nx,X,1.00,red\n', /Unknown column\(s\): colour/],
      ['preview', `${HEADER}\n`, /no rows/],
      ['preview', `${HEADER}\n"unclosed,X,,1.00,,,\n`, /not a readable CSV/],
      ['preview', `${HEADER}\nx,X,,1.00\n`, /not a readable CSV/],
      ['guess', rows(1), /mode must be/],
    ]
    for (const [mode, csv, message] of cases) {
      const answer = await importCsv(panel, mode, csv)
      assert.equal(answer.status, 422, csv)
      assert.match(answer.body.errors[0].message, message)
    }
    const noFile = await panel.request('POST', '/admin/api/resources/products/actions/importCsv', {
      body: new URLSearchParams({ mode: 'preview' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(noFile.status, 422)

    const mixed = [
      HEADER,
      ',No slug,,1.00,,,',
      'dup,First,,1.00,,,',
      'dup,Second,,1.00,,,',
      'cat,With category,,1.00,nowhere,,',
      'neg,Negative,,-1,,,',
      'flag,Flag,,1.00,,,maybe',
      'Bad Slug!,Slug,,1.00,,,',
    ].join('\n')
    const preview = await importCsv(panel, 'preview', mixed)
    assert.equal(preview.status, 200)
    const reasons = Object.fromEntries(
      preview.body.importPlan.rows.map((row: any) => [
        row.line,
        row.errors.map((error: any) => error.column),
      ])
    )
    assert.deepEqual(reasons, {
      2: ['slug'],
      3: [],
      4: ['slug'],
      5: ['category_slug'],
      6: ['price'],
      7: ['is_active'],
      8: ['slug'],
    })
    assert.lengthOf(await Product.all(), 0)
  })
})

let sequence = 0
async function orderFor(user: User, status: Order['status'], createdAt: string, shipName?: string) {
  sequence += 1
  return Order.create({
    number: `ORD-CSV-${sequence}`,
    userId: user.id,
    status,
    currency: 'USD',
    subtotal: 1999,
    total: 1999,
    itemCount: 1,
    shipFullName: shipName ?? user.fullName ?? 'Someone',
    shipLine1: '1 Street',
    shipCity: 'Town',
    shipPostalCode: '10001',
    shipCountry: 'US',
    createdAt: DateTime.fromISO(createdAt),
  })
}

test.group('Panel: orders as CSV with the list filters (issue 16, item 6)', (group) => {
  group.each.setup(() => truncateAll())

  test('the export applies status, date range and customer e-mail; staff get names, admins e-mails; formulas stay text', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const admin = await UserFactory.apply('admin').create()
    const ada = await UserFactory.merge({ email: 'ada.csv@example.test', fullName: 'Ada' }).create()
    const bob = await UserFactory.merge({ email: 'bob.csv@example.test', fullName: 'Bob' }).create()
    const january = await orderFor(ada, 'delivered', '2026-01-10T12:00:00Z')
    const march = await orderFor(ada, 'pending', '2026-03-10T12:00:00Z', '@SUM(A1)')
    const bobs = await orderFor(bob, 'pending', '2026-03-12T12:00:00Z')

    const panel = await AdminSession.signIn(staff.email, 'password123')
    const exportWith = async (session: AdminSession, query: string) => {
      const response = await session.request('GET', `/admin/exports/orders.csv?${query}`)
      const text = await response.text()
      return {
        status: response.status,
        text,
        records: response.status === 200 ? (parse(text, { columns: true }) as any[]) : [],
      }
    }
    const numbers = (records: any[]) => records.map((record) => record.number).sort()

    const all = await exportWith(panel, '')
    assert.equal(all.status, 200)
    assert.deepEqual(numbers(all.records), [january.number, march.number, bobs.number].sort())
    assert.notInclude(all.text, 'ada.csv@example.test')
    assert.notProperty(all.records[0], 'customer_email')

    const pending = await exportWith(panel, 'filters.status=pending')
    assert.deepEqual(numbers(pending.records), [march.number, bobs.number].sort())

    const marchOnly = await exportWith(
      panel,
      'filters.createdAt~~from=2026-03-01T00:00:00.000Z&filters.createdAt~~to=2026-03-11'
    )
    assert.deepEqual(numbers(marchOnly.records), [march.number])

    const adas = await exportWith(panel, 'filters.customerEmail=ADA.csv@example.test')
    assert.deepEqual(numbers(adas.records), [january.number, march.number].sort())
    const row = adas.records.find((record) => record.number === march.number)
    assert.containsSubset(row, {
      status: 'pending',
      customer_name: 'Ada',
      total: '19.99',
      currency: 'USD',
      ship_full_name: "'@SUM(A1)",
      created_at: '2026-03-10T12:00:00.000Z',
    })

    const nobody = await exportWith(panel, 'filters.customerEmail=nobody@example.test')
    assert.equal(nobody.status, 200)
    assert.lengthOf(nobody.records, 0)

    for (const query of [
      'filters.status=lost',
      'filters.createdAt~~from=yesterday',
      'filters.userId=abc',
    ]) {
      const refused = await exportWith(panel, query)
      assert.equal(refused.status, 422, query)
      assert.property(JSON.parse(refused.text), 'errors')
    }

    const adminPanel = await AdminSession.signIn(admin.email, 'password123')
    const withEmails = await exportWith(adminPanel, `filters.userId=${bob.id}`)
    assert.deepEqual(numbers(withEmails.records), [bobs.number])
    assert.equal(withEmails.records[0].customer_email, 'bob.csv@example.test')

    const exports = await db.from('admin_actions').where('action', 'export').orderBy('id')
    assert.isAtLeast(exports.length, 6)
    assert.equal(exports[0].resource, 'orders')
  })

  test('without a panel session there is no export', async ({ assert }) => {
    const anonymous = new AdminSession()
    const response = await anonymous.request('GET', '/admin/exports/orders.csv')
    assert.notEqual(response.status, 200)
    const products = await anonymous.request('GET', '/admin/exports/products.csv')
    assert.notEqual(products.status, 200)
  })

  test('the formula guard', ({ assert }) => {
    for (const [value, expected] of [
      ['=1+1', "'=1+1"],
      ['+1', "'+1"],
      ['-1', "'-1"],
      ['@x', "'@x"],
      ['\tx', "'\tx"],
      ['\rx', "'\rx"],
      ['plain', 'plain'],
      [null, ''],
      [12, '12'],
    ] as const) {
      assert.equal(csvCell(value), expected)
    }
  })
})
