import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import transmit from '@adonisjs/transmit/services/main'
import Category from '#models/category'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { emitAfterCommit } from '#events/after_commit'
import { StockService } from '#services/stock_service'
import { truncateAll } from '#tests/support/database'
import { defaultVariant } from '#tests/support/variants'

/**
 * What a listener saw when `catalog:category_changed` reached it: the
 * category, and whether a connection outside the transaction could read
 * its row by then (it can only once the change is committed).
 */
interface Seen {
  categoryId: number
  committed: boolean
}

function recordCategoryEvents(cleanup: (fn: () => void) => void) {
  const seen: Seen[] = []
  const off = emitter.on('catalog:category_changed', async ({ categoryId }) => {
    const row = await db.from('categories').where('id', categoryId).first()
    seen.push({ categoryId, committed: Boolean(row) })
  })
  cleanup(off)
  return seen
}

test.group('Events: delivered after commit', (group) => {
  group.each.setup(() => truncateAll())

  test('an event raised in a transaction that rolls back is never delivered', async ({
    assert,
    cleanup,
  }) => {
    const seen = recordCategoryEvents(cleanup)

    await assert.rejects(() =>
      db.transaction(async (trx) => {
        const category = await Category.create({ name: 'Lamps' }, { client: trx })
        await emitAfterCommit(trx, 'catalog:category_changed', { categoryId: category.id })
        throw new Error('something later in the use case failed')
      })
    )
    const trx = await db.transaction()
    await Category.create({ name: 'Mugs' }, { client: trx })
    await trx.rollback()

    assert.deepEqual(seen, [])
    assert.isNull(await db.from('categories').first())
  })

  test('an event raised in a committed transaction is delivered once, after the commit', async ({
    assert,
    cleanup,
  }) => {
    const seen = recordCategoryEvents(cleanup)

    const category = await db.transaction(async (trx) => {
      const created = await Category.create({ name: 'Lamps' }, { client: trx })
      created.description = 'Desk and floor lamps'
      await created.save()
      await emitAfterCommit(trx, 'catalog:category_changed', { categoryId: created.id })
      assert.deepEqual(seen, [], 'nothing is delivered before the commit')
      return created
    })

    assert.deepEqual(seen, [{ categoryId: category.id, committed: true }])
  })

  test('outside a transaction an event is delivered at once', async ({ assert, cleanup }) => {
    const seen = recordCategoryEvents(cleanup)

    const category = await Category.create({ name: 'Lamps' })
    assert.deepEqual(seen, [{ categoryId: category.id, committed: true }])

    await emitAfterCommit(db.connection(), 'catalog:category_changed', { categoryId: category.id })
    await emitAfterCommit(undefined, 'catalog:category_changed', { categoryId: category.id })
    assert.lengthOf(seen, 3)
  })

  test('in a savepoint, an event waits for the outermost transaction and dies with any rollback', async ({
    assert,
    cleanup,
  }) => {
    const seen = recordCategoryEvents(cleanup)

    const kept = await db.transaction(async (trx) => {
      const inSavepoint = await trx.transaction((savepoint) =>
        Category.create({ name: 'Lamps' }, { client: savepoint })
      )
      assert.deepEqual(seen, [], 'a released savepoint delivers nothing yet')
      await assert.rejects(() =>
        trx.transaction(async (savepoint) => {
          await Category.create({ name: 'Mugs' }, { client: savepoint })
          throw new Error('this part is undone')
        })
      )
      return inSavepoint
    })
    assert.deepEqual(seen, [{ categoryId: kept.id, committed: true }])

    await assert.rejects(() =>
      db.transaction(async (trx) => {
        await trx.transaction((savepoint) =>
          Category.create({ name: 'Vases' }, { client: savepoint })
        )
        throw new Error('the whole change is undone')
      })
    )
    assert.lengthOf(seen, 1)
    assert.deepEqual(
      await db
        .from('categories')
        .select('name')
        .then((rows) => rows.map((row) => row.name)),
      ['Lamps']
    )
  })

  test('the stock moves of one transaction leave as one stock:changed with the first level before and the last after, of each product and variant', async ({
    assert,
    cleanup,
  }) => {
    const lamp = await ProductFactory.merge({ stock: 10 }).create()
    const mug = await ProductFactory.merge({ stock: 5 }).create()
    const events = emitter.fake(['stock:changed'])
    cleanup(() => emitter.restore())

    const [lampVariant, mugVariant] = [await defaultVariant(lamp), await defaultVariant(mug)]
    await db.transaction(async (trx) => {
      await StockService.take(lampVariant.id, 2, trx)
      await StockService.take(mugVariant.id, 1, trx)
      await StockService.give(lampVariant.id, 1, trx)
      assert.equal(events.size(), 0)
    })

    events.assertEmittedCount('stock:changed', 1)
    assert.deepEqual(events.find('stock:changed')?.data, {
      changes: [
        {
          productId: lamp.id,
          stock: 9,
          before: 10,
          variants: [{ variantId: lampVariant.id, sku: lampVariant.sku, stock: 9, before: 10 }],
        },
        {
          productId: mug.id,
          stock: 4,
          before: 5,
          variants: [{ variantId: mugVariant.id, sku: mugVariant.sku, stock: 4, before: 5 }],
        },
      ],
    })
  })

  test('checkout delivers order:placed exactly once, after commit', async ({
    client,
    assert,
    cleanup,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const placed: Array<{ orderNumber: string; committed: boolean; toStatus: string | null }> = []
    cleanup(
      emitter.on('order:placed', async (event) => {
        const row = await db.from('orders').where('number', event.orderNumber).first()
        placed.push({
          orderNumber: event.orderNumber,
          committed: Boolean(row),
          toStatus: event.toStatus,
        })
      })
    )

    const body = { items: [{ product_id: product.id, quantity: 1 }] }
    const response = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .header('Idempotency-Key', 'after-commit-0001')
      .json(body)
    response.assertStatus(201)
    const replay = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .header('Idempotency-Key', 'after-commit-0001')
      .json(body)
    replay.assertStatus(201)
    const short = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: product.id, quantity: 50 }] })
    short.assertStatus(409)

    assert.deepEqual(placed, [
      { orderNumber: response.body().data.number, committed: true, toStatus: 'pending' },
    ])
  })

  test('a failing listener is logged and never fails the change or the other listeners', async ({
    client,
    assert,
    cleanup,
  }) => {
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    cleanup(
      emitter.on('order:placed', () => {
        throw new Error('a broken listener')
      })
    )
    const broadcasts: Array<{ channel: string; payload: any }> = []
    cleanup(transmit.on('broadcast', (event) => broadcasts.push(event as any)))

    const response = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: product.id, quantity: 1 }] })

    response.assertStatus(201)
    const number = response.body().data.number
    assert.isNotNull(await db.from('orders').where('number', number).first())
    assert.includeDeepMembers(
      broadcasts.map((event) => [event.channel, event.payload.order_number ?? null]),
      [
        [`users/${customer.id}/orders`, number],
        ['staff/orders', number],
      ]
    )
  })
})
