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
 * Products with their options and variants in a few multi-row statements
 * per batch (benchmark catalogs of 100,000 products): the rows the models
 * and StockService would write one by one, with the same invariants.
 * Every product has at least one variant, its summary columns are its
 * variants' (summaryOf), and every variant with stock gets its `initial`
 * ledger row, so its stock is the sum of its movements. No events: caches
 * and channels have nothing to hear about a catalog nobody has read yet.
 * Returns the products' ids by slug.
 */
export async function insertCatalog(
  trx: TransactionClientContract,
  products: BulkProduct[]
): Promise<Map<string, number>> {
  if (products.length === 0) {
    return new Map()
  }
  for (const product of products) {
    if (product.variants.length === 0) {
      throw new Error(`Product "${product.slug}" has no variant`)
    }
  }
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
      title:
        variant.optionValues.length > 0 ? variant.optionValues.join(' / ') : DEFAULT_VARIANT_TITLE,
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
