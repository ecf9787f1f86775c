import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import { truncateAll } from '#tests/support/database'

async function count(table: string) {
  const [row] = await db.from(table).count('* as total')
  return Number(row.total)
}

test.group('Commands: demo data and bulk catalog', (group) => {
  group.each.setup(() => truncateAll())

  test('db:seed writes the demo accounts, a category tree and products, and is idempotent', async ({
    assert,
  }) => {
    const ace = await app.container.make('ace')
    const first = await ace.exec('db:seed', [])
    assert.equal(first.exitCode, 0)

    for (const role of ['admin', 'staff', 'customer'] as const) {
      const user = await User.findByOrFail('email', `${role}@shop.test`)
      assert.equal(user.role, role)
      assert.isTrue(await hash.verify(user.password, 'password123'))
    }
    const children = await db.from('categories').whereNotNull('parent_id').count('* as total')
    assert.isAbove(Number(children[0].total), 3)
    const products = await count('products')
    assert.isAtLeast(products, 24)

    const second = await ace.exec('db:seed', [])
    assert.equal(second.exitCode, 0)
    assert.equal(await count('users'), 3)
    assert.equal(await count('products'), products)
  }).timeout(60_000)

  test('catalog:generate adds the requested number of products', async ({ assert }) => {
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', ['--products', '2500', '--categories', '7'])
    assert.equal(command.exitCode, 0)
    assert.equal(await count('products'), 2500)
    assert.equal(await count('categories'), 8)
    const [negative] = await db.from('products').where('stock', '<', 0).count('* as total')
    assert.equal(Number(negative.total), 0)
  }).timeout(60_000)

  test('catalog:generate refuses a non-positive count', async ({ assert }) => {
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', ['--products', '0'])
    assert.equal(command.exitCode, 1)
    assert.equal(await count('products'), 0)
  })
})
