import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { Assert } from '@japa/assert'
import { truncateAll } from '#tests/support/database'
import { ProductFactory } from '#database/factories/catalog_factory'
import {
  CATALOG_TABLES,
  dropForLoad,
  insertCatalog,
  restoreAfterLoad,
} from '#services/bulk_catalog'
import type { BulkProduct } from '#services/bulk_catalog'

const isPostgres = () => db.connection().dialect.name === 'postgres'

/**
 * The catalog tables' indexes and constraints, as the database describes
 * them.
 */
async function schemaOfCatalog(): Promise<string[]> {
  if (isPostgres()) {
    const indexes = await db.rawQuery(
      `SELECT indexdef AS definition FROM pg_indexes
       WHERE schemaname = 'public' AND tablename = ANY (?)`,
      [CATALOG_TABLES]
    )
    const constraints = await db.rawQuery(
      `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
         AS definition
       FROM pg_constraint WHERE conrelid::regclass::text = ANY (?)`,
      [CATALOG_TABLES]
    )
    return [...indexes.rows, ...constraints.rows]
      .map((row: { definition: string }) => row.definition)
      .sort()
  }
  const rows = await db
    .from('sqlite_master')
    .whereIn('tbl_name', CATALOG_TABLES)
    .select('type', 'name', 'sql')
  return rows.map((row) => `${row.type} ${row.name} ${row.sql}`).sort()
}

async function total(query: ReturnType<typeof db.from>) {
  const [row] = await query.count('* as total')
  return Number(row.total)
}

/**
 * Every product has a variant, its summary columns are its active
 * variants', and every variant's stock is the sum of its ledger.
 */
async function assertCatalogInvariants(assert: Assert) {
  assert.equal(
    await total(
      db
        .from('products')
        .whereNotExists((query) =>
          query.from('product_variants').whereColumn('product_variants.product_id', 'products.id')
        )
    ),
    0,
    'products without a variant'
  )
  assert.equal(
    await total(
      db.from('products').whereRaw(
        `price <> (select min(v.price) from product_variants v where v.product_id = products.id and v.is_active = ?)
           or max_price <> (select max(v.price) from product_variants v where v.product_id = products.id and v.is_active = ?)
           or stock <> (select sum(v.stock) from product_variants v where v.product_id = products.id and v.is_active = ?)`,
        [true, true, true]
      )
    ),
    0,
    'products whose summary columns are not their variants'
  )
  assert.equal(
    await total(
      db
        .from('product_variants')
        .whereRaw(
          'stock <> (select coalesce(sum(m.quantity), 0) from stock_movements m where m.variant_id = product_variants.id)'
        )
    ),
    0,
    'variants whose stock is not their ledger sum'
  )
}

function bulkProduct(slug: string, sku: string): BulkProduct {
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ')
  return {
    categoryId: null,
    name: slug,
    slug,
    description: null,
    lowStockThreshold: 5,
    isActive: true,
    createdAt: now,
    updatedAt: now,
    options: [],
    variants: [{ sku, optionValues: [], price: 1000, stock: 3 }],
  }
}

test.group('Commands: catalog:generate in bulk', (group) => {
  group.each.setup(() => truncateAll())
  // A generated category tree left behind would stop migration:reset on
  // SQLite (its categories refer to each other).
  group.teardown(() => truncateAll())

  test('--rebuild-indexes loads in batches next to an existing catalog and puts every index and constraint back', async ({
    assert,
  }) => {
    const existing = await ProductFactory.merge({ price: 1234, stock: 7 }).create()
    const before = await schemaOfCatalog()
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', [
      '--products',
      '2500',
      '--categories',
      '4',
      '--variants',
      '1-4',
      '--batch-size',
      '700',
      '--rebuild-indexes',
    ])
    assert.equal(command.exitCode, 0)
    assert.deepEqual(await schemaOfCatalog(), before)
    assert.equal(await total(db.from('products')), 2501)
    const kept = await db.from('products').where('id', existing.id).firstOrFail()
    assert.equal(Number(kept.price), 1234)
    assert.equal(Number(kept.stock), 7)

    // Each variant belongs to the product it was generated for (the SKU
    // and the name carry the same number), in every batch.
    const variants = await db
      .from('product_variants')
      .join('products', 'products.id', 'product_variants.product_id')
      .whereNot('products.id', existing.id)
      .select('product_variants.sku', 'products.name', 'product_variants.title')
    assert.isAbove(variants.length, 2500)
    for (const variant of variants) {
      const number = /^GEN-[0-9A-F]+-(\d+)/.exec(variant.sku)![1]
      assert.isTrue(variant.name.endsWith(` ${number}`), `${variant.sku} on ${variant.name}`)
    }
    assert.equal(
      await total(
        db.from('products').whereNot('id', existing.id).whereColumn('max_price', '>', 'price')
      ),
      await total(db.from('product_options'))
    )

    // One second apart, the last generated the newest.
    const newest = await db
      .from('products')
      .whereNot('id', existing.id)
      .orderBy('created_at', 'desc')
      .limit(2)
      .select('name', 'created_at')
    assert.match(newest[0].name, / 2500$/)
    assert.match(newest[1].name, / 2499$/)
    assert.equal(
      new Date(newest[0].created_at).getTime() - new Date(newest[1].created_at).getTime(),
      1000
    )
    await assertCatalogInvariants(assert)
  }).timeout(60_000)

  test('a load that breaks a unique key leaves nothing behind, indexes included', async ({
    assert,
  }) => {
    const before = await schemaOfCatalog()
    const load = db.transaction(async (trx) => {
      const dropped = isPostgres() ? await dropForLoad(trx) : []
      await insertCatalog(trx, [bulkProduct('first', 'SKU-1'), bulkProduct('second', 'SKU-2')])
      await insertCatalog(trx, [bulkProduct('third', 'SKU-1')])
      await restoreAfterLoad(trx, dropped)
    })
    await assert.rejects(() => load)
    assert.deepEqual(await schemaOfCatalog(), before)
    for (const table of CATALOG_TABLES) {
      assert.equal(await total(db.from(table)), 0, table)
    }
  })

  test('a load without the rebuild commits batch by batch with the same invariants', async ({
    assert,
  }) => {
    const before = await schemaOfCatalog()
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', [
      '--products',
      '1200',
      '--variants',
      '3',
      '--batch-size',
      '500',
      '--no-rebuild-indexes',
    ])
    assert.equal(command.exitCode, 0)
    assert.deepEqual(await schemaOfCatalog(), before)
    assert.equal(await total(db.from('products')), 1200)
    assert.equal(await total(db.from('product_variants')), 3600)
    assert.equal(await total(db.from('product_options')), 1200)
    await assertCatalogInvariants(assert)
  }).timeout(60_000)
})
