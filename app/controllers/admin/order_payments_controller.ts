import { createHash } from 'node:crypto'
import { randomUUID } from 'node:crypto'
import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { PaymentService } from '#services/payment_service'
import PaymentProviderEvent from '#models/payment_provider_event'
import Order from '#models/order'
import { ApiError } from '#exceptions/api_error'
import { serializeOrder, serializeRefund } from '#serializers/order_serializer'
import { serializeProviderEvent } from '#serializers/payment_serializer'
import { idParam, orderNumberParam } from '#controllers/path_params'
import { parseIdempotencyKey } from '#services/idempotency_service'
import { toMinorUnits } from '#domain/money'
import { seekPage } from '#services/seek_page'
import {
  completeRefundValidator,
  paymentEventsQueryValidator,
  recordPaymentValidator,
  refundValidator,
} from '#validators/payments'

function positive(amount: string, field = 'amount'): number {
  const minor = toMinorUnits(amount)
  if (minor <= 0) {
    throw ApiError.unprocessable(`The ${field} must be greater than 0`, field)
  }
  return minor
}

/**
 * Staff: an order's money (issue 20): payments recorded by hand, refunds,
 * capture, and the provider events that need a look.
 */
@inject()
export default class OrderPaymentsController {
  constructor(protected payments: PaymentService) {}

  /**
   * POST /api/v1/admin/orders/:number/payments { amount, reference }
   */
  async record({ auth, params, request, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const input = await request.validateUsing(recordPaymentValidator)
    const order = await this.payments.recordManualPayment(
      auth.getUserOrFail(),
      number,
      { amount: positive(input.amount), reference: input.reference },
      { ip: request.ip() }
    )
    return response.ok({ data: serializeOrder(order) })
  }

  /**
   * POST /api/v1/admin/orders/:number/refunds { amount?, reason?, reference? }
   * With an Idempotency-Key, asking again returns the same refund (200).
   */
  async refund({ auth, params, request, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const key = parseIdempotencyKey(request.headers())
    const input = await request.validateUsing(refundValidator)
    const { refund, created } = await this.payments.requestRefund(
      auth.getUserOrFail(),
      number,
      {
        amount: input.amount === undefined ? undefined : positive(input.amount),
        reason: input.reason ?? null,
        reference: input.reference ?? null,
        requestKey: key
          ? `api:${createHash('sha256').update(key).digest('hex')}`
          : `api:${randomUUID()}`,
      },
      { ip: request.ip() }
    )
    if (!created) {
      response.header('Idempotent-Replayed', 'true')
    }
    return response.status(created ? 201 : 200).send({ data: serializeRefund(refund) })
  }

  /**
   * POST /api/v1/admin/orders/:number/refunds/:id/complete { reference }
   */
  async completeRefund({ auth, params, request, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const id = idParam(params.id, 'Refund not found')
    const input = await request.validateUsing(completeRefundValidator)
    const refund = await this.payments.completeManualRefund(
      auth.getUserOrFail(),
      number,
      id,
      input,
      { ip: request.ip() }
    )
    return response.ok({ data: serializeRefund(refund) })
  }

  /**
   * POST /api/v1/admin/orders/:number/capture
   */
  async capture({ auth, params, request, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const order = await this.payments.capture(auth.getUserOrFail(), number, { ip: request.ip() })
    return response.accepted({ data: serializeOrder(order) })
  }

  /**
   * GET /api/v1/admin/payment-events?needs_attention=true
   */
  async events({ request, response }: HttpContext) {
    const input = await paymentEventsQueryValidator.validate(request.qs())
    const query = PaymentProviderEvent.query()
    if (input.needs_attention) {
      query.where('needs_attention', input.needs_attention === 'true')
    }
    const { rows, meta } = await seekPage(
      query,
      input,
      {
        column: 'payment_provider_events.id',
        id: 'payment_provider_events.id',
        scope: ['payment-events', input.needs_attention ?? null],
      },
      20
    )
    const orderIds = [...new Set(rows.map((event) => event.orderId))].filter(
      (id): id is number => id !== null
    )
    const numbers = new Map(
      (orderIds.length
        ? await Order.query().whereIn('id', orderIds).select('id', 'number')
        : []
      ).map((order) => [order.id, order.number])
    )
    return response.ok({
      data: rows.map((event) =>
        serializeProviderEvent(event, event.orderId ? (numbers.get(event.orderId) ?? null) : null)
      ),
      meta,
    })
  }

  /**
   * POST /api/v1/admin/payment-events/:id/resolve
   */
  async resolve({ auth, params, request, response }: HttpContext) {
    const id = idParam(params.id, 'Payment event not found')
    const event = await this.payments.resolveProviderEvent(auth.getUserOrFail(), id, {
      ip: request.ip(),
    })
    const order = event.orderId ? await Order.find(event.orderId) : null
    return response.ok({ data: serializeProviderEvent(event, order?.number ?? null) })
  }
}
