import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { BackInStockService } from '#services/back_in_stock_service'
import { serializeStockSubscription } from '#serializers/stock_subscription_serializer'
import { catalogKey } from '#controllers/path_params'
import {
  stockSubscriptionQueryValidator,
  stockSubscriptionValidator,
} from '#validators/stock_subscriptions'

const NOT_FOUND = 'Product not found'

@inject()
export default class StockSubscriptionsController {
  constructor(protected backInStock: BackInStockService) {}

  /**
   * POST /api/v1/products/{product}/stock-subscriptions, optionally with
   * `{ "variant_id" }` or `{ "sku" }`: 201 for a new request, 200 when
   * the same one was already open.
   */
  async store({ auth, params, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const input = await stockSubscriptionValidator.validate(request.body())
    const { created, subscription } = await this.backInStock.subscribe(
      user.id,
      catalogKey(params.product, NOT_FOUND),
      { variantId: input.variant_id, sku: input.sku }
    )
    return response
      .status(created ? 201 : 200)
      .send({ data: serializeStockSubscription(subscription) })
  }

  /**
   * DELETE /api/v1/products/{product}/stock-subscriptions, optionally
   * `?variant_id=` or `?sku=`.
   */
  async destroy({ auth, params, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const input = await stockSubscriptionQueryValidator.validate(request.qs())
    await this.backInStock.unsubscribe(user.id, catalogKey(params.product, NOT_FOUND), {
      variantId: input.variant_id,
      sku: input.sku,
    })
    return response.noContent()
  }
}
