import db from '@adonisjs/lucid/services/db'
import { clearPricingCache } from '#services/pricing_service'
import { clearShopSettingsCache } from '#services/shop_settings_service'

/**
 * Empties every application table (not the migrations bookkeeping).
 * Tests use this between groups instead of a global transaction, because
 * the code under test opens transactions of its own and the race tests
 * need real concurrent connections.
 */
export async function truncateAll() {
  await emptyTables()
  // Rows written straight into the tables raise no event: cached copies
  // of the shop's settings and pricing rules go with the rows.
  await clearShopSettingsCache()
  await clearPricingCache()
}

async function emptyTables() {
  const isPostgres = db.connection().dialect.name === 'postgres'
  const allTables = await db.connection().getAllTables(isPostgres ? ['public'] : undefined)
  /**
   * SQLite's full-text tables (products_fts) are kept by triggers on
   * their content table, and their shadow tables may not be written.
   */
  const derived = isPostgres
    ? new Set<string>()
    : new Set<string>(
        (
          await db.rawQuery<Array<{ name: string }>>(
            "SELECT name FROM pragma_table_list WHERE type IN ('virtual', 'shadow')"
          )
        ).map((row) => row.name)
      )
  const tables = allTables.filter(
    (table) =>
      !table.startsWith('adonis_schema') && !table.startsWith('sqlite_') && !derived.has(table)
  )
  if (!tables.length) {
    return
  }
  if (isPostgres) {
    await db.rawQuery(
      `TRUNCATE ${tables.map((table) => `"${table}"`).join(', ')} RESTART IDENTITY CASCADE`
    )
    return
  }
  await db.rawQuery('PRAGMA foreign_keys = OFF')
  try {
    for (const table of tables) {
      await db.from(table).delete()
    }
    await db.rawQuery(
      `DELETE FROM sqlite_sequence WHERE name IN (${tables.map(() => '?').join(', ')})`,
      tables
    )
  } finally {
    await db.rawQuery('PRAGMA foreign_keys = ON')
  }
}
