import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Search that ranks (issue 21, item 4).
 *
 * PostgreSQL: `products.search_vector`, a stored generated tsvector
 * (English stemming: "phones" finds "Phone") with the name weighted 'A'
 * above the description 'B', and its GIN index. Stored rather than an
 * expression index so that ranking a match reads the vector instead of
 * parsing the text again, and every writer (the models, COPY, raw SQL)
 * keeps it right without knowing it exists. Adding it rewrites the table
 * once, filling it for the existing rows. pg_trgm (the typo fallback on
 * the name) and its trigram index on the name are made sure of here;
 * migration 1732250000006 already creates them when the extension is
 * available, and keeps them on down.
 *
 * SQLite: `products_fts`, an external-content FTS5 table over the
 * products' name and description (Porter stemming, the same English
 * stems as PostgreSQL's for plurals), kept in step by triggers and
 * rebuilt here for the existing rows.
 */
export default class extends BaseSchema {
  async up() {
    if (this.db.dialect.name === 'postgres') {
      this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')
      this.schema.raw(`
        ALTER TABLE products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
          setweight(to_tsvector('english', coalesce(description, '')), 'B')
        ) STORED`)
      this.schema.raw(
        'CREATE INDEX IF NOT EXISTS products_search_vector_idx ON products USING gin (search_vector)'
      )
      this.schema.raw(
        'CREATE INDEX IF NOT EXISTS products_name_trgm_idx ON products USING gin (name gin_trgm_ops)'
      )
      return
    }
    this.schema.raw(`
      CREATE VIRTUAL TABLE products_fts USING fts5(
        name, description,
        content='products', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
      )`)
    this.schema.raw(`
      CREATE TRIGGER products_fts_after_insert AFTER INSERT ON products BEGIN
        INSERT INTO products_fts (rowid, name, description)
        VALUES (new.id, new.name, coalesce(new.description, ''));
      END`)
    this.schema.raw(`
      CREATE TRIGGER products_fts_after_delete AFTER DELETE ON products BEGIN
        INSERT INTO products_fts (products_fts, rowid, name, description)
        VALUES ('delete', old.id, old.name, coalesce(old.description, ''));
      END`)
    this.schema.raw(`
      CREATE TRIGGER products_fts_after_update AFTER UPDATE OF name, description ON products BEGIN
        INSERT INTO products_fts (products_fts, rowid, name, description)
        VALUES ('delete', old.id, old.name, coalesce(old.description, ''));
        INSERT INTO products_fts (rowid, name, description)
        VALUES (new.id, new.name, coalesce(new.description, ''));
      END`)
    this.schema.raw("INSERT INTO products_fts (products_fts) VALUES ('rebuild')")
  }

  async down() {
    if (this.db.dialect.name === 'postgres') {
      this.schema.raw('DROP INDEX IF EXISTS products_search_vector_idx')
      this.schema.raw('ALTER TABLE products DROP COLUMN IF EXISTS search_vector')
      return
    }
    this.schema.raw('DROP TRIGGER IF EXISTS products_fts_after_update')
    this.schema.raw('DROP TRIGGER IF EXISTS products_fts_after_delete')
    this.schema.raw('DROP TRIGGER IF EXISTS products_fts_after_insert')
    this.schema.raw('DROP TABLE IF EXISTS products_fts')
  }
}
