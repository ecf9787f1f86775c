import { test } from '@japa/runner'
import Product from '#models/product'
import Category from '#models/category'
import ProductImage from '#models/product_image'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

test.group('Catalog: staff writes', (group) => {
  group.each.setup(() => truncateAll())

  test('staff create a product: 201, slug from the name, price in minor units', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const category = await CategoryFactory.create()
    const response = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({
        name: 'Trail Runner 2 (Blue)',
        price: '89.90',
        stock: 12,
        category_id: category.id,
        images: [{ url: 'https://cdn.example.test/a.jpg', alt: 'side' }, { url: '/uploads/b.jpg' }],
      })
    response.assertStatus(201)
    response.assertBodyContains({
      data: {
        name: 'Trail Runner 2 (Blue)',
        slug: 'trail-runner-2-blue',
        price: '89.90',
        stock: 12,
        in_stock: true,
        is_active: true,
        category: { id: category.id },
      },
    })
    const product = await Product.findByOrFail('slug', 'trail-runner-2-blue')
    assert.equal(product.price, 8990)
    const images = await ProductImage.query().where('product_id', product.id).orderBy('position')
    assert.deepEqual(
      images.map((image) => image.url),
      ['https://cdn.example.test/a.jpg', '/uploads/b.jpg']
    )
  })

  test('the same name twice gets a distinct slug', async ({ client }) => {
    const staff = await UserFactory.apply('staff').create()
    for (const expected of ['lamp', 'lamp-2', 'lamp-3']) {
      const response = await client
        .post('/api/v1/products')
        .loginAs(staff)
        .json({ name: 'Lamp', price: '10.00', stock: 1 })
      response.assertStatus(201)
      response.assertBodyContains({ data: { slug: expected } })
    }
  })

  test('{name} is 422 and nothing is written')
    .with([
      { name: 'a zero price', body: { price: '0.00' }, field: 'price' },
      { name: 'a negative price', body: { price: '-5.00' }, field: 'price' },
      { name: 'a float price', body: { price: 19.99 }, field: 'price' },
      { name: 'a negative stock', body: { stock: -1 }, field: 'stock' },
      { name: 'a fractional stock', body: { stock: 1.5 }, field: 'stock' },
      { name: 'an unknown category', body: { category_id: 999_999 }, field: 'category_id' },
      { name: 'a taken slug', body: { slug: 'taken' }, field: 'slug' },
      { name: 'a malformed slug', body: { slug: 'Not a slug!' }, field: 'slug' },
      { name: 'a missing name', body: { name: undefined }, field: 'name' },
      {
        name: 'an image without a usable url',
        body: { images: [{ url: 'javascript:alert(1)' }] },
        field: 'images.0.url',
      },
    ])
    .run(async ({ client, assert }, row) => {
      const staff = await UserFactory.apply('staff').create()
      await ProductFactory.merge({ slug: 'taken' }).create()
      const response = await client
        .post('/api/v1/products')
        .loginAs(staff)
        .json({ name: 'Widget', price: '5.00', stock: 3, ...row.body })
      response.assertStatus(422)
      const fields = response.body().errors.map((error: { field: string }) => error.field)
      assert.include(fields, row.field)
      const products = await Product.all()
      assert.lengthOf(products, 1)
    })

  test('PATCH changes only what is sent; a slug may stay its own', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({
      slug: 'mine',
      price: 1000,
      stock: 4,
      description: 'keep me',
    }).create()
    const response = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ slug: 'mine', is_active: false })
    response.assertStatus(200)
    await product.refresh()
    assert.equal(product.stock, 4)
    assert.isFalse(product.isActive)
    assert.equal(product.price, 1000)
    assert.equal(product.description, 'keep me')
  })

  test('unknown ids and keys that cannot name a product are 404', async ({ client }) => {
    const staff = await UserFactory.apply('staff').create()
    ;(
      await client.patch('/api/v1/products/424242').loginAs(staff).json({ name: 'x' })
    ).assertStatus(404)
    ;(await client.delete('/api/v1/products/424242').loginAs(staff)).assertStatus(404)
    ;(await client.patch('/api/v1/products/abc').loginAs(staff).json({ name: 'x' })).assertStatus(
      404
    )
    ;(await client.get('/api/v1/products/no-such-product')).assertStatus(404)
    ;(await client.get('/api/v1/categories/no-such-category')).assertStatus(404)
  })

  test('customers get 403 and anonymous 401 on every catalog write', async ({ client, assert }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.create()
    const category = await CategoryFactory.create()
    const writes = [
      () => client.post('/api/v1/products').json({ name: 'x', price: '1.00', stock: 1 }),
      () => client.patch(`/api/v1/products/${product.id}`).json({ stock: 0 }),
      () => client.delete(`/api/v1/products/${product.id}`),
      () => client.post('/api/v1/categories').json({ name: 'x' }),
      () => client.patch(`/api/v1/categories/${category.id}`).json({ name: 'y' }),
      () => client.delete(`/api/v1/categories/${category.id}`),
    ]
    for (const write of writes) {
      ;(await write()).assertStatus(401)
      ;(await write().loginAs(customer)).assertStatus(403)
    }
    const unchanged = await Product.findOrFail(product.id)
    assert.equal(unchanged.stock, product.stock)
    assert.equal((await Category.findOrFail(category.id)).name, category.name)
  })

  test('categories: create under a parent, refuse cycles, refuse deleting a non-empty one', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const root = await client.post('/api/v1/categories').loginAs(staff).json({ name: 'Outdoor' })
    root.assertStatus(201)
    root.assertBodyContains({ data: { slug: 'outdoor', parent_id: null } })
    const child = await client
      .post('/api/v1/categories')
      .loginAs(staff)
      .json({ name: 'Tents', parent_id: root.body().data.id })
    child.assertStatus(201)

    const cycle = await client
      .patch(`/api/v1/categories/${root.body().data.id}`)
      .loginAs(staff)
      .json({ parent_id: child.body().data.id })
    cycle.assertStatus(422)
    const self = await client
      .patch(`/api/v1/categories/${root.body().data.id}`)
      .loginAs(staff)
      .json({ parent_id: root.body().data.id })
    self.assertStatus(422)

    const busy = await client.delete(`/api/v1/categories/${root.body().data.id}`).loginAs(staff)
    busy.assertStatus(409)
    busy.assertBodyContains({ errors: [{ code: 'E_CONFLICT' }] })

    const leaf = await client.delete(`/api/v1/categories/${child.body().data.id}`).loginAs(staff)
    leaf.assertStatus(204)
    assert.isNull(await Category.find(child.body().data.id))
  })
})
