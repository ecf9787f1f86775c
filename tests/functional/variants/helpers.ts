import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { CatalogAdminService } from '#services/catalog_admin_service'
import type { VariantInput } from '#services/variant_admin_service'
import ProductVariant from '#models/product_variant'

/**
 * A T-shirt in sizes and colours, created as staff would (the service the
 * API calls), with the variants given.
 */
export async function shirt(
  variants: Array<Partial<VariantInput> & { sku: string; price: string }>,
  options: Array<{ name: string; values: string[] }> = [
    { name: 'Size', values: ['S', 'M', 'L'] },
    { name: 'Colour', values: ['red', 'blue'] },
  ],
  name = 'Tee'
) {
  const catalog = await app.container.make(CatalogAdminService)
  return catalog.createProduct({ name, options, variants: variants as VariantInput[] })
}

export async function variantBySku(sku: string) {
  return ProductVariant.findByOrFail('sku', sku)
}

/**
 * Every variant's stock next to the sum of its ledger.
 */
export async function ledgerMismatches() {
  const rows: Array<{ id: number; stock: number; total: number | null }> = await db
    .from('product_variants as v')
    .leftJoin('stock_movements as m', 'm.variant_id', 'v.id')
    .groupBy('v.id', 'v.stock')
    .select('v.id', 'v.stock')
    .sum('m.quantity as total')
  return rows.filter((row) => Number(row.stock) !== Number(row.total ?? 0))
}
