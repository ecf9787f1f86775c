import { test } from '@japa/runner'
import Product from '#models/product'
import Category from '#models/category'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { CatalogCache } from '#services/catalog_cache'
import { truncateAll } from '#tests/support/database'

/**
 * Issue 15, items 3, 5 and 6: one path template per resource (an id or a
 * slug everywhere), 404 for a path that cannot name anything, and staff
 * reading drafts through the public routes without the cache ever serving
 * one to a customer.
 */
test.group('API paths: a path that names nothing is 404', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })

  test('a malformed order number is 404 "Order not found", for staff and customers', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const move = await client
      .patch('/api/v1/admin/orders/SO-NOPE/status')
      .loginAs(staff)
      .json({ status: 'shipped' })
    move.assertStatus(404)
    assert.deepEqual(move.body(), { errors: [{ code: 'E_NOT_FOUND', message: 'Order not found' }] })
    for (const url of [
      '/api/v1/orders/SO-NOPE',
      '/api/v1/orders/x/invoice',
      '/api/v1/orders/%20/events',
    ]) {
      const response = await client.get(url).loginAs(customer)
      response.assertStatus(404)
      response.assertBodyContains({ errors: [{ code: 'E_NOT_FOUND', message: 'Order not found' }] })
    }
    const cancel = await client.post('/api/v1/orders/not-an-order/cancel').loginAs(customer)
    cancel.assertStatus(404)
  })

  test('junk product, category and cart-line keys are 404, never 422', async ({ client }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    for (const key of ['%00', 'Not-A-Slug', 'a--b', '99999999999', '0', 'x'.repeat(141)]) {
      ;(await client.get(`/api/v1/products/${key}`)).assertStatus(404)
      ;(await client.get(`/api/v1/categories/${key}`)).assertStatus(404)
      const patch = await client.patch(`/api/v1/products/${key}`).loginAs(staff).json({ name: 'x' })
      patch.assertStatus(404)
      patch.assertBodyContains({ errors: [{ message: 'Product not found' }] })
      ;(await client.delete(`/api/v1/categories/${key}`).loginAs(staff)).assertStatus(404)
    }
    const cart = await client
      .patch('/api/v1/cart/items/abc')
      .loginAs(customer)
      .json({ quantity: 1 })
    cart.assertStatus(404)
    cart.assertBodyContains({ errors: [{ message: 'This variant is not in the cart' }] })
    ;(await client.delete('/api/v1/cart/items/-1').loginAs(customer)).assertStatus(404)
  })
})

test.group(
  'API paths: /products/{product} and /categories/{category} take an id or a slug',
  (group) => {
    group.each.setup(async () => {
      await truncateAll()
      await CatalogCache.clearAll()
    })

    test('staff write a product by its slug or its id', async ({ client, assert }) => {
      const staff = await UserFactory.apply('staff').create()
      const product = await ProductFactory.merge({ slug: 'test-widget', stock: 5 }).create()

      const bySlug = await client
        .patch('/api/v1/products/test-widget')
        .loginAs(staff)
        .json({ name: 'Renamed widget' })
      bySlug.assertStatus(200)
      bySlug.assertBodyContains({ data: { id: product.id, name: 'Renamed widget' } })

      const stock = await client
        .post('/api/v1/products/test-widget/stock-adjustments')
        .loginAs(staff)
        .json({ delta: 3, reason: 'delivery' })
      stock.assertStatus(200)
      stock.assertBodyContains({ data: { id: product.id, stock: 8 } })

      const byId = await client
        .patch(`/api/v1/products/${product.id}`)
        .loginAs(staff)
        .json({ description: 'by id' })
      byId.assertStatus(200)
      ;(await client.get('/api/v1/products/test-widget')).assertBodyContains({
        data: { id: product.id, description: 'by id', stock: 8 },
      })

      ;(await client.delete('/api/v1/products/test-widget').loginAs(staff)).assertStatus(204)
      assert.isNull(await Product.find(product.id))
    })

    test('a slug made of digits is reached when no id matches it', async ({ client }) => {
      const product = await ProductFactory.merge({ slug: '2048' }).create()
      const response = await client.get('/api/v1/products/2048')
      response.assertStatus(200)
      response.assertBodyContains({ data: { id: product.id, slug: '2048' } })
    })

    test('categories: read by id or slug, written by slug', async ({ client, assert }) => {
      const staff = await UserFactory.apply('staff').create()
      const category = await CategoryFactory.merge({ slug: 'lighting', name: 'Lighting' }).create()

      const byId = await client.get(`/api/v1/categories/${category.id}`)
      byId.assertStatus(200)
      byId.assertBodyContains({ data: { id: category.id, slug: 'lighting' } })
      ;(await client.get('/api/v1/categories/lighting')).assertBodyContains({
        data: { id: category.id },
      })

      const renamed = await client
        .patch('/api/v1/categories/lighting')
        .loginAs(staff)
        .json({ name: 'Lamps' })
      renamed.assertStatus(200)
      renamed.assertBodyContains({ data: { id: category.id, name: 'Lamps' } })
      ;(await client.get(`/api/v1/categories/${category.id}`)).assertBodyContains({
        data: { name: 'Lamps' },
      })

      ;(await client.delete('/api/v1/categories/lighting').loginAs(staff)).assertStatus(204)
      assert.isNull(await Category.find(category.id))
      ;(await client.get('/api/v1/categories/lighting')).assertStatus(404)
    })
  }
)

test.group('API paths: staff read drafts, customers never do', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })

  test('an inactive product: 404 for the public and customers, 200 is_active false for staff', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const draft = await ProductFactory.merge({ slug: 'draft-lamp', isActive: false }).create()

    for (const key of [String(draft.id), 'draft-lamp']) {
      ;(await client.get(`/api/v1/products/${key}`)).assertStatus(404)
      ;(await client.get(`/api/v1/products/${key}`).loginAs(customer)).assertStatus(404)

      const staffView = await client.get(`/api/v1/products/${key}`).loginAs(staff)
      staffView.assertStatus(200)
      staffView.assertBodyContains({ data: { id: draft.id, is_active: false } })
      assert.equal(staffView.header('cache-control'), 'private, no-store')

      // the staff view was neither served from nor stored in the public cache
      ;(await client.get(`/api/v1/products/${key}`)).assertStatus(404)
      ;(await client.get(`/api/v1/products/${key}`).loginAs(customer)).assertStatus(404)
    }
    const admin = await UserFactory.apply('admin').create()
    ;(await client.get('/api/v1/products/draft-lamp').loginAs(admin)).assertBodyContains({
      data: { is_active: false },
    })
  })

  test('a product made a draft after a public read is cached: the public gets 404, staff the draft', async ({
    client,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ slug: 'soon-gone' }).create()
    ;(await client.get('/api/v1/products/soon-gone')).assertStatus(200)
    ;(await client.get('/api/v1/products/soon-gone').loginAs(staff)).assertBodyContains({
      data: { is_active: true },
    })

    const deactivate = await client
      .patch('/api/v1/products/soon-gone')
      .loginAs(staff)
      .json({ is_active: false })
    deactivate.assertStatus(200)

    ;(await client.get('/api/v1/products/soon-gone')).assertStatus(404)
    ;(await client.get(`/api/v1/products/${product.id}`)).assertStatus(404)
    ;(await client.get('/api/v1/products/soon-gone').loginAs(staff)).assertBodyContains({
      data: { id: product.id, is_active: false },
    })
    ;(await client.get('/api/v1/products/soon-gone')).assertStatus(404)
  })

  test('a token sent to a catalog read must be valid: 401 with its reason, not a silent anonymous read', async ({
    client,
  }) => {
    await ProductFactory.merge({ slug: 'lamp' }).create()
    const bad = await client.get('/api/v1/products/lamp').header('authorization', 'Bearer nope')
    bad.assertStatus(401)
    bad.assertBodyContains({ errors: [{ code: 'E_TOKEN_INVALID' }] })
    ;(await client.get('/api/v1/products/lamp')).assertStatus(200)
  })
})
