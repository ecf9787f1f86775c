import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { truncateAll } from '#tests/support/database'
import {
  createScratchDatabase,
  createScratchSqlite,
  type ScratchDatabase,
} from '#tests/support/faults'

/**
 * Back-in-stock requests per variant (migration 1732250001002): existing
 * requests stay product-level, one open request per customer, product and
 * variant-or-none, and the migration goes down with the data.
 */
const MIGRATION = '1732250001002'

/**
 * Runs the migrations on the scratch connection, up to (`through`) or
 * before (`before`) a migration, or one step down.
 */
async function migrate(
  scratch: ScratchDatabase,
  options: { direction: 'up'; before?: string; through?: string } | { direction: 'down' }
) {
  const runner = new MigrationRunner(db, app, {
    direction: options.direction,
    ...(options.direction === 'down' ? { step: 1 } : {}),
    connectionName: scratch.name,
    disableLocks: true,
  })
  if (options.direction === 'up') {
    const keep = (name: string) =>
      options.before ? name < options.before : name.slice(0, 13) <= options.through!
    const source = (
      runner as unknown as {
        migrationSource: { getMigrations(): Promise<Array<{ name: string }>> }
      }
    ).migrationSource
    const all = source.getMigrations.bind(source)
    source.getMigrations = async () =>
      (await all()).filter((file) => keep(file.name.split('/').pop()!))
  }
  await runner.run()
  if (runner.error) {
    throw runner.error
  }
  return Object.values(runner.migratedFiles)
}

const NOW = '2026-11-01 10:00:00'

async function fill(client: QueryClientContract) {
  const stamp = { created_at: NOW, updated_at: NOW }
  const users: number[] = []
  for (const name of ['ada', 'bob', 'cyd']) {
    await client.table('users').insert({
      email: `${name}@shop.test`,
      password: 'not-a-hash',
      full_name: name,
      role: 'customer',
      ...stamp,
    })
    users.push(Number((await client.from('users').where('email', `${name}@shop.test`).first()).id))
  }
  await client.table('products').insert({
    name: 'Tee',
    slug: 'tee',
    description: 'A tee',
    price: 1900,
    max_price: 2100,
    stock: 0,
    low_stock_threshold: 5,
    is_active: true,
    ...stamp,
  })
  const product = Number((await client.from('products').where('slug', 'tee').first()).id)
  const variants: number[] = []
  for (const [position, [sku, title, price]] of [
    ['TEE-M-RED', 'M / red', 1900],
    ['TEE-L-RED', 'L / red', 2100],
  ].entries()) {
    await client.table('product_variants').insert({
      product_id: product,
      sku,
      title,
      option_values: JSON.stringify(String(title).split(' / ')),
      price,
      stock: 0,
      low_stock_threshold: 2,
      is_active: true,
      position,
      ...stamp,
    })
    variants.push(Number((await client.from('product_variants').where('sku', sku).first()).id))
  }
  return { users, product, variants }
}

async function indexes(client: QueryClientContract): Promise<string[]> {
  const result =
    client.dialect.name === 'postgres'
      ? await client.rawQuery(
          "select indexname as name from pg_indexes where tablename = 'stock_subscriptions'"
        )
      : await client.rawQuery(
          "select name from sqlite_master where type = 'index' and tbl_name = 'stock_subscriptions'"
        )
  const list: Array<{ name: string }> = Array.isArray(result) ? result : result.rows
  return list.map((row) => row.name).filter((name) => !name.startsWith('sqlite_'))
}

async function rows(client: QueryClientContract, withVariant: boolean) {
  const found = await client
    .from('stock_subscriptions')
    .orderBy('id')
    .select('id', 'user_id', 'product_id', 'notified_at', ...(withVariant ? ['variant_id'] : []))
  return found.map((row) => ({
    id: Number(row.id),
    user: Number(row.user_id),
    product: Number(row.product_id),
    open: row.notified_at === null,
    ...(withVariant ? { variant: row.variant_id === null ? null : Number(row.variant_id) } : {}),
  }))
}

test.group('Migration: back-in-stock requests per variant', (group) => {
  let scratch: ScratchDatabase

  group.each.setup(async () => {
    await truncateAll()
    scratch =
      db.connection().dialect.name === 'postgres'
        ? await createScratchDatabase('stock_subscriptions_variant')
        : await createScratchSqlite('stock_subscriptions_variant')
    return () => scratch.drop()
  })

  test('existing requests stay product-level; one open request per customer, product and variant-or-none; down and up again with the data', async ({
    assert,
  }) => {
    const client = () => scratch.client
    await migrate(scratch, { direction: 'up', before: MIGRATION })
    assert.isFalse(await client().schema.hasColumn('stock_subscriptions', 'variant_id'))
    const {
      users: [ada, bob, cyd],
      product,
      variants: [mRed, lRed],
    } = await fill(client())
    const insert = (values: Record<string, unknown>) =>
      client()
        .table('stock_subscriptions')
        .insert({ product_id: product, created_at: NOW, ...values })
    await insert({ user_id: ada })
    await insert({ user_id: bob, notified_at: NOW })
    const before = await rows(client(), false)

    const original = await indexes(client())
    assert.includeMembers(original, [
      'stock_subscriptions_open_unique',
      'stock_subscriptions_product_id_notified_at_index',
    ])
    const ran = await migrate(scratch, { direction: 'up', through: MIGRATION })
    assert.includeMembers(await indexes(client()), [
      'stock_subscriptions_open_product_unique',
      'stock_subscriptions_open_variant_unique',
      'stock_subscriptions_variant_id_notified_at_index',
      'stock_subscriptions_product_id_notified_at_index',
    ])
    assert.notInclude(await indexes(client()), 'stock_subscriptions_open_unique')
    assert.deepEqual(
      ran.map((file) => file.file.name.split('/').pop()!.slice(0, 13)),
      [MIGRATION]
    )
    assert.deepEqual(
      await rows(client(), true),
      before.map((row) => ({ ...row, variant: null }))
    )

    // Product-level: still one open request per customer and product.
    await assert.rejects(() => insert({ user_id: ada }))
    // Per variant: one open request each, beside the product-level one.
    await insert({ user_id: ada, variant_id: mRed })
    await assert.rejects(() => insert({ user_id: ada, variant_id: mRed }))
    await insert({ user_id: ada, variant_id: mRed, notified_at: NOW })
    await insert({ user_id: cyd, variant_id: lRed })
    await insert({ user_id: cyd, variant_id: mRed })
    await insert({ user_id: bob, variant_id: lRed, notified_at: NOW })
    // The conflict targets BackInStockService names match the indexes.
    const conflict = await client().rawQuery(
      `INSERT INTO stock_subscriptions (user_id, product_id, variant_id, created_at)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id, product_id, variant_id)
         WHERE notified_at IS NULL AND variant_id IS NOT NULL DO NOTHING`,
      [cyd, product, lRed, NOW]
    )
    assert.isDefined(conflict)
    await client().rawQuery(
      `INSERT INTO stock_subscriptions (user_id, product_id, created_at)
       VALUES (?, ?, ?)
       ON CONFLICT (user_id, product_id) WHERE notified_at IS NULL AND variant_id IS NULL DO NOTHING`,
      [ada, product, NOW]
    )
    const up = await rows(client(), true)
    assert.lengthOf(up, 7)

    // Down with the data: Ada's open variant request goes (she has a
    // product-level one), Cyd's older becomes product-level and the other
    // goes, ended requests stay without their variant.
    await migrate(scratch, { direction: 'down' })
    assert.isFalse(await client().schema.hasColumn('stock_subscriptions', 'variant_id'))
    const byId = new Map(up.map((row) => [row.id, row]))
    const down = await rows(client(), false)
    assert.deepEqual(
      down.map((row) => [row.user, byId.get(row.id)!.variant, row.open]),
      [
        [ada, null, true],
        [bob, null, false],
        [ada, mRed, false],
        [cyd, lRed, true],
        [bob, lRed, false],
      ]
    )
    await assert.rejects(() => insert({ user_id: cyd }))
    assert.sameMembers(await indexes(client()), original)

    // And up again: the same requests, product-level.
    await migrate(scratch, { direction: 'up', through: MIGRATION })
    assert.deepEqual(
      await rows(client(), true),
      down.map((row) => ({ ...row, variant: null }))
    )
    await insert({ user_id: cyd, variant_id: mRed })
    await assert.rejects(() => insert({ user_id: cyd, variant_id: mRed }))
  }).timeout(120_000)
})
