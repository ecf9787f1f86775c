import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { BackInStockService } from '#services/back_in_stock_service'
import { serializeStockSubscription } from '#serializers/stock_subscription_serializer'
import { catalogKey } from '#controllers/path_params'

const NOT_FOUND = 'Product not found'

@inject()
export default class StockSubscriptionsController {
  constructor(protected backInStock: BackInStockService) {}

  /**
   * POST /api/v1/products/{product}/stock-subscriptions: 201 for a new
   * request, 200 when one was already open.
   */
  async store({ auth, params, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const { created, subscription } = await this.backInStock.subscribe(
      user.id,
      catalogKey(params.product, NOT_FOUND)
    )
    return response
      .status(created ? 201 : 200)
      .send({ data: serializeStockSubscription(subscription) })
  }

  /**
   * DELETE /api/v1/products/{product}/stock-subscriptions
   */
  async destroy({ auth, params, response }: HttpContext) {
    const user = auth.getUserOrFail()
    await this.backInStock.unsubscribe(user.id, catalogKey(params.product, NOT_FOUND))
    return response.noContent()
  }
}
