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
      category_slug: 'lamps',
      is_active: 'true',
      sku: 'P-1',
      option1_name: '',
      option1_value: '',
      option2_name: '',
      option2_value: '',
      option3_name: '',
      option3_value: '',
      price: '24.50',
      compare_at_price: '',
      low_stock_threshold: '5',
      weight_grams: '',
      variant_is_active: 'true',
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

const VARIANT_HEADER =
  'slug,name,description,category_slug,is_active,sku,option1_name,option1_value,option2_name,option2_value,price,compare_at_price,low_stock_threshold,weight_grams,variant_is_active,stock'

async function variantsOf(slug: string) {
  const product = await Product.findByOrFail('slug', slug)
  await product.load('variants', (query) => query.orderBy('position').orderBy('id'))
  await product.load('options', (query) => query.orderBy('position'))
  return product
}

async function ledgerMismatches() {
  const [row] = await db
    .from('product_variants')
    .whereRaw(
      'stock <> (select coalesce(sum(m.quantity), 0) from stock_movements m where m.variant_id = product_variants.id)'
    )
    .count('* as total')
  return Number(row.total)
}

test.group('Panel: products with variants in CSV (issue 17, item 8)', (group) => {
  group.each.setup(() => truncateAll())

  test('a product in sizes and colours: created from its rows, exported one row per variant, re-imported unchanged', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    await CategoryFactory.merge({ slug: 'tees' }).create()
    const csv = [
      VARIANT_HEADER,
      'tee,Tee,Cotton tee,tees,true,TEE-S-RED,Size,S,Colour,red,19.99,24.99,3,180,true,99',
      'tee,,,,,TEE-S-BLUE,Size,S,Colour,blue,19.99,,3,180,true,',
      'tee,Tee,Cotton tee,tees,true,TEE-L-RED,Size,L,Colour,red,21.99,,3,200,false,',
      'mug,Mug,,,true,MUG-1,,,,,4.50,,5,,true,12',
    ].join('\n')

    const preview = await importCsv(panel, 'preview', csv)
    assert.equal(preview.status, 200)
    assert.deepEqual(preview.body.importPlan.counts, {
      create: 4,
      update: 0,
      unchanged: 0,
      refused: 0,
    })
    assert.deepEqual(preview.body.importPlan.ignoredColumns, ['stock'])
    assert.deepEqual(
      preview.body.importPlan.rows.map((row: any) => [row.line, row.slug, row.sku, row.action]),
      [
        [2, 'tee', 'TEE-S-RED', 'create'],
        [3, 'tee', 'TEE-S-BLUE', 'create'],
        [4, 'tee', 'TEE-L-RED', 'create'],
        [5, 'mug', 'MUG-1', 'create'],
      ]
    )
    assert.lengthOf(await Product.all(), 0, 'the preview writes nothing')

    const applied = await importCsv(panel, 'apply', csv)
    assert.equal(applied.status, 200)
    const tee = await variantsOf('tee')
    assert.deepEqual(
      tee.options.map((option) => [option.name, option.values]),
      [
        ['Size', ['S', 'L']],
        ['Colour', ['red', 'blue']],
      ]
    )
    assert.deepEqual(
      tee.variants.map((variant) => [
        variant.sku,
        variant.title,
        variant.price,
        variant.compareAtPrice,
        variant.stock,
        variant.weightGrams,
        variant.isActive,
      ]),
      [
        ['TEE-S-RED', 'S / red', 1999, 2499, 0, 180, true],
        ['TEE-S-BLUE', 'S / blue', 1999, null, 0, 180, true],
        ['TEE-L-RED', 'L / red', 2199, null, 0, 200, false],
      ]
    )
    // The summary: the active variants' price range; no stock imported.
    assert.equal(tee.price, 1999)
    assert.equal(tee.maxPrice, 1999)
    assert.equal(tee.stock, 0)
    assert.equal(tee.description, 'Cotton tee')
    const mug = await variantsOf('mug')
    assert.deepEqual(
      mug.variants.map((variant) => [variant.sku, variant.title, variant.price, variant.stock]),
      [['MUG-1', 'Default', 450, 0]]
    )
    assert.equal(Number((await db.from('stock_movements').count('* as n'))[0].n), 0)

    const exported = await (await panel.request('GET', '/admin/exports/products.csv')).text()
    const records = parse(exported, { columns: true }) as Array<Record<string, string>>
    assert.deepEqual(
      records.map((record) => [
        record.slug,
        record.name,
        record.sku,
        record.option1_name,
        record.option1_value,
        record.option2_name,
        record.option2_value,
        record.price,
        record.variant_is_active,
      ]),
      [
        ['tee', 'Tee', 'TEE-S-RED', 'Size', 'S', 'Colour', 'red', '19.99', 'true'],
        ['tee', 'Tee', 'TEE-S-BLUE', 'Size', 'S', 'Colour', 'blue', '19.99', 'true'],
        ['tee', 'Tee', 'TEE-L-RED', 'Size', 'L', 'Colour', 'red', '21.99', 'false'],
        ['mug', 'Mug', 'MUG-1', '', '', '', '', '4.50', 'true'],
      ]
    )
    const again = await importCsv(panel, 'preview', exported)
    assert.deepEqual(again.body.importPlan.counts, {
      create: 0,
      update: 0,
      unchanged: 4,
      refused: 0,
    })
  }).timeout(30_000)

  test('an edited export: a variant price changes, a new size is added at 0 stock, stock never moves', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const base = [
      VARIANT_HEADER,
      'tee,Tee,,,true,TEE-S,Size,S,,,19.99,,3,,true,',
      'tee,,,,,TEE-M,Size,M,,,19.99,,3,,true,',
    ].join('\n')
    assert.equal((await importCsv(panel, 'apply', base)).status, 200)
    const before = await variantsOf('tee')
    const admin = await UserFactory.apply('admin').create()
    const { VariantAdminService } = await import('#services/variant_admin_service')
    await new VariantAdminService().adjustStock(
      before.variants[1].id,
      { delta: 8, reason: 'count' },
      { id: admin.id, role: 'admin' } as any
    )

    const edited = [
      VARIANT_HEADER,
      'tee,Tee shirt,,,true,TEE-S,Size,S,,,19.99,,3,,true,500',
      'tee,,,,,TEE-M,Size,M,,,22.50,,3,,true,0',
      'tee,,,,,TEE-XL,Size,XL,,,24.00,,2,,true,40',
    ].join('\n')
    const preview = await importCsv(panel, 'preview', edited)
    assert.equal(preview.status, 200)
    assert.deepEqual(
      preview.body.importPlan.rows.map((row: any) => [row.sku, row.action, row.changes]),
      [
        ['TEE-S', 'update', { name: { from: 'Tee', to: 'Tee shirt' } }],
        ['TEE-M', 'update', { price: { from: '19.99', to: '22.50' } }],
        [
          'TEE-XL',
          'create',
          {
            Size: { from: null, to: 'XL' },
            price: { from: null, to: '24.00' },
            low_stock_threshold: { from: null, to: 2 },
            variant_is_active: { from: null, to: true },
          },
        ],
      ]
    )

    const applied = await importCsv(panel, 'apply', edited)
    assert.equal(applied.status, 200)
    const after = await variantsOf('tee')
    assert.equal(after.name, 'Tee shirt')
    assert.deepEqual(after.options[0].values, ['S', 'M', 'XL'])
    assert.deepEqual(
      after.variants.map((variant) => [variant.sku, variant.title, variant.price, variant.stock]),
      [
        ['TEE-S', 'S', 1999, 0],
        ['TEE-M', 'M', 2250, 8],
        ['TEE-XL', 'XL', 2400, 0],
      ]
    )
    assert.equal(after.price, 1999)
    assert.equal(after.maxPrice, 2400)
    assert.equal(after.stock, 8)
    assert.equal(await ledgerMismatches(), 0)
    assert.containsSubset((await importAudit()).at(-1)!.changes, {
      created: 1,
      updated: 2,
      unchanged: 0,
      slugs: ['tee'],
    })
  }).timeout(30_000)

  test('rows that cannot be one product are refused with their line and why; nothing is written', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const other = await ProductFactory.merge({ slug: 'other' }).create()
    await db.from('product_variants').where('product_id', other.id).update({ sku: 'OTHER-1' })
    await ProductFactory.merge({ slug: 'lamp' }).create()
    const csv = [
      VARIANT_HEADER,
      // Another product's SKU.
      'hat,Hat,,,true,OTHER-1,,,,,5.00,,,,,',
      // A later row naming another product name.
      'tee,Tee,,,true,TEE-S,Size,S,,,19.99,,,,,',
      'tee,Shirt,,,,TEE-M,Size,M,,,19.99,,,,,',
      // A SKU twice in the file; a value without its option.
      'cap,Cap,,,true,CAP-1,Size,S,,,9.00,,,,,',
      'cap,,,,,CAP-1,Size,M,,,9.00,,,,,',
      'bag,Bag,,,true,BAG-1,Size,,,,9.00,,,,,',
      // An existing product without options given one.
      'lamp,,,,,LAMP-2,Colour,red,,,9.00,,,,,',
    ].join('\n')
    const preview = await importCsv(panel, 'preview', csv)
    assert.equal(preview.status, 200)
    const reasons = Object.fromEntries(
      preview.body.importPlan.rows.map((row: any) => [
        row.line,
        row.errors.map((error: any) => error.column),
      ])
    )
    assert.deepEqual(reasons, {
      2: ['sku'],
      3: ['slug'],
      4: ['name'],
      5: ['slug'],
      6: ['sku'],
      7: ['option1_value'],
      8: ['option1_name'],
    })
    assert.equal(preview.body.importPlan.counts.refused, 7)
    assert.match(preview.body.importPlan.rows[0].errors[0].message, /belongs to another product/)

    const applied = await importCsv(panel, 'apply', csv)
    assert.equal(applied.status, 422)
    assert.match(applied.body.errors[0].message, /^Line 2 \(hat, OTHER-1\): /)
    assert.lengthOf(await Product.all(), 2)
    assert.equal((await variantsOf('other')).variants.length, 1)
    assert.equal(other.slug, 'other')
  }).timeout(30_000)

  test("a file without sku (the format before variants) updates a product's only variant, and names the sku a product of several variants needs", async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const simple = await ProductFactory.merge({
      slug: 'simple',
      name: 'Simple',
      price: 1000,
      stock: 3,
    }).create()
    const sized = [
      VARIANT_HEADER,
      'sized,Sized,,,true,SIZED-S,Size,S,,,5.00,,,,,',
      'sized,,,,,SIZED-M,Size,M,,,6.00,,,,,',
    ].join('\n')
    assert.equal((await importCsv(panel, 'apply', sized)).status, 200)

    const old = [HEADER, 'simple,Simple,,12.00,,4,true', 'sized,Sized,,7.00,,,'].join('\n')
    const preview = await importCsv(panel, 'preview', old)
    const byLine = Object.fromEntries(
      preview.body.importPlan.rows.map((row: any) => [
        row.line,
        [row.action, row.changes, row.errors],
      ])
    )
    assert.deepEqual(byLine[2].slice(0, 2), [
      'update',
      { price: { from: '10.00', to: '12.00' }, low_stock_threshold: { from: 5, to: 4 } },
    ])
    assert.equal(byLine[3][0], 'refused')
    assert.equal(byLine[3][2][0].column, 'sku')
    assert.match(byLine[3][2][0].message, /has 2 variants: give the sku/)

    const withOptions = ['slug,name,price,option1_name,option1_value', 'cap,Cap,5.00,Size,S'].join(
      '\n'
    )
    const refused = await importCsv(panel, 'preview', withOptions)
    assert.equal(refused.body.importPlan.rows[0].errors[0].column, 'option1_name')
    assert.match(refused.body.importPlan.rows[0].errors[0].message, /needs a sku column/)

    const applied = await importCsv(
      panel,
      'apply',
      [HEADER, 'simple,Simple,,12.00,,4,true'].join('\n')
    )
    assert.equal(applied.status, 200)
    const after = await variantsOf('simple')
    assert.deepEqual(
      after.variants.map((variant) => [
        variant.sku,
        variant.price,
        variant.lowStockThreshold,
        variant.stock,
      ]),
      [[`P-${simple.id}`, 1200, 4, 3]]
    )
    assert.equal(after.price, 1200)
    assert.equal(await ledgerMismatches(), 0)
  }).timeout(30_000)

  test('what only the services can refuse (one combination twice) shows in the preview; applying writes nothing', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const csv = [
      VARIANT_HEADER,
      'ok,Fine,,,true,OK-1,,,,,1.00,,,,,',
      'tee,Tee,,,true,TEE-A,Size,S,,,19.99,,,,,',
      'tee,,,,,TEE-B,Size,S,,,19.99,,,,,',
    ].join('\n')
    const preview = await importCsv(panel, 'preview', csv)
    assert.equal(preview.status, 200)
    const refused = preview.body.importPlan.rows.filter((row: any) => row.action === 'refused')
    assert.lengthOf(refused, 1)
    assert.equal(refused[0].slug, 'tee')
    assert.isAbove(refused[0].errors.length, 0)
    assert.lengthOf(await Product.all(), 0)

    const applied = await importCsv(panel, 'apply', csv)
    assert.isAtLeast(applied.status, 400)
    assert.isBelow(applied.status, 500)
    assert.match(applied.body.errors[0].message, /Nothing was imported|nothing was imported/)
    assert.lengthOf(await Product.all(), 0)
    assert.lengthOf(await importAudit(), 0)
  }).timeout(30_000)
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
