import db from '@adonisjs/lucid/services/db'
import type Product from '#models/product'
import ProductVariant from '#models/product_variant'
import { StockService } from '#services/stock_service'
import { ProductSummary } from '#services/product_summary'

/**
 * The only variant of a product made in the simple form (factories).
 */
export function defaultVariant(product: Product | number) {
  const productId = typeof product === 'number' ? product : product.id
  return ProductVariant.query().where('product_id', productId).orderBy('id').firstOrFail()
}

/**
 * A product's only variant set to this stock level the way staff do it (a
 * counted `set`, with its ledger row).
 */
export async function setStock(product: Product | number, level: number) {
  const variant = await defaultVariant(product)
  await db.transaction((trx) =>
    StockService.adjust(variant.id, { set: level, expected: variant.stock }, trx, {
      reason: 'adjustment',
      note: 'test',
    })
  )
}

/**
 * A product's only variant priced at `minor` units, its product's summary
 * refreshed in the same transaction (what the staff services do).
 */
export async function setPrice(product: Product | number, minor: number) {
  const variant = await defaultVariant(product)
  await db.transaction(async (trx) => {
    await ProductSummary.lock(trx, variant.productId)
    variant.useTransaction(trx)
    variant.price = minor
    await variant.save()
    await ProductSummary.refresh(trx, variant.productId)
  })
}

export interface VariantSeed {
  sku: string
  values: string[]
  price: number
  stock: number
  isActive?: boolean
}

/**
 * A product with options and variants, made the way the staff service
 * makes them: no default variant, each variant's opening stock on the
 * ledger, the product's summary refreshed, all in one transaction.
 */
export async function createProductWithVariants(seed: {
  name: string
  options: Array<{ name: string; values: string[] }>
  variants: VariantSeed[]
  isActive?: boolean
}) {
  const { default: Product } = await import('#models/product')
  const { default: ProductOption } = await import('#models/product_option')
  return db.transaction(async (trx) => {
    const product = new Product()
    product.useTransaction(trx)
    product.withoutDefaultVariant = true
    product.merge({
      name: seed.name,
      price: Math.min(...seed.variants.map((variant) => variant.price)),
      stock: 0,
      lowStockThreshold: 5,
      isActive: seed.isActive ?? true,
    })
    await product.save()
    for (const [position, option] of seed.options.entries()) {
      await ProductOption.create(
        { productId: product.id, name: option.name, values: option.values, position },
        { client: trx }
      )
    }
    const variants: ProductVariant[] = []
    for (const [position, spec] of seed.variants.entries()) {
      const variant = await ProductVariant.create(
        {
          productId: product.id,
          sku: spec.sku,
          title: spec.values.join(' / '),
          optionValues: spec.values,
          price: spec.price,
          stock: spec.stock,
          lowStockThreshold: 2,
          isActive: spec.isActive ?? true,
          position,
        },
        { client: trx }
      )
      await StockService.opened(trx, variant)
      variants.push(variant)
    }
    await ProductSummary.refresh(trx, product.id)
    return { product, variants }
  })
}

/**
 * Every variant whose stock differs from the sum of its ledger rows (an
 * empty list when the ledger adds up).
 */
export async function ledgerMismatches() {
  const rows: Array<{ id: number; stock: number; total: number | string | null }> = await db
    .from('product_variants')
    .leftJoin('stock_movements', 'stock_movements.variant_id', 'product_variants.id')
    .groupBy('product_variants.id', 'product_variants.stock')
    .select('product_variants.id', 'product_variants.stock')
    .select(db.raw('coalesce(sum(stock_movements.quantity), 0) as total'))
  return rows
    .filter((row) => Number(row.stock) !== Number(row.total))
    .map((row) => ({ variantId: row.id, stock: Number(row.stock), ledger: Number(row.total) }))
}
