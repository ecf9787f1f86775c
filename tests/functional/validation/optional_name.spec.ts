import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'
import { fetchInvoice, readPdf } from '#tests/support/pdf'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'

const address = {
  full_name: 'Ada Lovelace',
  line1: '1 Main St',
  city: 'Springfield',
  postal_code: '12345',
  country: 'US',
}

test.group(
  'Registration takes an e-mail and a password; the name is optional (issue 15, item 9)',
  (group) => {
    group.each.setup(() => truncateAll())

    test('register with email and password only: 201, full_name null until given', async ({
      client,
      assert,
    }) => {
      const registered = await client
        .post('/api/v1/auth/register')
        .json({ email: 'plain@example.test', password: 'password123' })
      registered.assertStatus(201)
      assert.isNull(registered.body().data.user.full_name)
      const user = await User.findByOrFail('email', 'plain@example.test')
      assert.isNull(user.fullName)

      const me = await client.get('/api/v1/me').loginAs(user)
      me.assertStatus(200)
      assert.isNull(me.body().data.full_name)

      const named = await client.patch('/api/v1/me').loginAs(user).json({ full_name: 'Plain Ada' })
      named.assertStatus(200)
      assert.equal(named.body().data.full_name, 'Plain Ada')
      const cleared = await client.patch('/api/v1/me').loginAs(user).json({ full_name: null })
      assert.isNull(cleared.body().data.full_name)
    })

    test('checkout with the profile address asks for a name when there is none; a shipping_address works', async ({
      client,
      assert,
    }) => {
      const user = await UserFactory.merge({ fullName: null }).create()
      const product = await ProductFactory.merge({ stock: 5 }).create()
      const items = [{ product_id: product.id, quantity: 1 }]
      const refused = await client.post('/api/v1/orders').loginAs(user).json({ items })
      refused.assertStatus(422)
      assert.include(refused.body().errors[0].message, 'full_name')
      assert.lengthOf(await db.from('orders'), 0)

      const placed = await client
        .post('/api/v1/orders')
        .loginAs(user)
        .json({ items, shipping_address: address })
      placed.assertStatus(201)
      const invoice = await fetchInvoice(
        serverUrl(),
        placed.body().data.number,
        (await jwtSigner.sign(user)).value
      )
      assert.equal(invoice.status, 200)
      assert.include((await readPdf(invoice.bytes)).text, 'Ada Lovelace')
    })

    test('the panel lists and shows a user without a name', async ({ assert }) => {
      const admin = await UserFactory.apply('admin').create()
      const nameless = await UserFactory.merge({ fullName: null }).create()
      const panel = await AdminSession.signIn(admin.email, 'password123')
      const list = await panel.api('GET', '/resources/users/actions/list?perPage=50')
      assert.equal(list.status, 200)
      assert.include(
        list.body.records.map((record: any) => String(record.id)),
        String(nameless.id)
      )
      const shown = await panel.api('GET', `/resources/users/records/${nameless.id}/show`)
      assert.equal(shown.status, 200)
    })
  }
)
