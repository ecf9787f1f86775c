import vine from '@vinejs/vine'
import ordersConfig from '#config/orders'
import { integer, queryInteger } from '#validators/rules'

const quantity = () => integer().range([1, ordersConfig.maxQuantityPerLine])
const productId = () => integer().range([1, 2_147_483_647])

/**
 * POST /api/v1/cart/items
 */
export const addCartItemValidator = vine.compile(
  vine.object({
    product_id: productId(),
    quantity: quantity().optional(),
  })
)

/**
 * PATCH /api/v1/cart/items/:productId (0 removes the line)
 */
export const updateCartItemValidator = vine.compile(
  vine.object({
    quantity: integer().range([0, ordersConfig.maxQuantityPerLine]),
  })
)

/**
 * The `:productId` route parameter: plain digits.
 */
export const productIdParamValidator = vine.compile(
  vine.object({
    productId: queryInteger().range([1, 2_147_483_647]),
  })
)
