import vine from '@vinejs/vine'
import { countryCode } from '#validators/rules'
import { lineItems, pricingFields, shippingAddress } from '#validators/order'

/**
 * POST /api/v1/cart/quote: the cart (or the lines in `items`) priced for
 * an address, or only a country (without either: the profile's country),
 * a shipping method and a coupon code, the same fields checkout takes.
 */
export const quoteValidator = vine.compile(
  vine.object({
    items: lineItems().optional(),
    shipping_address: shippingAddress().optional(),
    country: countryCode().optional(),
    ...pricingFields,
  })
)

export type QuoteInput = Awaited<ReturnType<typeof quoteValidator.validate>>
