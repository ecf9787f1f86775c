import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { PricingAdminService } from '#services/pricing_admin_service'
import { staffActorOf } from '#services/staff_audit'
import {
  serializePromotion,
  serializeShippingMethod,
  serializeShippingZone,
  serializeTaxRate,
} from '#serializers/pricing_serializer'
import {
  createPromotionValidator,
  createShippingMethodValidator,
  createShippingZoneValidator,
  createTaxRateValidator,
  updatePromotionValidator,
  updateShippingMethodValidator,
  updateShippingZoneValidator,
  updateTaxRateValidator,
} from '#validators/pricing'
import { idParam } from '#controllers/path_params'

/**
 * The pricing rules for staff (issue 19): /api/v1/admin/shipping-zones,
 * /shipping-methods, /tax-rates and /promotions. The panel calls the
 * same service with the same validators.
 */
@inject()
export default class AdminPricingController {
  constructor(protected pricing: PricingAdminService) {}

  // --- Shipping zones

  async zones({ response }: HttpContext) {
    const zones = await this.pricing.listZones()
    return response.ok({
      data: zones.map(({ zone, methods }) => serializeShippingZone(zone, methods)),
    })
  }

  async showZone({ params, response }: HttpContext) {
    const { zone, methods } = await this.pricing.findZone(
      idParam(params.id, 'Shipping zone not found')
    )
    return response.ok({ data: serializeShippingZone(zone, methods) })
  }

  async storeZone(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createShippingZoneValidator)
    const { zone, methods } = await this.pricing.createZone(input, staffActorOf(ctx))
    return ctx.response.created({ data: serializeShippingZone(zone, methods) })
  }

  async updateZone(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Shipping zone not found')
    const input = await ctx.request.validateUsing(updateShippingZoneValidator)
    const { zone, methods } = await this.pricing.updateZone(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: serializeShippingZone(zone, methods) })
  }

  async destroyZone(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Shipping zone not found')
    await this.pricing.deleteZone(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }

  // --- Shipping methods

  async methods({ response }: HttpContext) {
    const methods = await this.pricing.listMethods()
    return response.ok({ data: methods.map(serializeShippingMethod) })
  }

  async showMethod({ params, response }: HttpContext) {
    const method = await this.pricing.findMethod(idParam(params.id, 'Shipping method not found'))
    return response.ok({ data: serializeShippingMethod(method) })
  }

  async storeMethod(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createShippingMethodValidator)
    const method = await this.pricing.createMethod(input, staffActorOf(ctx))
    return ctx.response.created({ data: serializeShippingMethod(method) })
  }

  async updateMethod(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Shipping method not found')
    const input = await ctx.request.validateUsing(updateShippingMethodValidator)
    const method = await this.pricing.updateMethod(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: serializeShippingMethod(method) })
  }

  async destroyMethod(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Shipping method not found')
    await this.pricing.deleteMethod(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }

  // --- Tax rates

  async taxRates({ response }: HttpContext) {
    const rates = await this.pricing.listTaxRates()
    return response.ok({ data: rates.map(serializeTaxRate) })
  }

  async showTaxRate({ params, response }: HttpContext) {
    const rate = await this.pricing.findTaxRate(idParam(params.id, 'Tax rate not found'))
    return response.ok({ data: serializeTaxRate(rate) })
  }

  async storeTaxRate(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createTaxRateValidator)
    const rate = await this.pricing.createTaxRate(input, staffActorOf(ctx))
    return ctx.response.created({ data: serializeTaxRate(rate) })
  }

  async updateTaxRate(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Tax rate not found')
    const input = await ctx.request.validateUsing(updateTaxRateValidator)
    const rate = await this.pricing.updateTaxRate(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: serializeTaxRate(rate) })
  }

  async destroyTaxRate(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Tax rate not found')
    await this.pricing.deleteTaxRate(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }

  // --- Promotions

  async promotions({ response }: HttpContext) {
    const promotions = await this.pricing.listPromotions()
    return response.ok({
      data: promotions.map(({ promotion, usage }) => serializePromotion(promotion, usage)),
    })
  }

  async showPromotion({ params, response }: HttpContext) {
    const id = idParam(params.id, 'Promotion not found')
    const { promotion, usage } = await this.pricing.findPromotion(id)
    return response.ok({ data: serializePromotion(promotion, usage) })
  }

  async storePromotion(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createPromotionValidator)
    const { promotion, usage } = await this.pricing.createPromotion(input, staffActorOf(ctx))
    return ctx.response.created({ data: serializePromotion(promotion, usage) })
  }

  async updatePromotion(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Promotion not found')
    const input = await ctx.request.validateUsing(updatePromotionValidator)
    const { promotion, usage } = await this.pricing.updatePromotion(id, input, staffActorOf(ctx))
    return ctx.response.ok({ data: serializePromotion(promotion, usage) })
  }

  async destroyPromotion(ctx: HttpContext) {
    const id = idParam(ctx.params.id, 'Promotion not found')
    await this.pricing.deletePromotion(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }
}
