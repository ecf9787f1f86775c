import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type Order from '#models/order'
import OrderPolicy from '#policies/order_policy'
import { CheckoutService } from '#services/checkout_service'
import { Bulkhead } from '#services/bulkhead'
import ordersConfig from '#config/orders'
import { OrderQueryService } from '#services/order_query_service'
import { OrderLifecycleService } from '#services/order_lifecycle_service'
import { InvoiceService } from '#services/invoice_service'
import {
  IdempotencyService,
  hashRequest,
  parseIdempotencyKey,
  type RecordedResponse,
} from '#services/idempotency_service'
import { serializeOrder } from '#serializers/order_serializer'
import { orderNumberParam } from '#controllers/path_params'
import { checkoutValidator, eventsAfterValidator, orderListValidator } from '#validators/order'

const JSON_TYPE = 'application/json; charset=utf-8'

const checkoutGate = new Bulkhead(
  'checkout',
  ordersConfig.checkout.concurrency,
  ordersConfig.checkout.queueTimeoutMs
)

/**
 * The checkout's answer, serialized once: what is sent now and what an
 * Idempotency-Key records and replays (the same bytes).
 */
function created(order: Order): RecordedResponse {
  return { status: 201, body: JSON.stringify({ data: serializeOrder(order) }), orderId: order.id }
}

@inject()
export default class OrdersController {
  constructor(
    protected checkout: CheckoutService,
    protected orders: OrderQueryService,
    protected lifecycle: OrderLifecycleService,
    protected invoices: InvoiceService,
    protected idempotency: IdempotencyService
  ) {}

  /**
   * POST /api/v1/orders (checkout; optional Idempotency-Key header). With
   * a key, the order and its recorded answer are written in one
   * transaction; a retry replays that answer.
   */
  async store({ auth, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const key = parseIdempotencyKey(request.headers())
    const input = await request.validateUsing(checkoutValidator)
    // One of at most `orders.checkout.concurrency` at a time (app/services/bulkhead.ts).
    const result = await checkoutGate.run(async () =>
      key
        ? await this.idempotency.run(user.id, key, hashRequest(input), async (trx) =>
            created(await this.checkout.placeOrder(user, input, trx))
          )
        : { ...created(await this.checkout.placeOrder(user, input)), replayed: false }
    )
    if (result.replayed) {
      response.header('Idempotent-Replayed', 'true')
    }
    response.status(result.status).header('content-type', JSON_TYPE).send(result.body)
  }

  /**
   * GET /api/v1/orders and GET /api/v1/me/orders: the user's own, newest
   * first.
   */
  async index({ auth, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const input = await orderListValidator.validate(request.qs())
    return response.ok(await this.orders.listForUser(user.id, input))
  }

  /**
   * GET /api/v1/orders/:number
   */
  async show({ auth, bouncer, params, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const order = await this.orders.findVisible(number, auth.getUserOrFail())
    await bouncer.with(OrderPolicy).authorize('view', order)
    return response.ok({ data: serializeOrder(order) })
  }

  /**
   * POST /api/v1/orders/:number/cancel (owner or staff, while pending)
   */
  async cancel({ auth, params, request, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const order = await this.lifecycle.transition(
      number,
      'cancelled',
      auth.getUserOrFail(),
      undefined,
      { ip: request.ip() }
    )
    return response.ok({ data: serializeOrder(order) })
  }

  /**
   * GET /api/v1/orders/:number/invoice (PDF)
   */
  async invoice({ auth, bouncer, params, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const order = await this.orders.findVisible(number, auth.getUserOrFail())
    await bouncer.with(OrderPolicy).authorize('view', order)
    const pdf = await this.invoices.render(order)
    response
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="invoice-${order.number}.pdf"`)
      .send(pdf)
  }

  /**
   * GET /api/v1/me/events?after=ID: status changes of all the user's
   * orders after the event `after`, oldest first (what the live channel
   * `users/:id/orders` said while the client was away).
   */
  async myEvents({ auth, request, response }: HttpContext) {
    const { after, limit } = await eventsAfterValidator.validate(request.qs())
    const user = auth.getUserOrFail()
    return response.ok({ data: await this.orders.eventsForUser(user.id, after ?? 0, limit ?? 100) })
  }

  /**
   * GET /api/v1/orders/:number/events?after=ID: what happened to the order
   * after the event `after`, oldest first.
   */
  async events({ auth, bouncer, params, request, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const { after, limit } = await eventsAfterValidator.validate(request.qs())
    const viewer = auth.getUserOrFail()
    const order = await this.orders.findVisible(number, viewer)
    await bouncer.with(OrderPolicy).authorize('view', order)
    return response.ok({
      data: await this.orders.eventsAfter(order, viewer, after ?? 0, limit ?? 100),
    })
  }
}
