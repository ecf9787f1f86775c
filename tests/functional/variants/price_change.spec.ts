import { test } from '@japa/runner'
import { truncateAll } from '#tests/support/database'
import { UserFactory } from '#database/factories/user_factory'
import { startApp } from '#tests/support/app_process'
import { runsOnPostgres, runsWithRedis } from '#tests/support/modes'
import { jwtSigner } from '#config/auth'
import { shirt, variantBySku } from './helpers.js'

test.group('Variants: a staff price change shows on the next read', (group) => {
  group.each.setup(() => truncateAll())

  test('list, detail and the SKU read are cached, and the next read after the change shows the new price', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await shirt([
      { sku: 'TEE-S', options: { Size: 'S', Colour: 'red' }, price: '20.00', stock: 2 },
      { sku: 'TEE-M', options: { Size: 'M', Colour: 'red' }, price: '30.00', stock: 2 },
    ])
    const list = async (query = '') =>
      (await client.get(`/api/v1/products${query}`)).body().data as any[]
    const detail = async () => (await client.get(`/api/v1/products/${product.id}`)).body().data

    assert.equal((await list())[0].price, '20.00')
    assert.equal((await list('?max_price=15'))[0], undefined)
    assert.equal((await detail()).variants[0].price, '20.00')

    const variant = await variantBySku('TEE-S')
    const response = await client
      .patch(`/api/v1/variants/${variant.id}`)
      .loginAs(staff)
      .json({ price: '12.00' })
    response.assertStatus(200)

    assert.equal((await list())[0].price, '12.00')
    assert.equal((await list('?max_price=15'))[0].name, 'Tee')
    const after = await detail()
    assert.equal(after.price, '12.00')
    assert.equal(after.max_price, '30.00')
    assert.equal(after.variants[0].price, '12.00')

    /**
     * A new variant and a deleted one too.
     */
    const added = await client
      .post(`/api/v1/products/${product.id}/variants`)
      .loginAs(staff)
      .json({ sku: 'TEE-L', options: { Size: 'L', Colour: 'red' }, price: '45.00' })
    added.assertStatus(201)
    assert.equal((await list())[0].max_price, '45.00')
    await client
      .delete(`/api/v1/variants/${added.body().data.id}`)
      .loginAs(staff)
      .then((answer) => answer.assertStatus(204))
    assert.equal((await list())[0].max_price, '30.00')
    assert.lengthOf((await detail()).variants, 2)
  })
})

/**
 * Two app processes on PostgreSQL and Redis: instance A has the product
 * list and detail cached, the change goes through instance B.
 */
if (runsOnPostgres && runsWithRedis) {
  test.group('Variants: a price change on a second instance', (group) => {
    group.each.setup(() => truncateAll())

    test('a variant price changed through instance B shows on the next read from instance A', async ({
      assert,
      cleanup,
    }) => {
      const [a, b] = await Promise.all([startApp({}), startApp({})])
      cleanup(() => a.stop())
      cleanup(() => b.stop())
      const staff = await UserFactory.apply('staff').create()
      const token = (await jwtSigner.sign(staff)).value
      const product = await shirt([
        { sku: 'TEE-S', options: { Size: 'S', Colour: 'red' }, price: '20.00', stock: 2 },
        { sku: 'TEE-M', options: { Size: 'M', Colour: 'red' }, price: '30.00', stock: 2 },
      ])
      const variant = await variantBySku('TEE-S')
      const read = async (path: string) => {
        const response = await fetch(`${a.url}/api/v1${path}`)
        assert.equal(response.status, 200)
        return ((await response.json()) as { data: any }).data
      }

      assert.equal((await read('/products'))[0].price, '20.00')
      assert.equal((await read(`/products/${product.id}`)).variants[0].price, '20.00')
      assert.equal((await read('/variants/TEE-S')).price, '20.00')

      const update = await fetch(`${b.url}/api/v1/variants/${variant.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: JSON.stringify({ price: '12.00' }),
      })
      assert.equal(update.status, 200)

      assert.equal((await read('/products'))[0].price, '12.00')
      assert.equal((await read(`/products/${product.id}`)).variants[0].price, '12.00')
      assert.equal((await read('/variants/TEE-S')).price, '12.00')
    }).timeout(120_000)
  })
}
