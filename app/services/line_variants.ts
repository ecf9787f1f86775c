import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { ApiError, type ApiErrorItem } from '#exceptions/api_error'
import type { Line } from '#domain/cart_lines'

type Client = QueryClientContract | TransactionClientContract

/**
 * A variant as cart and checkout check it: its own price, stock and
 * activity, its product's name and activity.
 */
export interface VariantForSale {
  id: number
  product_id: number
  sku: string
  title: string
  name: string
  price: number
  stock: number
  is_active: boolean | number
  product_active: boolean | number
  /**
   * What pricing needs (issue 19): the product's category and tax class,
   * the variant's weight.
   */
  category_id: number | null
  tax_class: string
  weight_grams: number | null
}

/**
 * The query of these variants with their products (rows for variantsFrom).
 */
export function variantsForSaleQuery(client: Client, ids: number[]) {
  return client
    .from('product_variants')
    .join('products', 'products.id', 'product_variants.product_id')
    .whereIn('product_variants.id', ids)
    .select(
      'product_variants.id',
      'product_variants.product_id',
      'product_variants.sku',
      'product_variants.title',
      'products.name',
      'product_variants.price',
      'product_variants.stock',
      'product_variants.is_active',
      'products.is_active as product_active',
      'products.category_id',
      'products.tax_class',
      'product_variants.weight_grams'
    )
}

/**
 * The rows of variantsForSaleQuery, numbers as numbers (the driver's
 * bigints come as text; readTogether's JSON as numbers).
 */
export function variantsFrom(rows: Record<string, unknown>[]): VariantForSale[] {
  return rows.map((row) => ({
    ...(row as unknown as VariantForSale),
    id: Number(row.id),
    product_id: Number(row.product_id),
    price: Number(row.price),
    stock: Number(row.stock),
    category_id: row.category_id === null ? null : Number(row.category_id),
    weight_grams: row.weight_grams === null ? null : Number(row.weight_grams),
  }))
}

/**
 * These variants, read with their products (one statement).
 */
export async function variantsForSale(client: Client, ids: number[]): Promise<VariantForSale[]> {
  return variantsFrom(await variantsForSaleQuery(client, ids))
}

/**
 * A line as a client names it: a variant by id or SKU, or a product that
 * has exactly one variant (the simple form, and every product from before
 * variants).
 */
export interface LineRequest {
  variant_id?: number
  sku?: string
  product_id?: number
  quantity: number
}

/**
 * Turns lines named by variant id, SKU or product into variant lines, or
 * answers 422 naming every line that cannot be: an unknown SKU or
 * product, a line naming none or several ways, a product with several
 * variants (the answer lists them, to pick one).
 */
export const LineVariants = {
  async resolve(
    client: Client,
    requests: readonly LineRequest[],
    options: { field?: (index: number) => string } = {}
  ): Promise<Line[]> {
    const fieldOf = options.field ?? ((index: number) => `items.${index}.`)
    const problems: ApiErrorItem[] = []
    const skus = [
      ...new Set(requests.flatMap((line) => (line.sku !== undefined ? [line.sku] : []))),
    ]
    const productIds = [
      ...new Set(
        requests.flatMap((line) => (line.product_id !== undefined ? [line.product_id] : []))
      ),
    ]
    const bySku = new Map<string, number>()
    if (skus.length) {
      const rows = await client.from('product_variants').whereIn('sku', skus).select('id', 'sku')
      for (const row of rows) bySku.set(row.sku, Number(row.id))
    }
    const ofProduct = new Map<
      number,
      Array<{ id: number; sku: string; title: string; active: boolean }>
    >()
    if (productIds.length) {
      const rows = await client
        .from('product_variants')
        .join('products', 'products.id', 'product_variants.product_id')
        .whereIn('product_variants.product_id', productIds)
        .where('products.is_active', true)
        .orderBy('product_variants.position')
        .orderBy('product_variants.id')
        .select(
          'product_variants.id',
          'product_variants.product_id',
          'product_variants.sku',
          'product_variants.title',
          'product_variants.is_active'
        )
      for (const row of rows) {
        const list = ofProduct.get(Number(row.product_id)) ?? []
        list.push({
          id: Number(row.id),
          sku: row.sku,
          title: row.title,
          active: Boolean(row.is_active),
        })
        ofProduct.set(Number(row.product_id), list)
      }
    }

    const lines: Line[] = []
    for (const [index, request] of requests.entries()) {
      const field = fieldOf(index)
      const given = [request.variant_id, request.sku, request.product_id].filter(
        (value) => value !== undefined
      )
      if (given.length !== 1) {
        problems.push({
          code: 'E_LINE_TARGET',
          message: 'Name what to buy with exactly one of variant_id, sku or product_id',
          field: `${field}variant_id`,
        })
        continue
      }
      if (request.variant_id !== undefined) {
        lines.push({ variantId: request.variant_id, quantity: request.quantity })
      } else if (request.sku !== undefined) {
        const variantId = bySku.get(request.sku)
        if (variantId === undefined) {
          problems.push({
            code: 'E_PRODUCT_UNAVAILABLE',
            message: `No variant has the SKU "${request.sku}"`,
            field: `${field}sku`,
          })
        } else {
          lines.push({ variantId, quantity: request.quantity })
        }
      } else {
        const productId = request.product_id!
        const all = ofProduct.get(productId) ?? []
        const active = all.filter((variant) => variant.active)
        const variants = active.length ? active : all
        if (!variants.length) {
          problems.push({
            code: 'E_PRODUCT_UNAVAILABLE',
            message: `Product ${productId} does not exist or is not for sale`,
            field: `${field}product_id`,
            product_id: productId,
          })
        } else if (variants.length > 1) {
          problems.push({
            code: 'E_VARIANT_REQUIRED',
            message: `Product ${productId} comes in ${variants.length} variants: send variant_id or sku, one of ${variants.map((variant) => `${variant.id} (${variant.sku}, ${variant.title})`).join(', ')}`,
            field: `${field}variant_id`,
            product_id: productId,
            variants: variants.map((variant) => ({
              id: variant.id,
              sku: variant.sku,
              title: variant.title,
            })),
          })
        } else {
          lines.push({ variantId: variants[0].id, quantity: request.quantity })
        }
      }
    }
    if (problems.length) {
      throw new ApiError(422, 'E_VALIDATION_ERROR', problems[0].message, problems)
    }
    return lines
  },
}
