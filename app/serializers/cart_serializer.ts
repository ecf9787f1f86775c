import { toDecimalString } from '#domain/money'
import { arrayOf, boolean, integer, money, object, string } from '#serializers/json_schema'

/**
 * A cart line as read with its variant's current price and stock and its
 * product's name.
 */
export interface CartRow {
  variant_id: number
  product_id: number
  quantity: number
  name: string
  slug: string
  sku: string
  title: string
  price: number
  stock: number
  is_active: boolean | number
  variant_active: boolean | number
}

/**
 * The cart as the API shows it: current prices, lines whose product is now
 * short (or no longer sold) flagged, not dropped; the total and the unit
 * count are those of the available lines.
 */
export function serializeCart(rows: CartRow[], currency: string) {
  let total = 0
  let units = 0
  const items = rows.map((row) => {
    const available = Boolean(row.is_active) && Boolean(row.variant_active)
    const lineTotal = Number(row.price) * row.quantity
    if (available) {
      total += lineTotal
      units += row.quantity
    }
    return {
      variant_id: Number(row.variant_id),
      product_id: Number(row.product_id),
      sku: row.sku,
      slug: row.slug,
      name: row.name,
      variant_title: row.title,
      unit_price: toDecimalString(Number(row.price)),
      quantity: row.quantity,
      line_total: toDecimalString(lineTotal),
      stock: Number(row.stock),
      available,
      stock_short: available && Number(row.stock) < row.quantity,
    }
  })
  return {
    items,
    item_count: units,
    currency,
    total: toDecimalString(total),
    has_issues: items.some((item) => !item.available || item.stock_short),
  }
}

/**
 * The OpenAPI schema of `serializeCart` (`CartService.show`).
 */
export const cartSchemas = {
  Cart: object({
    items: arrayOf(
      object({
        variant_id: {
          ...integer,
          description:
            'The line is this variant; PATCH and DELETE /cart/items/{variant_id} change it.',
        },
        product_id: integer,
        sku: string,
        slug: string,
        name: string,
        variant_title: {
          ...string,
          description: '"M / red"; "Default" for a product without options.',
        },
        unit_price: money,
        quantity: { type: 'integer', minimum: 1 },
        line_total: money,
        stock: integer,
        available: {
          ...boolean,
          description: 'False when the product or the variant is no longer for sale.',
        },
        stock_short: { ...boolean, description: 'True when fewer units are left than asked.' },
      })
    ),
    item_count: { ...integer, description: 'Units of the available lines.' },
    currency: string,
    total: { ...money, description: 'Sum of the available lines.' },
    has_issues: {
      ...boolean,
      description: 'True when a line cannot be ordered as it is (unavailable or short).',
    },
  }),
}
