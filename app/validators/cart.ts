import vine from '@vinejs/vine'
import ordersConfig from '#config/orders'

const quantity = () => vine.number().withoutDecimals().range([1, ordersConfig.maxQuantityPerLine])

const productId = () => vine.number().withoutDecimals().range([1, 2_147_483_647])

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
    quantity: vine.number().withoutDecimals().range([0, ordersConfig.maxQuantityPerLine]),
  })
)

export const productIdParamValidator = vine.compile(
  vine.object({
    productId: productId(),
  })
)
