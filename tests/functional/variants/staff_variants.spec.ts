import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { truncateAll } from '#tests/support/database'
import { UserFactory } from '#database/factories/user_factory'
import ProductVariant from '#models/product_variant'
import ProductOption from '#models/product_option'
import Product from '#models/product'
import { shirt, variantBySku } from './helpers.js'

function errorOn(response: any, field: string) {
  const errors = response.body().errors as Array<{ field?: string; message: string }>
  const error = errors.find((candidate) => candidate.field === field)
  if (!error) {
    throw new Error(`No error on ${field}: ${JSON.stringify(errors)}`)
  }
  return error.message
}

test.group('Variants: staff writes', (group) => {
  group.each.setup(() => truncateAll())

  test('a product created with options and variants: 201 with its variants, price range and stock', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const response = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({
        name: 'Tee',
        options: [
          { name: 'Size', values: ['S', 'M'] },
          { name: 'Colour', values: ['red', 'blue'] },
        ],
        variants: [
          { sku: 'TEE-S-RED', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 4 },
          {
            sku: 'TEE-M-BLUE',
            options: { Size: 'M', Colour: 'blue' },
            price: '21.50',
            compare_at_price: '25.00',
            stock: 2,
            weight_grams: 180,
          },
        ],
      })
    response.assertStatus(201)
    const data = response.body().data
    assert.equal(data.price, '19.00')
    assert.equal(data.max_price, '21.50')
    assert.equal(data.stock, 6)
    assert.deepEqual(
      data.options.map((option: any) => [option.name, option.values]),
      [
        ['Size', ['S', 'M']],
        ['Colour', ['red', 'blue']],
      ]
    )
    assert.deepEqual(
      data.variants.map((variant: any) => [variant.sku, variant.title, variant.options]),
      [
        ['TEE-S-RED', 'S / red', { Size: 'S', Colour: 'red' }],
        ['TEE-M-BLUE', 'M / blue', { Size: 'M', Colour: 'blue' }],
      ]
    )
    assert.equal(data.variants[1].compare_at_price, '25.00')
    assert.equal(data.variants[1].weight_grams, 180)
    const product = await Product.findOrFail(data.id)
    assert.equal(product.price, 1900)
    assert.equal(product.maxPrice, 2150)
    const ledger = await db.from('stock_movements').where('product_id', data.id).orderBy('id')
    assert.deepEqual(
      ledger.map((row) => [row.reason, Number(row.quantity)]),
      [
        ['initial', 4],
        ['initial', 2],
      ]
    )
    const audit = await db.from('admin_actions').where('resource', 'product_variants')
    assert.lengthOf(audit, 2)
  })

  test('the simple form still makes one default variant', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const response = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: 3 })
    response.assertStatus(201)
    const data = response.body().data
    assert.deepEqual(data.options, [])
    assert.lengthOf(data.variants, 1)
    assert.equal(data.variants[0].title, 'Default')
    assert.equal(data.variants[0].sku, `P-${data.id}`)
    assert.equal(data.variants[0].stock, 3)
  })

  test('{name}: 422 on {field}, nothing written')
    .with([
      {
        name: 'price and variants together',
        body: { price: '5.00', variants: [{ sku: 'X1', price: '5.00' }] },
        field: 'price',
      },
      { name: 'an empty variant list', body: { variants: [] }, field: 'variants' },
      {
        name: 'a value not among the option values',
        body: {
          options: [{ name: 'Size', values: ['S', 'M'] }],
          variants: [{ sku: 'X1', options: { Size: 'XL' }, price: '5.00' }],
        },
        field: 'variants.0.options.Size',
      },
      {
        name: 'two variants with one SKU',
        body: {
          options: [{ name: 'Size', values: ['S', 'M'] }],
          variants: [
            { sku: 'X1', options: { Size: 'S' }, price: '5.00' },
            { sku: 'X1', options: { Size: 'M' }, price: '5.00' },
          ],
        },
        field: 'variants.1.sku',
      },
    ])
    .run(async ({ client, assert }, row) => {
      const staff = await UserFactory.apply('staff').create()
      const response = await client
        .post('/api/v1/products')
        .loginAs(staff)
        .json({ name: 'Tee', ...row.body })
      response.assertStatus(422)
      errorOn(response, row.field)
      assert.lengthOf(await Product.all(), 0)
      assert.lengthOf(await ProductVariant.all(), 0)
    })

  test('variant create: duplicate SKU, unknown value, missing option and used combination are 422 saying what is accepted', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await shirt([
      { sku: 'TEE-S-RED', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 1 },
    ])
    const url = `/api/v1/products/${product.id}/variants`
    const post = (body: Record<string, unknown>) => client.post(url).loginAs(staff).json(body)

    const duplicate = await post({
      sku: 'TEE-S-RED',
      options: { Size: 'M', Colour: 'red' },
      price: '19.00',
    })
    duplicate.assertStatus(422)
    assert.match(errorOn(duplicate, 'sku'), /SKU already used by Tee \(S \/ red\)/)

    const unknown = await post({
      sku: 'TEE-XL',
      options: { Size: 'XL', Colour: 'red' },
      price: '1.00',
    })
    unknown.assertStatus(422)
    assert.match(errorOn(unknown, 'options.Size'), /accepted values are S, M, L/)

    const missing = await post({ sku: 'TEE-M', options: { Size: 'M' }, price: '1.00' })
    missing.assertStatus(422)
    assert.match(errorOn(missing, 'options.Colour'), /Colour \(red, blue\)/)

    const noSuchOption = await post({
      sku: 'TEE-M',
      options: { Size: 'M', Colour: 'red', Fit: 'slim' },
      price: '1.00',
    })
    noSuchOption.assertStatus(422)
    errorOn(noSuchOption, 'options.Fit')

    const used = await post({
      sku: 'TEE-S-RED-2',
      options: { Size: 'S', Colour: 'red' },
      price: '1.00',
    })
    used.assertStatus(422)
    assert.match(errorOn(used, 'options'), /TEE-S-RED already is "S \/ red"/)

    const badSku = await post({
      sku: 'has space',
      options: { Size: 'M', Colour: 'red' },
      price: '1.00',
    })
    badSku.assertStatus(422)
    errorOn(badSku, 'sku')

    const ok = await post({
      sku: 'TEE-M-RED',
      options: { Size: 'M', Colour: 'red' },
      price: '22.00',
      stock: 5,
    })
    ok.assertStatus(201)
    ok.assertBodyContains({
      data: { sku: 'TEE-M-RED', title: 'M / red', stock: 5, in_stock: true },
    })
    assert.lengthOf(await ProductVariant.query().where('product_id', product.id), 2)
    const refreshed = await Product.findOrFail(product.id)
    assert.equal(refreshed.maxPrice, 2200)
    assert.equal(refreshed.stock, 6)
  })

  test('variant update: new price and options, stock refused, SKU of another variant refused', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await shirt([
      { sku: 'TEE-S-RED', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 1 },
      { sku: 'TEE-M-RED', options: { Size: 'M', Colour: 'red' }, price: '19.00', stock: 1 },
    ])
    const variant = await variantBySku('TEE-S-RED')
    const patch = (body: Record<string, unknown>) =>
      client.patch(`/api/v1/variants/${variant.id}`).loginAs(staff).json(body)

    const changed = await patch({ price: '12.00', options: { Colour: 'blue' } })
    changed.assertStatus(200)
    changed.assertBodyContains({
      data: { price: '12.00', title: 'S / blue', options: { Size: 'S', Colour: 'blue' } },
    })
    assert.equal((await Product.findOrFail(product.id)).price, 1200)

    const stock = await patch({ stock: 99 })
    stock.assertStatus(422)
    assert.match(errorOn(stock, 'stock'), /stock-adjustments/)

    const taken = await patch({ sku: 'TEE-M-RED' })
    taken.assertStatus(422)
    assert.match(errorOn(taken, 'sku'), /SKU already used by Tee \(M \/ red\)/)

    const clash = await patch({ options: { Size: 'M', Colour: 'red' } })
    clash.assertStatus(422)
    errorOn(clash, 'options')

    const deactivated = await patch({ is_active: false })
    deactivated.assertStatus(200)
    const summary = await Product.findOrFail(product.id)
    assert.equal(summary.price, 1900)
    assert.equal(summary.stock, 1)

    const audit = await db
      .from('admin_actions')
      .where('resource', 'product_variants')
      .where('action', 'update')
    assert.lengthOf(audit, 2)
  })

  test('options: a value a variant uses cannot go; a new option gives existing variants its first value', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await shirt(
      [{ sku: 'TEE-S', options: { Size: 'S' }, price: '19.00', stock: 1 }],
      [{ name: 'Size', values: ['S', 'M'] }]
    )
    const url = `/api/v1/products/${product.id}/options`
    const dropped = await client
      .put(url)
      .loginAs(staff)
      .json({ options: [{ name: 'Size', values: ['M', 'L'] }] })
    dropped.assertStatus(422)
    assert.match(errorOn(dropped, 'options'), /TEE-S uses "S"/)

    const added = await client
      .put(url)
      .loginAs(staff)
      .json({
        options: [
          { name: 'Colour', values: ['black', 'white'] },
          { name: 'Size', values: ['S', 'M', 'L'] },
        ],
      })
    added.assertStatus(200)
    const data = added.body().data
    assert.deepEqual(
      data.options.map((option: any) => option.name),
      ['Colour', 'Size']
    )
    assert.deepEqual(data.variants[0].options, { Colour: 'black', Size: 'S' })
    assert.equal(data.variants[0].title, 'black / S')
    assert.lengthOf(await ProductOption.query().where('product_id', product.id), 2)
    assert.lengthOf(await db.from('admin_actions').where('resource', 'product_options'), 1)
  })

  test('delete: the last variant is 422, an ordered variant 409, another one 204', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    await shirt([
      { sku: 'TEE-S-RED', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 1 },
      { sku: 'TEE-M-RED', options: { Size: 'M', Colour: 'red' }, price: '29.00', stock: 1 },
    ])
    const small = await variantBySku('TEE-S-RED')
    const medium = await variantBySku('TEE-M-RED')

    const gone = await client.delete(`/api/v1/variants/${medium.id}`).loginAs(staff)
    gone.assertStatus(204)
    assert.isNull(await ProductVariant.find(medium.id))
    assert.equal((await Product.findOrFail(small.productId)).maxPrice, 1900)

    const last = await client.delete(`/api/v1/variants/${small.id}`).loginAs(staff)
    last.assertStatus(422)
    assert.match(errorOn(last, 'variant'), /last variant/)
    assert.isNotNull(await ProductVariant.find(small.id))

    const customer = await UserFactory.create()
    await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({
        items: [{ variant_id: small.id, quantity: 1 }],
        shipping_address: {
          full_name: 'Ada Buyer',
          line1: '1 Main St',
          city: 'Springfield',
          postal_code: '12345',
          country: 'US',
        },
      })
      .then((response) => response.assertStatus(201))
    const ordered = await client.delete(`/api/v1/variants/${small.id}`).loginAs(staff)
    ordered.assertStatus(409)
    assert.match(ordered.body().errors[0].message, /TEE-S-RED appears on orders/)

    const missing = await client.delete('/api/v1/variants/999999').loginAs(staff)
    missing.assertStatus(404)
    const notAnId = await client.delete('/api/v1/variants/abc').loginAs(staff)
    notAnId.assertStatus(404)
  })

  test('PATCH product: price goes to its only variant; with several variants it is 422', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const simple = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: 3 })
    const id = simple.body().data.id
    const updated = await client
      .patch(`/api/v1/products/${id}`)
      .loginAs(staff)
      .json({ price: '12.50', low_stock_threshold: 2 })
    updated.assertStatus(200)
    updated.assertBodyContains({ data: { price: '12.50', max_price: '12.50' } })
    const variant = await ProductVariant.findByOrFail('product_id', id)
    assert.equal(variant.price, 1250)
    assert.equal(variant.lowStockThreshold, 2)

    const product = await shirt([
      { sku: 'TEE-S', options: { Size: 'S', Colour: 'red' }, price: '19.00' },
      { sku: 'TEE-M', options: { Size: 'M', Colour: 'red' }, price: '19.00' },
    ])
    const refused = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ price: '5.00' })
    refused.assertStatus(422)
    assert.match(errorOn(refused, 'price'), /2 variants.*PATCH \/api\/v1\/variants/)
    const stock = await client
      .post(`/api/v1/products/${product.id}/stock-adjustments`)
      .loginAs(staff)
      .json({ delta: 1, reason: 'found one' })
    stock.assertStatus(422)
    assert.match(errorOn(stock, 'stock'), /variants\/\{variant\}\/stock-adjustments/)
  })

  test('customers get 403 and anonymous callers 401 on every staff variant route', async ({
    client,
  }) => {
    const customer = await UserFactory.create()
    const product = await shirt([
      { sku: 'TEE-S', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 1 },
    ])
    const variant = await variantBySku('TEE-S')
    const calls = [
      ['put', `/api/v1/products/${product.id}/options`, { options: [] }],
      ['post', `/api/v1/products/${product.id}/variants`, { sku: 'X', price: '1.00' }],
      ['patch', `/api/v1/variants/${variant.id}`, { price: '1.00' }],
      ['delete', `/api/v1/variants/${variant.id}`, undefined],
      ['post', `/api/v1/variants/${variant.id}/stock-adjustments`, { delta: 1, reason: 'x' }],
      ['get', `/api/v1/variants/${variant.id}/stock-movements`, undefined],
    ] as const
    for (const [method, url, body] of calls) {
      const anonymous = client[method](url)
      if (body) anonymous.json(body)
      ;(await anonymous).assertStatus(401)
      const asCustomer = client[method](url).loginAs(customer)
      if (body) asCustomer.json(body)
      ;(await asCustomer).assertStatus(403)
    }
  })
})
