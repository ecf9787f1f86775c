import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * - Names sort without regard to case, in the same order on both
 *   databases: an index on the case-folded name serves `sort=name`.
 * - On PostgreSQL, trigram indexes serve `q` (ILIKE '%term%' on name and
 *   description). SQLite scans, which is fine at its scale.
 */
export default class extends BaseSchema {
  async up() {
    if (this.db.dialect.name !== 'postgres') {
      this.schema.raw(
        'CREATE INDEX IF NOT EXISTS products_active_name_ci_idx ON products (is_active, name COLLATE NOCASE)'
      )
      return
    }
    this.schema.raw(
      'CREATE INDEX IF NOT EXISTS products_active_name_ci_idx ON products (is_active, (lower(name) COLLATE "C"))'
    )
    this.defer(async (db) => {
      const available = await db.rawQuery(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
      )
      if (!available.rows.length) {
        return
      }
      await db.rawQuery('CREATE EXTENSION IF NOT EXISTS pg_trgm')
      await db.rawQuery(
        'CREATE INDEX IF NOT EXISTS products_name_trgm_idx ON products USING gin (name gin_trgm_ops)'
      )
      await db.rawQuery(
        'CREATE INDEX IF NOT EXISTS products_description_trgm_idx ON products USING gin (description gin_trgm_ops)'
      )
    })
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS products_active_name_ci_idx')
    if (this.db.dialect.name === 'postgres') {
      this.schema.raw('DROP INDEX IF EXISTS products_description_trgm_idx')
      this.schema.raw('DROP INDEX IF EXISTS products_name_trgm_idx')
    }
  }
}
