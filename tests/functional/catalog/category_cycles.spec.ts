import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Category from '#models/category'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'
import { CatalogCache } from '#services/catalog_cache'

/**
 * root -> child -> grandchild
 */
async function tree() {
  const root = await CategoryFactory.merge({ slug: 'root', parentId: null }).create()
  const child = await CategoryFactory.merge({ slug: 'child', parentId: root.id }).create()
  const grandchild = await CategoryFactory.merge({
    slug: 'grandchild',
    parentId: child.id,
  }).create()
  return { root, child, grandchild }
}

async function parents() {
  const rows = await db.from('categories').select('id', 'parent_id').orderBy('id')
  return rows.map((row) => [Number(row.id), row.parent_id === null ? null : Number(row.parent_id)])
}

test.group('Category cycles: refused by the service, survived by the reads', (group) => {
  group.each.setup(() => truncateAll())

  // issue 13, item 3
  test('the API refuses a parent that is the category itself or one of its descendants (422 on parent_id)', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const { root, child, grandchild } = await tree()
    const before = await parents()

    for (const [category, parent] of [
      [root, grandchild],
      [root, child],
      [child, child],
    ] as const) {
      const response = await client
        .patch(`/api/v1/categories/${category.id}`)
        .loginAs(staff)
        .json({ parent_id: parent.id })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'parent_id')
    }
    assert.deepEqual(await parents(), before)
    assert.lengthOf(await db.from('admin_actions').where('resource', 'categories'), 0)
  })

  // issue 13, item 3
  test('the panel refuses the same cycle with a field error on parentId and changes nothing', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const { root, grandchild } = await tree()
    const before = await parents()
    const panel = await AdminSession.signIn(staff.email, 'password123')

    for (const parentId of [grandchild.id, root.id]) {
      const edited = await panel.api('POST', `/resources/categories/records/${root.id}/edit`, {
        name: 'Renamed root',
        parentId: String(parentId),
      })
      assert.equal(edited.status, 200)
      assert.equal(edited.body.notice.type, 'error')
      assert.property(edited.body.record.errors, 'parentId')
      assert.match(edited.body.record.errors.parentId.message, /under itself or one of its/)
      // The form keeps what was typed.
      assert.equal(edited.body.record.params.parentId, String(parentId))
    }
    assert.deepEqual(await parents(), before)
    await root.refresh()
    assert.notEqual(root.name, 'Renamed root')
    assert.lengthOf(await db.from('admin_actions').where('resource', 'categories'), 0)

    // A legal move still goes through, audited once.
    const moved = await panel.api('POST', `/resources/categories/records/${grandchild.id}/edit`, {
      parentId: String(root.id),
    })
    assert.deepEqual(moved.body.record.errors, {})
    assert.equal(moved.body.notice.type, 'success')
    await grandchild.refresh()
    assert.equal(grandchild.parentId, root.id)
    const entries = await db.from('admin_actions').where('resource', 'categories')
    assert.lengthOf(entries, 1)
    assert.equal(entries[0].action, 'edit')
  })

  // issue 13, item 3
  test('a cycle written by SQL does not hang ?category=, the tree or a category page', async ({
    client,
    assert,
    cleanup,
  }) => {
    // The migrations' teardown drops the table: no cycle may be left behind.
    cleanup(async () => {
      await db.from('categories').update({ parent_id: null })
    })
    const { root, child, grandchild } = await tree()
    const inRoot = await ProductFactory.merge({ categoryId: root.id }).create()
    const inGrandchild = await ProductFactory.merge({ categoryId: grandchild.id }).create()
    // root -> child -> grandchild -> root, and a category that is its own parent.
    await db.from('categories').where('id', root.id).update({ parent_id: grandchild.id })
    const loop = await CategoryFactory.merge({ slug: 'loop' }).create()
    await db.from('categories').where('id', loop.id).update({ parent_id: loop.id })
    await CatalogCache.clearAll()

    const started = performance.now()
    const list = await client.get('/api/v1/products').qs({ category: 'child' })
    list.assertStatus(200)
    assert.sameMembers(
      list.body().data.map((product: { id: number }) => product.id),
      [inRoot.id, inGrandchild.id]
    )
    ;(await client.get('/api/v1/products').qs({ category: 'loop' })).assertStatus(200)

    const categories = await client.get('/api/v1/categories')
    categories.assertStatus(200)
    // Categories on a cycle have no root: they are not in the tree.
    assert.deepEqual(categories.body().data, [])

    const page = await client.get('/api/v1/categories/child')
    page.assertStatus(200)
    assert.sameMembers(
      page.body().data.path.map((ancestor: { slug: string }) => ancestor.slug),
      ['root', 'grandchild']
    )
    ;(await client.get('/api/v1/categories/loop')).assertStatus(200)
    assert.isBelow(performance.now() - started, 5_000)

    // The service still refuses to make things worse, and lets staff break the cycle.
    const staff = await UserFactory.apply('staff').create()
    ;(
      await client
        .patch(`/api/v1/categories/${child.id}`)
        .loginAs(staff)
        .json({ parent_id: grandchild.id })
    ).assertStatus(422)
    ;(
      await client.patch(`/api/v1/categories/${root.id}`).loginAs(staff).json({ parent_id: null })
    ).assertStatus(200)
    const fixed = await client.get('/api/v1/categories')
    assert.deepEqual(
      fixed.body().data.map((node: { slug: string }) => node.slug),
      ['root']
    )
    assert.equal((await Category.findOrFail(root.id)).parentId, null)
  }).timeout(10_000)
})
