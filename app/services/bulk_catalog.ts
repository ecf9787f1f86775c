import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { insertRows } from '#services/bulk_insert'
import { DEFAULT_VARIANT_TITLE } from '#services/stock_service'

export interface BulkOption {
  name: string
  values: string[]
}

export interface BulkVariant {
  sku: string
  /**
   * One value per option, in the options' order (none: the default
   * variant, titled "Default").
   */
  optionValues: string[]
  price: number
  compareAtPrice?: number | null
  stock: number
  lowStockThreshold?: number
  weightGrams?: number | null
  isActive?: boolean
}

export interface BulkProduct {
  categoryId: number | null
  name: string
  slug: string
  description: string | null
  lowStockThreshold: number
  isActive: boolean
  createdAt: string
  updatedAt: string
  options: BulkOption[]
  variants: BulkVariant[]
}

/**
 * The product's summary columns from its variants, as ProductSummary
 * computes them: the lowest and highest price of the active variants (of
 * all when none is active) and the units of the active ones together.
 */
export function summaryOf(variants: BulkVariant[]) {
  const active = variants.filter((variant) => variant.isActive !== false)
  const priced = active.length > 0 ? active : variants
  const prices = priced.map((variant) => variant.price)
  return {
    price: Math.min(...prices),
    max_price: Math.max(...prices),
    stock: active.reduce((sum, variant) => sum + variant.stock, 0),
  }
}

/**
 * Products with their options and variants in a few statements per batch
 * (benchmark catalogs of a million products): the rows the models and
 * StockService would write one by one, with the same invariants. Every
 * product has at least one variant, its summary columns are its variants'
 * (summaryOf), and every variant with stock gets its `initial` ledger row,
 * so its stock is the sum of its movements. No events: caches and
 * channels have nothing to hear about a catalog nobody has read yet.
 *
 * On PostgreSQL the batch is one statement (insertEncoded), on SQLite
 * multi-row VALUES statements (insertRows). Returns the products' ids by
 * slug.
 */
export async function insertCatalog(
  trx: TransactionClientContract,
  products: BulkProduct[]
): Promise<Map<string, number>> {
  if (products.length === 0) {
    return new Map()
  }
  if (trx.dialect.name === 'postgres') {
    return insertEncoded(trx, encodeCatalogBatch(products))
  }
  assertVariants(products)
  return insertWithValues(trx, products)
}

function assertVariants(products: BulkProduct[]) {
  for (const product of products) {
    if (product.variants.length === 0) {
      throw new Error(`Product "${product.slug}" has no variant`)
    }
  }
}

function titleOf(variant: BulkVariant) {
  return variant.optionValues.length > 0 ? variant.optionValues.join(' / ') : DEFAULT_VARIANT_TITLE
}

/**
 * A batch encoded for insertEncoded: each table's rows as one JSON text.
 */
export interface EncodedCatalogBatch {
  products: string
  options: string
  variants: string
}

/**
 * PostgreSQL: a batch as insertEncoded sends it. Separate from the insert
 * so that a caller can encode the next batch while the database writes
 * the last one (catalog:generate).
 */
export function encodeCatalogBatch(products: BulkProduct[]): EncodedCatalogBatch {
  assertVariants(products)
  const productRows = []
  const optionRows = []
  const variantRows = []
  for (const product of products) {
    productRows.push({
      category_id: product.categoryId,
      name: product.name,
      slug: product.slug,
      description: product.description,
      ...summaryOf(product.variants),
      low_stock_threshold: product.lowStockThreshold,
      is_active: product.isActive,
      created_at: product.createdAt,
      updated_at: product.updatedAt,
    })
    for (const [position, option] of product.options.entries()) {
      optionRows.push({
        slug: product.slug,
        name: option.name,
        position,
        values: JSON.stringify(option.values),
      })
    }
    for (const [position, variant] of product.variants.entries()) {
      variantRows.push({
        slug: product.slug,
        sku: variant.sku,
        title: titleOf(variant),
        option_values: JSON.stringify(variant.optionValues),
        price: variant.price,
        compare_at_price: variant.compareAtPrice ?? null,
        stock: variant.stock,
        low_stock_threshold: variant.lowStockThreshold ?? product.lowStockThreshold,
        weight_grams: variant.weightGrams ?? null,
        is_active: variant.isActive ?? true,
        position,
      })
    }
  }
  return {
    products: JSON.stringify(productRows),
    options: JSON.stringify(optionRows),
    variants: JSON.stringify(variantRows),
  }
}

/**
 * PostgreSQL: the whole batch in one statement, each table's rows one
 * JSON parameter (json_to_recordset): the products, their options and
 * variants (joined to the new products by slug) and the variants' opening
 * ledger rows, then the new ids. One round trip, and JSON.stringify is
 * the only encoding the rows go through.
 */
export async function insertEncoded(
  trx: TransactionClientContract,
  batch: EncodedCatalogBatch
): Promise<Map<string, number>> {
  const result = await trx.rawQuery(
    `WITH new_products AS (
       INSERT INTO products
         (category_id, name, slug, description, price, max_price, stock, low_stock_threshold,
          is_active, created_at, updated_at)
       SELECT category_id, name, slug, description, price, max_price, stock, low_stock_threshold,
              is_active, created_at, updated_at
       FROM json_to_recordset(?::json) AS t(
         category_id int, name text, slug text, description text, price bigint,
         max_price bigint, stock int, low_stock_threshold int, is_active boolean,
         created_at timestamptz, updated_at timestamptz)
       RETURNING id, slug, created_at, updated_at
     ),
     new_options AS (
       INSERT INTO product_options (product_id, name, position, "values", created_at, updated_at)
       SELECT p.id, o.name, o.position, o."values", p.created_at, p.updated_at
       FROM json_to_recordset(?::json) AS o(slug text, name text, position int, "values" text)
       JOIN new_products p ON p.slug = o.slug
     ),
     new_variants AS (
       INSERT INTO product_variants
         (product_id, sku, title, option_values, price, compare_at_price, stock,
          low_stock_threshold, weight_grams, is_active, position, created_at, updated_at)
       SELECT p.id, v.sku, v.title, v.option_values, v.price, v.compare_at_price, v.stock,
              v.low_stock_threshold, v.weight_grams, v.is_active, v.position, p.created_at,
              p.updated_at
       FROM json_to_recordset(?::json) AS v(
         slug text, sku text, title text, option_values text, price bigint,
         compare_at_price bigint, stock int, low_stock_threshold int, weight_grams int,
         is_active boolean, position int)
       JOIN new_products p ON p.slug = v.slug
       RETURNING id, product_id, stock, created_at
     ),
     opening AS (
       INSERT INTO stock_movements
         (variant_id, product_id, quantity, reason, note, stock_after, created_at)
       SELECT id, product_id, stock, 'initial', 'Opening balance', stock, created_at
       FROM new_variants WHERE stock > 0
     )
     SELECT id, slug FROM new_products`,
    [batch.products, batch.options, batch.variants]
  )
  const ids = new Map<string, number>()
  for (const row of result.rows as Array<{ id: number; slug: string }>) {
    ids.set(row.slug, Number(row.id))
  }
  return ids
}

/**
 * SQLite: multi-row VALUES statements, then the ledger from the variants.
 */
async function insertWithValues(
  trx: TransactionClientContract,
  products: BulkProduct[]
): Promise<Map<string, number>> {
  await insertRows(
    trx,
    'products',
    products.map((product) => ({
      category_id: product.categoryId,
      name: product.name,
      slug: product.slug,
      description: product.description,
      ...summaryOf(product.variants),
      low_stock_threshold: product.lowStockThreshold,
      is_active: product.isActive,
      created_at: product.createdAt,
      updated_at: product.updatedAt,
    }))
  )
  const ids = new Map<string, number>()
  const slugs = products.map((product) => product.slug)
  for (let start = 0; start < slugs.length; start += 1000) {
    const rows: Array<{ id: number; slug: string }> = await trx
      .from('products')
      .whereIn('slug', slugs.slice(start, start + 1000))
      .select('id', 'slug')
    for (const row of rows) {
      ids.set(row.slug, Number(row.id))
    }
  }

  const options = products.flatMap((product) =>
    product.options.map((option, position) => ({
      product_id: ids.get(product.slug),
      name: option.name,
      position,
      values: JSON.stringify(option.values),
      created_at: product.createdAt,
      updated_at: product.updatedAt,
    }))
  )
  await insertRows(trx, 'product_options', options)

  const variants = products.flatMap((product) =>
    product.variants.map((variant, position) => ({
      product_id: ids.get(product.slug),
      sku: variant.sku,
      title: titleOf(variant),
      option_values: JSON.stringify(variant.optionValues),
      price: variant.price,
      compare_at_price: variant.compareAtPrice ?? null,
      stock: variant.stock,
      low_stock_threshold: variant.lowStockThreshold ?? product.lowStockThreshold,
      weight_grams: variant.weightGrams ?? null,
      is_active: variant.isActive ?? true,
      position,
      created_at: product.createdAt,
      updated_at: product.updatedAt,
    }))
  )
  await insertRows(trx, 'product_variants', variants)

  const productIds = [...ids.values()]
  for (let start = 0; start < productIds.length; start += 1000) {
    const chunk = productIds.slice(start, start + 1000)
    await trx.rawQuery(
      `INSERT INTO stock_movements (variant_id, product_id, quantity, reason, note, stock_after, created_at)
       SELECT id, product_id, stock, 'initial', 'Opening balance', stock, created_at
       FROM product_variants
       WHERE stock > 0 AND product_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk
    )
  }
  return ids
}

/**
 * The tables insertCatalog writes.
 */
export const CATALOG_TABLES = ['products', 'product_options', 'product_variants', 'stock_movements']

/**
 * An index or constraint dropped for a load, with the statement that
 * puts it back.
 */
export interface DroppedObject {
  name: string
  restore: string
}

/**
 * PostgreSQL: drops what makes a bulk insert slow on `tables` and returns
 * the statements that put it back (restoreAfterLoad), in order: the unique
 * constraints (their indexes, looked up at random for every row), the
 * other indexes and the foreign keys (checked one row at a time by a
 * trigger). Keeping all of them up to date row by row costs several times
 * the insert itself; building each index once afterwards costs a sort,
 * and checking a foreign key a join. Primary keys stay (ids come in
 * order), and so do the unique keys other tables' foreign keys rest on.
 * Run it in the load's transaction: a duplicate or a dangling reference
 * then fails the rebuild and rolls the whole load back, and an
 * interrupted load leaves everything as it was.
 */
export async function dropForLoad(
  trx: TransactionClientContract,
  tables: string[] = CATALOG_TABLES
): Promise<DroppedObject[]> {
  const constraints = await trx.rawQuery(
    `SELECT c.conrelid::regclass::text AS table_name, format('%I', c.conname) AS name,
            c.contype AS type, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
     WHERE c.conrelid = ANY (?::regclass[])
       AND c.contype IN ('u', 'f')
       AND NOT EXISTS (
         SELECT 1 FROM pg_constraint f
         WHERE f.contype = 'f' AND f.confrelid = c.conrelid AND f.conindid = c.conindid
       )
     ORDER BY c.contype DESC, c.conname`,
    [tables]
  )
  const rows = constraints.rows as Array<{
    table_name: string
    name: string
    type: 'u' | 'f'
    definition: string
  }>
  for (const row of rows) {
    await trx.rawQuery(`ALTER TABLE ${row.table_name} DROP CONSTRAINT ${row.name}`)
  }
  const indexes = await trx.rawQuery(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_get_indexdef(i.indexrelid) AS restore
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE i.indrelid = ANY (?::regclass[])
       AND NOT i.indisunique
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY c.relname`,
    [tables]
  )
  for (const index of indexes.rows as DroppedObject[]) {
    await trx.rawQuery(`DROP INDEX ${index.name}`)
  }
  const restore = (row: (typeof rows)[number]): DroppedObject => ({
    name: row.name,
    restore: `ALTER TABLE ${row.table_name} ADD CONSTRAINT ${row.name} ${row.definition}`,
  })
  return [
    ...rows.filter((row) => row.type === 'u').map(restore),
    ...(indexes.rows as DroppedObject[]),
    ...rows.filter((row) => row.type === 'f').map(restore),
  ]
}

/**
 * Puts back what dropForLoad dropped, with room to sort in memory.
 */
export async function restoreAfterLoad(trx: TransactionClientContract, dropped: DroppedObject[]) {
  if (dropped.length === 0) {
    return
  }
  await trx.rawQuery(`SET LOCAL maintenance_work_mem = '512MB'`)
  for (const object of dropped) {
    await trx.rawQuery(object.restore)
  }
}
