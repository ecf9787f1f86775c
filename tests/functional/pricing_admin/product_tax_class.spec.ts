import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

const PRODUCTS = '/api/v1/products'

test.group('Pricing admin: a product tax class', (group) => {
  group.each.setup(() => truncateAll())

  test('standard when left out; staff set and change it; the detail shows it', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const plain = await client
      .post(PRODUCTS)
      .loginAs(staff)
      .json({ name: 'Lamp', price: '19.99', stock: 3 })
    plain.assertStatus(201)
    assert.equal(plain.body().data.tax_class, 'standard')

    const book = await client
      .post(PRODUCTS)
      .loginAs(staff)
      .json({ name: 'Book', price: '12.00', stock: 3, tax_class: 'reduced' })
    book.assertStatus(201)
    assert.equal(book.body().data.tax_class, 'reduced')
    const id = book.body().data.id
    assert.equal((await db.from('products').where('id', id).first()).tax_class, 'reduced')

    const publicDetail = await client.get(`${PRODUCTS}/${id}`)
    publicDetail.assertStatus(200)
    assert.equal(publicDetail.body().data.tax_class, 'reduced')

    const changed = await client
      .patch(`${PRODUCTS}/${id}`)
      .loginAs(staff)
      .json({ tax_class: 'zero-rated_2' })
    changed.assertStatus(200)
    assert.equal(changed.body().data.tax_class, 'zero-rated_2')
    const staffDetail = await client.get(`${PRODUCTS}/${id}`).loginAs(staff)
    assert.equal(staffDetail.body().data.tax_class, 'zero-rated_2')
    assert.equal((await client.get(`${PRODUCTS}/${id}`)).body().data.tax_class, 'zero-rated_2')

    const audit = await db
      .from('admin_actions')
      .where('resource', 'products')
      .where('action', 'update')
      .first()
    assert.include(audit.changes, 'zero-rated_2')

    const list = await client.get(PRODUCTS)
    list.assertStatus(200)
    assert.notProperty(list.body().data[0], 'tax_class')
  })

  test('a tax class that is not [a-z0-9_-]{1,40} is a 422 naming it', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    for (const taxClass of ['Reduced', 'reduced rate', '', 'x'.repeat(41), 7]) {
      const response = await client
        .post(PRODUCTS)
        .loginAs(staff)
        .json({ name: 'Book', price: '12.00', stock: 1, tax_class: taxClass })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'tax_class', String(taxClass))
    }
    const created = await client
      .post(PRODUCTS)
      .loginAs(staff)
      .json({ name: 'Book', price: '12.00', stock: 1 })
    const patched = await client
      .patch(`${PRODUCTS}/${created.body().data.id}`)
      .loginAs(staff)
      .json({ tax_class: 'REDUCED!' })
    patched.assertStatus(422)
    assert.equal(patched.body().errors[0].field, 'tax_class')
  })
})
