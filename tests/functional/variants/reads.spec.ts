import { test } from '@japa/runner'
import { truncateAll } from '#tests/support/database'
import { UserFactory } from '#database/factories/user_factory'
import { shirt, variantBySku } from './helpers.js'

test.group('Variants: product detail and GET /variants/{sku}', (group) => {
  group.each.setup(() => truncateAll())

  test('the detail lists options, active variants with stock and availability, and images; staff also see inactive variants', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await shirt([
      { sku: 'TEE-S-RED', options: { Size: 'S', Colour: 'red' }, price: '19.00', stock: 0 },
      { sku: 'TEE-M-RED', options: { Size: 'M', Colour: 'red' }, price: '21.00', stock: 3 },
      {
        sku: 'TEE-L-RED',
        options: { Size: 'L', Colour: 'red' },
        price: '23.00',
        stock: 3,
        is_active: false,
      },
    ])
    const response = await client.get(`/api/v1/products/${product.slug}`)
    response.assertStatus(200)
    const data = response.body().data
    assert.deepEqual(
      data.options.map((option: any) => option.values),
      [
        ['S', 'M', 'L'],
        ['red', 'blue'],
      ]
    )
    assert.deepEqual(
      data.variants.map((variant: any) => [variant.sku, variant.stock, variant.in_stock]),
      [
        ['TEE-S-RED', 0, false],
        ['TEE-M-RED', 3, true],
      ]
    )
    assert.deepEqual(data.images, [])
    assert.equal(data.price, '19.00')
    assert.equal(data.max_price, '21.00')

    const asStaff = await client.get(`/api/v1/products/${product.id}`).loginAs(staff)
    assert.deepEqual(
      asStaff.body().data.variants.map((variant: any) => [variant.sku, variant.is_active]),
      [
        ['TEE-S-RED', true],
        ['TEE-M-RED', true],
        ['TEE-L-RED', false],
      ]
    )
  })

  test('GET /variants/{sku}: the variant with its product; 404 for inactive, unknown or malformed SKUs', async ({
    client,
    assert,
  }) => {
    const product = await shirt([
      { sku: 'TEE-M-RED', options: { Size: 'M', Colour: 'red' }, price: '21.00', stock: 3 },
      {
        sku: 'TEE-L-RED',
        options: { Size: 'L', Colour: 'red' },
        price: '23.00',
        is_active: false,
      },
    ])
    const response = await client.get('/api/v1/variants/TEE-M-RED')
    response.assertStatus(200)
    assert.deepEqual(response.body().data.options, { Size: 'M', Colour: 'red' })
    response.assertBodyContains({
      data: {
        sku: 'TEE-M-RED',
        title: 'M / red',
        price: '21.00',
        stock: 3,
        in_stock: true,
        product: {
          id: product.id,
          slug: product.slug,
          name: 'Tee',
          price: '21.00',
          in_stock: true,
        },
      },
    })
    for (const sku of ['TEE-L-RED', 'NOPE', 'tee-m-red', '%20bad']) {
      ;(await client.get(`/api/v1/variants/${sku}`)).assertStatus(404)
    }
    const staff = await UserFactory.apply('staff').create()
    await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ is_active: false })
      .then((answer) => answer.assertStatus(200))
    ;(await client.get('/api/v1/variants/TEE-M-RED')).assertStatus(404)
  })

  test('a variant change clears the cached SKU answer', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    await shirt([{ sku: 'TEE-M', options: { Size: 'M', Colour: 'red' }, price: '21.00', stock: 3 }])
    const variant = await variantBySku('TEE-M')
    assert.equal((await client.get('/api/v1/variants/TEE-M')).body().data.price, '21.00')
    await client
      .patch(`/api/v1/variants/${variant.id}`)
      .loginAs(staff)
      .json({ price: '17.00' })
      .then((response) => response.assertStatus(200))
    assert.equal((await client.get('/api/v1/variants/TEE-M')).body().data.price, '17.00')
    await client
      .patch(`/api/v1/variants/${variant.id}`)
      .loginAs(staff)
      .json({ is_active: false })
      .then((response) => response.assertStatus(200))
    ;(await client.get('/api/v1/variants/TEE-M')).assertStatus(404)
  })
})
