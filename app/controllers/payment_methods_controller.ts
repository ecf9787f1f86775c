import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { PaymentMethodAdminService } from '#services/payment_method_admin_service'
import { serializePublicPaymentMethod } from '#serializers/payment_method_serializer'

/**
 * GET /api/v1/payment-methods (issue 20): the active methods, by
 * position, as checkout's `payment_method` accepts them; public.
 */
@inject()
export default class PaymentMethodsController {
  constructor(protected methods: PaymentMethodAdminService) {}

  async index({ response }: HttpContext) {
    const methods = await this.methods.listPublic()
    return response.ok({
      data: methods.map(({ method, publishableKey }) =>
        serializePublicPaymentMethod(method, publishableKey)
      ),
    })
  }
}
