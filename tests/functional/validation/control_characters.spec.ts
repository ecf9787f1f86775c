import { test } from '@japa/runner'
import type { VineValidator } from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Product from '#models/product'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { noControlCharacters } from '#validators/rules'

function fieldsOf(response: { body(): any }) {
  return (response.body().errors ?? []).map((error: { field?: string }) => error.field)
}

const address = {
  full_name: 'Ada Lovelace',
  line1: '1 Main St',
  city: 'Springfield',
  postal_code: '12345',
  country: 'US',
}

test.group('Validation: control characters are refused everywhere text comes in', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 11
  test('the catalog query string: {name}')
    .with([
      { name: 'q=%00', query: 'q=%00', field: 'q' },
      { name: 'q with an escape', query: 'q=lamp%1B', field: 'q' },
      { name: 'category=%00', query: 'category=%00', field: 'category' },
      { name: 'sort=%00', query: 'sort=%00', field: 'sort' },
      { name: 'min_price=%00', query: 'min_price=%00', field: 'min_price' },
    ])
    .run(async ({ client, assert }, row) => {
      await ProductFactory.create()
      const response = await client.get(`/api/v1/products?${row.query}`)
      response.assertStatus(422)
      assert.include(fieldsOf(response), row.field)
    })

  // issue 14, finding 11
  test('a product or category key with a NUL is simply not found', async ({ client }) => {
    await ProductFactory.create()
    ;(await client.get('/api/v1/products/lamp%00')).assertStatus(404)
    ;(await client.get('/api/v1/products/%00')).assertStatus(404)
    ;(await client.get('/api/v1/categories/%00')).assertStatus(404)
    // An id beyond the id column is not found either (it was a 500 on PostgreSQL).
    ;(await client.get('/api/v1/products/9999999999')).assertStatus(404)
  })

  // issue 14, finding 11
  test('a product name with \\u0000 is 422 naming the field, nothing written', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const response = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp\u0000', price: '10.00', stock: 1 })
    response.assertStatus(422)
    assert.deepEqual(fieldsOf(response), ['name'])
    assert.include(response.body().errors[0].message, 'control characters')
    assert.lengthOf(await Product.all(), 0)

    const described = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: 1, description: 'a\u0000b' })
    described.assertStatus(422)
    assert.deepEqual(fieldsOf(described), ['description'])

    // A description may span lines.
    const multiline = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: 1, description: 'one\n\ttwo' })
    multiline.assertStatus(201)
    const product = await Product.findOrFail(multiline.body().data.id)
    assert.equal(product.description, 'one\n\ttwo')
  })

  // issue 14, finding 11
  test('an image URL, an alt text and a category name with control characters are 422', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const image = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: 1, images: [{ url: '/a\u0000.jpg' }] })
    image.assertStatus(422)
    assert.include(fieldsOf(image), 'images.0.url')
    const alt = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: 1, images: [{ url: '/a.jpg', alt: 'x\u0007' }] })
    assert.include(fieldsOf(alt), 'images.0.alt')
    const category = await client
      .post('/api/v1/categories')
      .loginAs(staff)
      .json({ name: 'Tea\u0000' })
    category.assertStatus(422)
    assert.include(fieldsOf(category), 'name')
  })

  // issue 14, finding 11
  test('registration: an address with \\u0000 is 422', async ({ client, assert }) => {
    const addressed = await client.post('/api/v1/auth/register').json({
      email: 'nul@example.test',
      password: 'a-long-password',
      full_name: 'Nul',
      address: { line1: '1 Main\u0000 St' },
    })
    addressed.assertStatus(422)
    assert.include(fieldsOf(addressed), 'address.line1')
    assert.lengthOf(await User.all(), 0)
  })

  // issue 14, finding 11
  test('registration: a full name with \\u0007 is 422 naming the field', async ({
    client,
    assert,
  }) => {
    const response = await client.post('/api/v1/auth/register').json({
      email: 'bell@example.test',
      password: 'a-long-password',
      full_name: 'Bell\u0007',
    })
    response.assertStatus(422)
    assert.include(fieldsOf(response), 'full_name')
    assert.lengthOf(await User.all(), 0)
  })

  // issue 14, finding 11
  test('the profile: {name} is 422 naming the field')
    .with([
      { name: 'full_name', body: { full_name: 'A\u0000' }, field: 'full_name' },
      { name: 'phone', body: { phone: '+1 555\u0000 1234' }, field: 'phone' },
      { name: 'address.city', body: { address: { city: 'Paris\u001b' } }, field: 'address.city' },
      {
        name: 'address.postal_code',
        body: { address: { postal_code: '75\u00850' } },
        field: 'address.postal_code',
      },
    ])
    .run(async ({ client, assert }, row) => {
      const user = await UserFactory.merge({ fullName: 'Before' }).create()
      const response = await client.patch('/api/v1/me').loginAs(user).json(row.body)
      response.assertStatus(422)
      assert.include(fieldsOf(response), row.field)
      await user.refresh()
      assert.equal(user.fullName, 'Before')
    })

  // issue 14, finding 11
  test('a shipping address with a NUL is 422 and no order is placed', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const response = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [{ product_id: product.id, quantity: 1 }],
        shipping_address: { ...address, line1: '1 Main\u0000 St' },
      })
    response.assertStatus(422)
    assert.include(fieldsOf(response), 'shipping_address.line1')
    assert.lengthOf(await db.from('orders'), 0)
  })

  // issue 14, finding 11
  test('every text field of the API validators carries the control-character rule', async ({
    assert,
  }) => {
    const rule = noControlCharacters().rule.validator
    const modules = {
      account: await import('#validators/account'),
      auth: await import('#validators/auth'),
      cart: await import('#validators/cart'),
      catalog: await import('#validators/catalog'),
      order: await import('#validators/order'),
    }
    /**
     * E-mail and password fields are not free text: the e-mail rule
     * (#validators/email) refuses invisible characters itself, and a
     * password is only ever hashed.
     */
    const exempt = new Set(['email', 'current_password', 'password'])
    const missing: string[] = []
    let checked = 0
    const walk = (node: any, refs: Record<string, any>, path: string) => {
      if (node.type === 'object') {
        for (const property of node.properties ?? []) {
          walk(property, refs, path ? `${path}.${property.fieldName}` : property.fieldName)
        }
      } else if (node.type === 'array') {
        walk(node.each, refs, `${path}.*`)
      } else if (node.subtype === 'string' && !exempt.has(node.fieldName)) {
        checked++
        const rules = node.validations.map(
          (validation: any) => refs[validation.ruleFnId]?.validator
        )
        if (!rules.includes(rule)) missing.push(path)
      }
    }
    for (const [name, exports] of Object.entries(modules)) {
      for (const [exported, value] of Object.entries(exports)) {
        const validator = value as VineValidator<any, any>
        if (typeof validator?.toJSON !== 'function') continue
        const { schema, refs } = validator.toJSON() as any
        walk(schema.schema, refs, `${name}.${exported}`)
      }
    }
    assert.isAbove(checked, 20)
    assert.deepEqual(missing, [])
  })
})
