import { ApiError } from '#exceptions/api_error'
import { ORDER_NUMBER_PATTERN } from '#domain/order_number'
import { SLUG_PATTERN } from '#domain/slug'

/**
 * Path parameters, read by the controllers (issue 15, item 3): a value
 * that cannot name anything is the same 404 as one that names nothing,
 * never a 422 about a path the client did not choose to "validate".
 */

const MAX_ID = 2_147_483_647

/**
 * The longest slug a product or category can have (the validators allow
 * 140).
 */
const MAX_SLUG = 140

/**
 * A database id: plain decimal digits within the id column's range.
 */
function parseId(raw: unknown): number | null {
  const text = String(raw ?? '')
  if (!/^\d{1,10}$/.test(text)) {
    return null
  }
  const id = Number(text)
  return id >= 1 && id <= MAX_ID ? id : null
}

/**
 * `/products/{product}` and `/categories/{category}`: the numeric id or
 * the slug. Digits are tried as an id first (and then as a slug, so a
 * slug made of digits stays reachable when no id matches).
 */
export type CatalogKey = { id: number | null; slug: string | null }

export function catalogKey(raw: unknown, notFound: string): CatalogKey {
  const text = String(raw ?? '')
  const id = parseId(text)
  const slug = text.length <= MAX_SLUG && SLUG_PATTERN.test(text) ? text : null
  if (id === null && slug === null) {
    throw ApiError.notFound(notFound)
  }
  return { id, slug }
}

/**
 * `/orders/{number}`: an order number (case-insensitive, `SO-260101-...`).
 */
export function orderNumberParam(raw: unknown): string {
  const number = String(raw ?? '')
    .trim()
    .toUpperCase()
  if (!ORDER_NUMBER_PATTERN.test(number)) {
    throw ApiError.notFound('Order not found')
  }
  return number
}

/**
 * A numeric id in a path (`/cart/items/{productId}`,
 * `/admin/webhooks/{id}`...).
 */
export function idParam(raw: unknown, notFound: string): number {
  const id = parseId(raw)
  if (id === null) {
    throw ApiError.notFound(notFound)
  }
  return id
}

/**
 * `/cart/items/{productId}`: a product id.
 */
export const productIdParam = idParam
