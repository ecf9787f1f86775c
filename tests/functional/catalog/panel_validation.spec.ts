import { test } from '@japa/runner'
import Product from '#models/product'
import Category from '#models/category'
import ProductImage from '#models/product_image'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'

async function staffPanel() {
  const staff = await UserFactory.apply('staff').create()
  return AdminSession.signIn(staff.email, 'password123')
}

test.group('Panel: catalog forms go through the API validators', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 17
  test('a javascript: image URL is refused in the panel, and nothing is written', async ({
    assert,
  }) => {
    const product = await ProductFactory.create()
    const panel = await staffPanel()
    const created = await panel.api('POST', '/resources/product_images/actions/new', {
      productId: String(product.id),
      url: 'javascript:alert(1)',
      alt: 'x',
    })
    assert.equal(created.status, 200)
    assert.equal(created.body.notice.type, 'error')
    assert.property(created.body.record.errors, 'url')
    assert.lengthOf(await ProductImage.all(), 0)

    const image = await ProductImage.create({
      productId: product.id,
      url: '/uploads/a.jpg',
      alt: null,
      position: 0,
    })
    const edited = await panel.api('POST', `/resources/product_images/records/${image.id}/edit`, {
      productId: String(product.id),
      url: 'javascript:alert(1)',
      position: '0',
    })
    assert.property(edited.body.record.errors, 'url')
    await image.refresh()
    assert.equal(image.url, '/uploads/a.jpg')
  })

  // issue 14, finding 17
  test('a slug like "../../x y" is refused for products and categories, and nothing is written', async ({
    assert,
  }) => {
    const panel = await staffPanel()
    const newProduct = await panel.api('POST', '/resources/products/actions/new', {
      name: 'Lamp',
      slug: '../../x y',
      price: '10.00',
    })
    assert.equal(newProduct.body.notice.type, 'error')
    assert.property(newProduct.body.record.errors, 'slug')
    assert.lengthOf(await Product.all(), 0)

    const newCategory = await panel.api('POST', '/resources/categories/actions/new', {
      name: 'Lamps',
      slug: '../../x y',
    })
    assert.property(newCategory.body.record.errors, 'slug')
    assert.lengthOf(await Category.all(), 0)

    const product = await ProductFactory.merge({ slug: 'lamp' }).create()
    const category = await CategoryFactory.merge({ slug: 'lamps' }).create()
    const productEdit = await panel.api('POST', `/resources/products/records/${product.id}/edit`, {
      name: product.name,
      slug: '../../x y',
      price: '10.00',
    })
    assert.property(productEdit.body.record.errors, 'slug')
    const categoryEdit = await panel.api(
      'POST',
      `/resources/categories/records/${category.id}/edit`,
      { name: category.name, slug: '../../x y' }
    )
    assert.property(categoryEdit.body.record.errors, 'slug')
    await product.refresh()
    await category.refresh()
    assert.equal(product.slug, 'lamp')
    assert.equal(category.slug, 'lamps')
  })

  // issue 14, findings 10, 11 and 17
  test('{name} is refused in the panel as in the API')
    .with([
      { name: 'a price over the maximum', body: { price: '1000000.01' }, field: 'price' },
      { name: 'a name with a NUL', body: { name: 'Lamp\u0000' }, field: 'name' },
      { name: 'a taken slug', body: { slug: 'taken' }, field: 'slug' },
      { name: 'an unknown category', body: { categoryId: '424242' }, field: 'categoryId' },
      {
        name: 'a fractional threshold',
        body: { lowStockThreshold: '1.5' },
        field: 'lowStockThreshold',
      },
    ])
    .run(async ({ assert }, row) => {
      await ProductFactory.merge({ slug: 'taken' }).create()
      const panel = await staffPanel()
      const created = await panel.api('POST', '/resources/products/actions/new', {
        name: 'Lamp',
        price: '10.00',
        ...row.body,
      })
      assert.equal(created.status, 200)
      assert.property(created.body.record.errors, row.field)
      assert.lengthOf(await Product.all(), 1)
    })

  // issue 14, finding 17
  test('a valid form is saved as the API would save it (trimmed, lowercased slug)', async ({
    assert,
  }) => {
    const category = await CategoryFactory.create()
    const panel = await staffPanel()
    const created = await panel.api('POST', '/resources/products/actions/new', {
      name: '  Desk Lamp ',
      slug: ' Desk-Lamp ',
      price: '19.90',
      categoryId: String(category.id),
      isActive: 'false',
      lowStockThreshold: '3',
      description: 'Line one\nline two',
    })
    assert.deepEqual(created.body.record.errors, {})
    const product = await Product.findByOrFail('slug', 'desk-lamp')
    assert.equal(product.name, 'Desk Lamp')
    assert.equal(product.price, 1990)
    assert.equal(product.categoryId, category.id)
    assert.isFalse(product.isActive)
    assert.equal(product.lowStockThreshold, 3)
    assert.equal(product.description, 'Line one\nline two')
  })

  // issue 14, finding 17 (found by the panel fuzz test: these were 500s)
  test('the panel refuses what the API refuses to delete, and saves only the fields of the form', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const category = await CategoryFactory.create()
    const product = await ProductFactory.merge({ categoryId: category.id, stock: 5 }).create()
    const order = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: product.id, quantity: 1 }] })
    order.assertStatus(201)
    const panel = await staffPanel()

    const deleted = await panel.api('POST', `/resources/products/records/${product.id}/delete`)
    assert.equal(deleted.status, 200)
    assert.equal(deleted.body.notice.type, 'error')
    assert.include(deleted.body.notice.message, 'appears on orders')
    assert.exists(await Product.find(product.id))

    const categoryDeleted = await panel.api(
      'POST',
      `/resources/categories/records/${category.id}/delete`
    )
    assert.equal(categoryDeleted.body.notice.type, 'error')
    assert.exists(await Category.find(category.id))

    const edited = await panel.api('POST', `/resources/categories/records/${category.id}/edit`, {
      name: 'Renamed',
      price: '12.00',
    })
    assert.equal(edited.status, 200)
    assert.deepEqual(edited.body.record.errors, {})
    await category.refresh()
    assert.equal(category.name, 'Renamed')
  })
})
