import vine from '@vinejs/vine'
import ordersConfig from '#config/orders'
import { integer, sku } from '#validators/rules'

const quantity = () => integer().range([1, ordersConfig.maxQuantityPerLine])
const productId = () => integer().range([1, 2_147_483_647])

/**
 * POST /api/v1/cart/items: the variant by `variant_id` or `sku`, or a
 * `product_id` of a product with one variant.
 */
export const addCartItemValidator = vine.compile(
  vine.object({
    variant_id: productId().optional(),
    sku: sku().optional(),
    product_id: productId().optional(),
    quantity: quantity().optional(),
  })
)

/**
 * PATCH /api/v1/cart/items/:variantId (0 removes the line)
 */
export const updateCartItemValidator = vine.compile(
  vine.object({
    quantity: integer().range([0, ordersConfig.maxQuantityPerLine]),
  })
)
