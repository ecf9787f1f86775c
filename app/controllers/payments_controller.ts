import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { PaymentService } from '#services/payment_service'
import { serializePaymentSession } from '#serializers/payment_serializer'
import { serializeOrder } from '#serializers/order_serializer'
import { orderNumberParam } from '#controllers/path_params'

/**
 * Paying an order (issue 20): the customer starts or resumes a payment
 * and reports a confirmation; Stripe reports what happened by webhook.
 */
@inject()
export default class PaymentsController {
  constructor(protected payments: PaymentService) {}

  /**
   * POST /api/v1/orders/:number/payment
   */
  async start({ auth, params, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const session = await this.payments.startPayment(auth.getUserOrFail(), number)
    return response.ok({ data: serializePaymentSession(session) })
  }

  /**
   * POST /api/v1/orders/:number/payment/confirm
   */
  async confirm({ auth, params, response }: HttpContext) {
    const number = orderNumberParam(params.number)
    const order = await this.payments.confirmPayment(auth.getUserOrFail(), number)
    return response.ok({ data: serializeOrder(order) })
  }

  /**
   * POST /api/v1/payments/stripe/webhook: the raw body, verified with the
   * Stripe-Signature header.
   */
  async stripeWebhook({ request, response }: HttpContext) {
    const raw = request.raw() ?? ''
    const signature = request.header('stripe-signature')
    const { outcome } = await this.payments.handleWebhook('stripe', raw, signature)
    return response.ok({ received: true, outcome })
  }
}
