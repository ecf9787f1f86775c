import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { CartService } from '#services/cart_service'
import { addCartItemValidator, updateCartItemValidator } from '#validators/cart'
import { idParam } from '#controllers/path_params'
import { PricingService } from '#services/pricing_service'
import { quoteValidator } from '#validators/quote'
import { serializeQuote } from '#serializers/quote_serializer'

const NOT_IN_CART = 'This variant is not in the cart'

@inject()
export default class CartController {
  constructor(
    protected carts: CartService,
    protected pricing: PricingService
  ) {}

  /**
   * POST /api/v1/cart/quote: the cart (or the body's lines) priced, with
   * the methods that ship it and why a code was refused.
   */
  async quote({ auth, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const input = await request.validateUsing(quoteValidator)
    const priced = await this.pricing.quote(user, {
      items: input.items,
      country: input.country ?? input.shipping_address?.country ?? user.addressCountry ?? null,
      shippingMethodId: input.shipping_method_id ?? null,
      couponCode: input.coupon_code ?? null,
    })
    return response.ok({ data: serializeQuote(priced) })
  }

  /**
   * GET /api/v1/cart
   */
  async show({ auth, response }: HttpContext) {
    const user = auth.getUserOrFail()
    return response.ok({ data: await this.carts.show(user.id) })
  }

  /**
   * POST /api/v1/cart/items: 201 for a new line, 200 when it added to one.
   */
  async addItem({ auth, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const input = await request.validateUsing(addCartItemValidator)
    const { quantity, ...target } = input
    const { created } = await this.carts.addItem(user.id, target, quantity ?? 1)
    return response.status(created ? 201 : 200).send({ data: await this.carts.show(user.id) })
  }

  /**
   * PATCH /api/v1/cart/items/:variantId
   */
  async updateItem({ auth, params, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const variantId = idParam(params.variantId, NOT_IN_CART)
    const { quantity } = await request.validateUsing(updateCartItemValidator)
    await this.carts.setQuantity(user.id, variantId, quantity)
    return response.ok({ data: await this.carts.show(user.id) })
  }

  /**
   * DELETE /api/v1/cart/items/:variantId
   */
  async removeItem({ auth, params, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const variantId = idParam(params.variantId, NOT_IN_CART)
    await this.carts.removeItem(user.id, variantId)
    return response.noContent()
  }

  /**
   * DELETE /api/v1/cart
   */
  async clear({ auth, response }: HttpContext) {
    const user = auth.getUserOrFail()
    await this.carts.clear(user.id)
    return response.noContent()
  }
}
