import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import ProductVariant from '#models/product_variant'
import User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { AdminSession } from '#tests/support/admin_session'

const record = (productId: number, action: string) =>
  `/resources/products/records/${productId}/${action}`

async function staffPanel() {
  const staff = await UserFactory.apply('staff').create()
  const panel = await AdminSession.signIn(staff.email, 'password123')
  return { staff, panel }
}

async function variantsOf(productId: number) {
  return ProductVariant.query().where('product_id', productId).orderBy('position').orderBy('id')
}

async function ledgerOf(variantId: number) {
  return db.from('stock_movements').where('variant_id', variantId).orderBy('id')
}

/**
 * A T-shirt with Size S/M and one variant (M) at 20.00, 10 in stock.
 */
async function tShirt(panel: AdminSession) {
  const product = await ProductFactory.merge({ name: 'Panel Tee', price: 2000, stock: 10 }).create()
  const options = await panel.api('POST', record(product.id, 'saveOptions'), {
    options: [{ name: 'Size', values: 'S, M' }],
  })
  if (options.body.notice?.type !== 'success') {
    throw new Error(`options refused: ${JSON.stringify(options.body.notice)}`)
  }
  const [variant] = await variantsOf(product.id)
  return { product, variant }
}

test.group('Panel: a product page edits options, variants, stock and images', (group) => {
  group.each.setup(() => truncateAll())

  // issue 17, item 7
  test('the page shows the options, the variants grid, the images and the price range', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    const created = await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: '18.50',
      stock: '3',
      low_stock_threshold: '5',
      is_active: true,
    })
    assert.equal(created.body.notice.type, 'success', JSON.stringify(created.body.notice))

    const shown = await panel.api('GET', record(product.id, 'show'))
    assert.equal(shown.status, 200)
    const page = shown.body.record.productPage
    assert.deepEqual(page.options, [{ name: 'Size', values: ['S', 'M'] }])
    assert.deepEqual(
      page.variants.map((row: any) => [row.sku, row.title, row.options, row.price, row.stock]),
      [
        [variant.sku, 'S', { Size: 'S' }, '20.00', 10],
        ['TEE-M', 'M', { Size: 'M' }, '18.50', 3],
      ]
    )
    const tee = page.variants.find((row: any) => row.sku === 'TEE-M')
    assert.isTrue(tee.low, 'at or below its own threshold')
    assert.deepEqual(page.priceRange, { min: '18.50', max: '20.00' })
    assert.equal(page.totalStock, 13)
    assert.deepEqual(page.images, [])

    // The list shows the range and the total stock, flagged low by the low variant.
    const list = await panel.api('GET', `/resources/products/actions/list?filters.name=Panel`)
    const row = list.body.records.find((item: any) => String(item.id) === String(product.id))
    assert.equal(row.params.price, '18.50 – 20.00')
    assert.equal(Number(row.params.stock), 13)
    assert.isTrue(row.params.lowStock)
  }).tags(['variants'])

  // issue 17, item 7: one rule set for the API and the panel
  test('a variant added in the panel goes through the API validation: a duplicate SKU is refused with a readable message and nothing is written', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    const other = await ProductFactory.merge({ name: 'Other Mug' }).create()
    const [otherVariant] = await variantsOf(other.id)

    const duplicate = await panel.api('POST', record(product.id, 'createVariant'), {
      sku: otherVariant.sku,
      options: { Size: 'M' },
      price: '18.00',
    })
    assert.equal(duplicate.status, 200)
    assert.equal(duplicate.body.notice.type, 'error')
    assert.include(duplicate.body.notice.message, 'SKU already used by Other Mug')
    assert.equal(duplicate.body.error.field, 'sku')
    assert.lengthOf(await variantsOf(product.id), 1)

    const badPrice = await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: 'cheap',
    })
    assert.equal(badPrice.body.notice.type, 'error')
    assert.equal(badPrice.body.error.field, 'price')
    const badSku = await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'bad sku/1',
      options: { Size: 'M' },
      price: '10.00',
    })
    assert.equal(badSku.body.notice.type, 'error')
    assert.equal(badSku.body.error.field, 'sku')
    const sameCombination = await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-X2',
      options: { Size: variant.optionValues[0] },
      price: '10.00',
    })
    assert.equal(sameCombination.body.notice.type, 'error')
    assert.include(sameCombination.body.notice.message, variant.sku)
    const unknownValue = await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-XL',
      options: { Size: 'XL' },
      price: '10.00',
    })
    assert.equal(unknownValue.body.notice.type, 'error')
    assert.include(unknownValue.body.notice.message, 'accepted values are S, M')
    assert.lengthOf(await variantsOf(product.id), 1)

    // The same SKU refused by the API too.
    const ok = await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: '18.00',
      stock: '4',
    })
    assert.equal(ok.body.notice.type, 'success')
    const rows = await variantsOf(product.id)
    assert.lengthOf(rows, 2)
    const added = rows.find((row) => row.sku === 'TEE-M')!
    assert.equal(added.price, 1800)
    assert.equal(added.stock, 4)
    // The opening stock is a ledger row.
    const ledger = await ledgerOf(added.id)
    assert.deepEqual(
      ledger.map((row) => [row.reason, Number(row.quantity), Number(row.stock_after)]),
      [['initial', 4, 4]]
    )
    // Editing another variant onto the taken SKU is refused the same way.
    const renamed = await panel.api('POST', record(product.id, 'updateVariant'), {
      variantId: variant.id,
      sku: 'TEE-M',
    })
    assert.equal(renamed.body.notice.type, 'error')
    assert.include(renamed.body.notice.message, 'SKU already used')
    await variant.refresh()
    assert.notEqual(variant.sku, 'TEE-M')
  }).tags(['variants'])

  // issue 17, "Done when": a staff price change on one variant (panel) shows on the next read
  test('a price change on a variant in the panel shows on the next public read of the product', async ({
    client,
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: '25.00',
      stock: '2',
    })
    // Read (and cached) before the change...
    const before = await client.get(`/api/v1/products/${product.id}`)
    before.assertStatus(200)
    assert.equal(before.body().data.price, '20.00')
    assert.equal(before.body().data.max_price, '25.00')

    const saved = await panel.api('POST', record(product.id, 'updateVariant'), {
      variantId: variant.id,
      price: '12.34',
      compare_at_price: '15.00',
      low_stock_threshold: '2',
      is_active: true,
    })
    assert.equal(saved.body.notice.type, 'success', JSON.stringify(saved.body.notice))
    assert.equal(
      saved.body.record.productPage.variants.find((row: any) => row.id === variant.id).price,
      '12.34'
    )

    // ...and the next read shows it.
    const after = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(after.body().data.price, '12.34')
    assert.equal(after.body().data.max_price, '25.00')
    const shown = after.body().data.variants.find((row: any) => row.id === variant.id)
    assert.equal(shown.price, '12.34')
    assert.equal(shown.compare_at_price, '15.00')
    const list = await client.get(`/api/v1/products`)
    const listed = list.body().data.find((row: any) => row.id === product.id)
    assert.equal(listed.price, '12.34')

    // A bad price is refused by the API's validator, nothing changed.
    const refused = await panel.api('POST', record(product.id, 'updateVariant'), {
      variantId: variant.id,
      price: '-1',
    })
    assert.equal(refused.body.notice.type, 'error')
    assert.equal(refused.body.error.field, 'price')
    await variant.refresh()
    assert.equal(variant.price, 1234)
    // Stock is never a field of the grid's save.
    const stock = await panel.api('POST', record(product.id, 'updateVariant'), {
      variantId: variant.id,
      stock: '99',
    })
    assert.equal(stock.body.notice.type, 'success')
    await variant.refresh()
    assert.equal(variant.stock, 10)
  }).tags(['variants'])

  // issue 17, items 4 and 7
  test('a stock adjustment in the panel writes a ledger row and the page lists the movement', async ({
    client,
    assert,
  }) => {
    const { staff, panel } = await staffPanel()
    await User.query().where('id', staff.id).update({ full_name: 'Stock Keeper' })
    const customer = await UserFactory.create()
    const { product, variant } = await tShirt(panel)
    const number = await placeOrder(client, customer, [[product, 2]])

    const done = await panel.api('POST', record(product.id, 'variantStock'), {
      variantId: variant.id,
      delta: '5',
      kind: 'return',
      reason: 'parcel came back',
    })
    assert.equal(done.body.notice.type, 'success', JSON.stringify(done.body.notice))
    assert.include(done.body.notice.message, 'is now 13')
    await variant.refresh()
    assert.equal(variant.stock, 13)
    const ledger = await ledgerOf(variant.id)
    const last = ledger[ledger.length - 1]
    assert.equal(last.reason, 'return')
    assert.equal(Number(last.quantity), 5)
    assert.equal(Number(last.stock_after), 13)
    assert.equal(last.note, 'parcel came back')
    assert.equal(Number(last.user_id), staff.id)
    assert.equal(
      ledger.reduce((sum, row) => sum + Number(row.quantity), 0),
      13,
      'the stock is the sum of its ledger'
    )
    const [audit] = await db
      .from('admin_actions')
      .where({ action: 'stock_adjustment', record_id: String(variant.id) })
    assert.equal(Number(audit.admin_id), staff.id)

    const counted = await panel.api('POST', record(product.id, 'variantStock'), {
      variantId: variant.id,
      set: '7',
      expected: '13',
      reason: 'counted',
    })
    assert.equal(counted.body.notice.type, 'success')

    const listed = await panel.api(
      'GET',
      `${record(product.id, 'variantMovements')}?variantId=${variant.id}`
    )
    assert.equal(listed.status, 200)
    const rows = listed.body.movements.data
    assert.deepEqual(
      rows.map((row: any) => [row.reason, row.quantity, row.stockAfter]),
      [
        ['adjustment', -6, 7],
        ['return', 5, 13],
        ['sale', -2, 8],
        ['initial', 10, 10],
      ]
    )
    assert.equal(rows[0].staff, 'Stock Keeper')
    assert.equal(rows[0].note, 'counted')
    assert.equal(rows[2].orderNumber, number)
    assert.isNull(rows[2].staff)
    assert.isString(rows[0].at)

    // The ledger is also a read-only list of the panel, filtered by variant.
    const ledgerList = await panel.api(
      'GET',
      `/resources/stock_movements/actions/list?filters.variantId=${variant.id}`
    )
    assert.equal(ledgerList.status, 200)
    assert.lengthOf(ledgerList.body.records, 4)
  }).tags(['variants'])

  // issue 17, item 7: errors from the services are readable, nothing half-written
  test('a refused stock change shows the service message and writes nothing', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    const cases = [
      [{ delta: '-11', reason: 'lost' }, 'below 0'],
      [{ delta: '2', reason: ' ' }, null],
      [{ set: '3', expected: '9', reason: 'count' }, 'now 10, not 9'],
      [{ delta: '2', reason: 'x', kind: 'theft' }, null],
      [{ delta: 'two', reason: 'x' }, null],
    ] as const
    for (const [body, message] of cases) {
      const answer = await panel.api('POST', record(product.id, 'variantStock'), {
        variantId: variant.id,
        ...body,
      })
      assert.equal(answer.status, 200)
      assert.equal(answer.body.notice.type, 'error', JSON.stringify(body))
      assert.isString(answer.body.notice.message)
      if (message) assert.include(answer.body.notice.message, message)
    }
    await variant.refresh()
    assert.equal(variant.stock, 10)
    assert.lengthOf(await ledgerOf(variant.id), 1)

    // A variant of another product is not reachable through this product's page.
    const other = await ProductFactory.create()
    const [foreign] = await variantsOf(other.id)
    const answer = await panel.api('POST', record(product.id, 'variantStock'), {
      variantId: foreign.id,
      delta: '1',
      reason: 'x',
    })
    assert.equal(answer.body.notice.type, 'error')
    assert.include(answer.body.notice.message, 'not one of the product')
  }).tags(['variants'])

  // issue 17, item 7
  test('deleting a variant: refused for the last one (422) and one on an order (409), else deleted', async ({
    client,
    assert,
  }) => {
    const { panel } = await staffPanel()
    const customer = await UserFactory.create()
    const { product, variant } = await tShirt(panel)

    const last = await panel.api('POST', record(product.id, 'deleteVariant'), {
      variantId: variant.id,
    })
    assert.equal(last.body.notice.type, 'error')
    assert.include(last.body.notice.message, 'last variant')

    // Ordered while it is the product's only variant.
    await placeOrder(client, customer, [[product, 1]])
    await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: '18.00',
    })
    const refused = await panel.api('POST', record(product.id, 'deleteVariant'), {
      variantId: variant.id,
    })
    assert.equal(refused.body.notice.type, 'error')
    assert.include(refused.body.notice.message, 'appears on orders')
    assert.isNotNull(await ProductVariant.find(variant.id))
    const added = (await variantsOf(product.id)).find((row) => row.sku === 'TEE-M')!
    const deleted = await panel.api('POST', record(product.id, 'deleteVariant'), {
      variantId: added.id,
    })
    assert.equal(deleted.body.notice.type, 'success')
    assert.isNull(await ProductVariant.find(added.id))
    assert.deepEqual(
      deleted.body.record.productPage.variants.map((row: any) => row.id),
      [variant.id]
    )
  }).tags(['variants'])

  // issue 17, item 7
  test('options: a value a variant uses cannot be removed; a new option gives the variants its first value', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    const removing = await panel.api('POST', record(product.id, 'saveOptions'), {
      options: [{ name: 'Size', values: 'M' }],
    })
    assert.equal(removing.body.notice.type, 'error')
    assert.include(removing.body.notice.message, variant.sku)

    const empty = await panel.api('POST', record(product.id, 'saveOptions'), {
      options: [{ name: '', values: 'x' }],
    })
    assert.equal(empty.body.notice.type, 'error')

    const added = await panel.api('POST', record(product.id, 'saveOptions'), {
      options: [
        { name: 'Size', values: 'S, M' },
        { name: 'Colour', values: ['red', 'blue'] },
      ],
    })
    assert.equal(added.body.notice.type, 'success')
    await variant.refresh()
    assert.deepEqual(variant.optionValues, ['S', 'red'])
    assert.equal(variant.title, 'S / red')
    assert.deepEqual(added.body.record.productPage.options, [
      { name: 'Size', values: ['S', 'M'] },
      { name: 'Colour', values: ['red', 'blue'] },
    ])
  }).tags(['variants'])

  // issue 17, items 5 and 7
  test('images: upload by content, alt text and position, attach to a variant, delete', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    const fixture = (name: string) => readFile(app.makePath('tests/fixtures/images', name))
    const upload = async (bytes: Buffer, name: string, alt?: string) => {
      const form = new FormData()
      form.append('file', new Blob([bytes]), name)
      if (alt) form.append('alt', alt)
      const response = await panel.request(
        'POST',
        `/admin/api${record(product.id, 'uploadImage')}`,
        {
          body: form,
        }
      )
      return { status: response.status, body: (await response.json()) as any }
    }

    const png = await upload(await fixture('pixel.png'), 'renamed.jpg', 'Front')
    assert.equal(png.status, 200)
    assert.equal(png.body.notice.type, 'success', JSON.stringify(png.body.notice))
    const [image] = await ProductImage.query().where('product_id', product.id)
    assert.equal(image.contentType, 'image/png')
    assert.equal(image.alt, 'Front')
    assert.lengthOf(png.body.record.productPage.images, 1)
    const served = await fetch(`${panel.baseUrl}${image.url}`)
    assert.equal(served.status, 200)
    assert.equal(served.headers.get('content-type'), 'image/png')

    const text = await upload(await fixture('not_an_image.png'), 'x.png')
    assert.equal(text.body.notice.type, 'error')
    assert.include(text.body.notice.message, 'JPEG')
    assert.lengthOf(await ProductImage.query().where('product_id', product.id), 1)

    const webp = await upload(await fixture('pixel.webp'), 'back.webp')
    assert.equal(webp.body.notice.type, 'success')
    const second = (await ProductImage.query().where('product_id', product.id).orderBy('id'))[1]
    assert.equal(second.position, 1)

    const moved = await panel.api('POST', record(product.id, 'updateImage'), {
      imageId: second.id,
      position: '0',
      alt: 'Back',
    })
    assert.equal(moved.body.notice.type, 'success')
    await image.refresh()
    const reordered = moved.body.record.productPage.images.map((row: any) => row.alt)
    assert.includeMembers(reordered, ['Front', 'Back'])
    const badPosition = await panel.api('POST', record(product.id, 'updateImage'), {
      imageId: second.id,
      position: '-4',
    })
    assert.equal(badPosition.body.notice.type, 'error')
    assert.equal(badPosition.body.error.field, 'position')

    const attached = await panel.api('POST', record(product.id, 'updateVariant'), {
      variantId: variant.id,
      image_id: String(second.id),
    })
    assert.equal(attached.body.notice.type, 'success')
    await variant.refresh()
    assert.equal(variant.imageId, second.id)

    const removed = await panel.api('POST', record(product.id, 'deleteImage'), {
      imageId: image.id,
    })
    assert.equal(removed.body.notice.type, 'success')
    assert.isNull(await ProductImage.find(image.id))
    const gone = await fetch(`${panel.baseUrl}${image.url}`)
    assert.equal(gone.status, 404)
  }).tags(['variants'])

  // issue 17, item 7: the product form and the variants' prices
  test('the product form of a product with several variants saves unchanged, and a changed price is refused naming the variants', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: '25.00',
    })
    const opened = await panel.api('GET', record(product.id, 'edit'))
    const form = { ...opened.body.record.params }
    assert.equal(form.price, '20.00')

    const saved = await panel.api('POST', record(product.id, 'edit'), {
      ...form,
      description: 'Now in two sizes',
    })
    assert.deepEqual(saved.body.record.errors, {})
    const reloaded = await Product.findOrFail(product.id)
    assert.equal(reloaded.description, 'Now in two sizes')
    assert.equal(reloaded.price, 2000)
    assert.equal(reloaded.maxPrice, 2500)

    const changed = await panel.api('POST', record(product.id, 'edit'), {
      ...form,
      price: '9.99',
    })
    assert.equal(changed.body.notice.type, 'error')
    assert.include(changed.body.record.errors.price.message, 'variants')
    await variant.refresh()
    assert.equal(variant.price, 2000)
  }).tags(['variants'])

  // issue 17, item 7: the product's "Adjust stock" works per variant
  test('"Adjust stock" asks which variant of a product with several, and moves that one', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: '18.00',
      stock: '1',
    })
    const path = record(product.id, 'adjustStock')
    const opened = await panel.api('GET', path)
    assert.deepEqual(
      opened.body.record.variants.map((row: any) => row.sku),
      [variant.sku, 'TEE-M']
    )
    const unchosen = await panel.api('POST', path, { delta: '2', reason: 'found' })
    assert.equal(unchosen.body.notice.type, 'error')
    assert.include(unchosen.body.notice.message, 'Choose the variant')
    assert.include(unchosen.body.notice.message, 'TEE-M')

    const added = (await variantsOf(product.id)).find((row) => row.sku === 'TEE-M')!
    const done = await panel.api('POST', path, {
      variantId: String(added.id),
      delta: '2',
      reason: 'found',
    })
    assert.equal(done.body.notice.type, 'success')
    await added.refresh()
    assert.equal(added.stock, 3)
    assert.equal((await Product.findOrFail(product.id)).stock, 13)

    // A counted level applies only while the stock is still the one shown.
    const stale = await panel.api('POST', path, {
      variantId: String(added.id),
      set: '7',
      expected: '1',
      reason: 'shelf count',
      kind: 'adjustment',
    })
    assert.equal(stale.body.notice.type, 'error')
    assert.include(stale.body.notice.message, 'now 3')
    const counted = await panel.api('POST', path, {
      variantId: String(added.id),
      set: '7',
      expected: '3',
      reason: 'shelf count',
    })
    assert.equal(counted.body.notice.type, 'success')
    await added.refresh()
    assert.equal(added.stock, 7)
    const ledger = await ledgerOf(added.id)
    assert.deepEqual(
      ledger.map((row) => [row.reason, Number(row.quantity), Number(row.stock_after), row.note]),
      [
        ['initial', 1, 1, null],
        ['adjustment', 2, 3, 'found'],
        ['adjustment', 4, 7, 'shelf count'],
      ]
    )
  }).tags(['variants'])
})

test.group('Panel: bad input to the product page actions', (group) => {
  group.each.setup(() => truncateAll())

  // issue 17, item 7: a clear refusal, never a 500, nothing written
  test('garbage in every field is refused with a message and writes nothing', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product, variant } = await tShirt(panel)
    const before = {
      variants: await db.from('product_variants').count('* as total'),
      ledger: await db.from('stock_movements').count('* as total'),
      images: await db.from('product_images').count('* as total'),
      options: await db.from('product_options').select('values'),
    }
    const garbage = ['', 'abc', '99999999999', '1,50', '\u0000', 'null']
    const actions: Array<[string, (value: string) => Record<string, unknown>]> = [
      ['saveOptions', (value) => ({ options: value })],
      ['saveOptions', (value) => ({ options: [{ name: value, values: [value, value] }] })],
      ['createVariant', (value) => ({ sku: value, price: value, options: value })],
      ['createVariant', (value) => ({ sku: 'NEW-1', price: '1.00', stock: value })],
      ['updateVariant', (value) => ({ variantId: value, price: '1.00' })],
      [
        'updateVariant',
        (value) => ({ variantId: variant.id, low_stock_threshold: value, is_active: value }),
      ],
      ['updateVariant', (value) => ({ variantId: variant.id, image_id: value })],
      ['deleteVariant', (value) => ({ variantId: value })],
      ['variantStock', (value) => ({ variantId: variant.id, delta: value, reason: value })],
      ['variantStock', (value) => ({ variantId: value, delta: '1', reason: 'x' })],
      ['updateImage', (value) => ({ imageId: value, position: value })],
      ['deleteImage', (value) => ({ imageId: value })],
      ['uploadImage', (value) => ({ file: value })],
      // (no variantId at all is the only variant of a product without options)
      ['adjustStock', (value) => ({ variantId: value || 'x', delta: '1', reason: 'x' })],
    ]
    for (const [action, body] of actions) {
      for (const value of garbage) {
        const answer = await panel.api('POST', record(product.id, action), body(value))
        const described = `${action} ${JSON.stringify(body(value))} -> ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`
        assert.isBelow(answer.status, 500, described)
        // An empty field is "not given": a save that changes nothing may succeed.
        if (value !== '') {
          assert.equal(answer.body.notice?.type, 'error', described)
          assert.isAbove(answer.body.notice.message.length, 5, described)
        }
      }
    }
    for (const value of garbage) {
      const answer = await panel.api(
        'GET',
        `${record(product.id, 'variantMovements')}?variantId=${encodeURIComponent(value)}&page=${encodeURIComponent(value)}`
      )
      assert.isBelow(answer.status, 500, value)
    }
    assert.deepEqual(
      {
        variants: await db.from('product_variants').count('* as total'),
        ledger: await db.from('stock_movements').count('* as total'),
        images: await db.from('product_images').count('* as total'),
        options: await db.from('product_options').select('values'),
      },
      before
    )
    const unchanged = await ProductVariant.findOrFail(variant.id)
    assert.deepEqual(
      [
        unchanged.sku,
        unchanged.price,
        unchanged.stock,
        unchanged.lowStockThreshold,
        unchanged.isActive,
      ],
      [variant.sku, variant.price, variant.stock, variant.lowStockThreshold, variant.isActive]
    )
  }).tags(['variants'])
})

test.group('Panel: low stock per variant', (group) => {
  group.each.setup(() => truncateAll())

  // issue 17, item 7
  test('the dashboard and the low-stock list name the variants at or below their own threshold', async ({
    assert,
  }) => {
    const { panel } = await staffPanel()
    const { product } = await tShirt(panel)
    await panel.api('POST', record(product.id, 'createVariant'), {
      sku: 'TEE-M',
      options: { Size: 'M' },
      price: '18.00',
      stock: '2',
      low_stock_threshold: '3',
    })
    // A product with plenty in stock overall, one variant low: listed by that variant.
    await ProductFactory.merge({ name: 'Plenty Mug', stock: 50, lowStockThreshold: 5 }).create()
    const inactive = await ProductFactory.merge({
      name: 'Hidden',
      stock: 0,
      isActive: false,
    }).create()

    const dashboard = await panel.api('GET', '/dashboard')
    assert.equal(dashboard.status, 200)
    const low = dashboard.body.lowStock
    assert.equal(low.total, 1)
    assert.deepInclude(low.variants[0], {
      productId: product.id,
      name: 'Panel Tee',
      title: 'M',
      sku: 'TEE-M',
      stock: 2,
      threshold: 3,
    })
    assert.notInclude(
      low.variants.map((row: any) => row.productId),
      inactive.id
    )

    const list = await panel.api('GET', '/resources/product_variants/actions/lowStock')
    assert.equal(list.status, 200)
    assert.equal(list.body.lowStock.meta.total, 1)
    assert.equal(list.body.lowStock.data[0].sku, 'TEE-M')

    const variants = await panel.api(
      'GET',
      '/resources/product_variants/actions/list?filters.sku=TEE-M'
    )
    assert.equal(variants.status, 200)
    assert.lengthOf(variants.body.records, 1)
    assert.isTrue(variants.body.records[0].params.lowStock)
    assert.equal(variants.body.records[0].params.price, '18.00')
    // Variants are changed on their product's page only.
    const edit = await panel.api(
      'POST',
      `/resources/product_variants/records/${variants.body.records[0].id}/edit`,
      { stock: '99' }
    )
    assert.notEqual(edit.status, 200)
  }).tags(['variants'])
})

test.group('Panel: only signed-in staff reach the product page actions', (group) => {
  group.each.setup(() => truncateAll())

  // issue 17, item 7
  test('a customer cannot sign in, an anonymous call is 401, a request without the CSRF token is 403, a demoted staff member is 401', async ({
    assert,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 4 }).create()
    const [variant] = await variantsOf(product.id)
    const body = { variantId: variant.id, delta: '5', reason: 'x' }

    const asCustomer = new AdminSession()
    const signIn = await asCustomer.postForm('/admin/login', {
      email: customer.email,
      password: 'password123',
    })
    assert.notEqual(signIn.status, 302)
    const refused = await asCustomer.api('POST', record(product.id, 'variantStock'), body)
    assert.equal(refused.status, 401)

    const anonymous = await new AdminSession().api('POST', record(product.id, 'createVariant'), {
      sku: 'X-1',
      price: '1.00',
    })
    assert.equal(anonymous.status, 401)

    const { staff, panel } = await staffPanel()
    const forged = await panel.request('POST', `/admin/api${record(product.id, 'variantStock')}`, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-xsrf-token': 'forged' },
    })
    assert.equal(forged.status, 403)

    await User.query().where('id', staff.id).update({ role: 'customer' })
    const demoted = await panel.api('POST', record(product.id, 'variantStock'), body)
    assert.equal(demoted.status, 401)

    await variant.refresh()
    assert.equal(variant.stock, 4)
    assert.lengthOf(await ledgerOf(variant.id), 1)
    assert.lengthOf(await variantsOf(product.id), 1)
  }).tags(['variants'])
})
