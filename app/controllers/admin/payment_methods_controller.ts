import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { PaymentMethodAdminService } from '#services/payment_method_admin_service'
import { staffActorOf } from '#services/staff_audit'
import { serializePaymentMethod } from '#serializers/payment_method_serializer'
import {
  createPaymentMethodValidator,
  updatePaymentMethodValidator,
} from '#validators/payment_methods'
import { idParam } from '#controllers/path_params'

const NOT_FOUND = 'Payment method not found'

/**
 * The payment methods for staff (issue 20): /api/v1/admin/payment-methods.
 * The panel calls the same service with the same validators.
 */
@inject()
export default class AdminPaymentMethodsController {
  constructor(protected methods: PaymentMethodAdminService) {}

  async index({ response }: HttpContext) {
    const methods = await this.methods.list()
    return response.ok({ data: methods.map(serializePaymentMethod) })
  }

  async show({ params, response }: HttpContext) {
    const method = await this.methods.find(idParam(params.id, NOT_FOUND))
    return response.ok({ data: serializePaymentMethod(method) })
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createPaymentMethodValidator)
    const method = await this.methods.create(input, staffActorOf(ctx))
    return ctx.response.created({ data: serializePaymentMethod(method) })
  }

  async update(ctx: HttpContext) {
    const id = idParam(ctx.params.id, NOT_FOUND)
    const input = await ctx.request.validateUsing(updatePaymentMethodValidator)
    const method = await this.methods.update(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: serializePaymentMethod(method) })
  }

  async destroy(ctx: HttpContext) {
    const id = idParam(ctx.params.id, NOT_FOUND)
    await this.methods.delete(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }
}
