import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { OrderQueryService } from '#services/order_query_service'
import { OrderLifecycleService } from '#services/order_lifecycle_service'
import { serializeOrder } from '#serializers/order_serializer'
import { orderNumberParam } from '#controllers/path_params'
import { adminOrderListValidator, orderStatusValidator } from '#validators/order'

/**
 * Staff: every order, and the order lifecycle.
 */
@inject()
export default class AdminOrdersController {
  constructor(
    protected orders: OrderQueryService,
    protected lifecycle: OrderLifecycleService
  ) {}

  /**
   * GET /api/v1/admin/orders?status=&user_id=&from=&to=
   */
  async index({ request, response }: HttpContext) {
    const filters = await adminOrderListValidator.validate(request.qs())
    return response.ok(await this.orders.listForStaff(filters))
  }

  /**
   * PATCH /api/v1/admin/orders/:number/status { status }
   */
  async updateStatus({ auth, params, request, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const { status } = await request.validateUsing(orderStatusValidator)
    const order = await this.lifecycle.transition(number, status, auth.getUserOrFail(), undefined, {
      ip: request.ip(),
    })
    return response.ok({ data: serializeOrder(order) })
  }
}
