import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { manageWebhooks } from '#abilities/main'
import { WebhookService } from '#services/webhook_service'
import { staffActorOf } from '#services/staff_audit'
import { serializeWebhookDelivery, serializeWebhookEndpoint } from '#serializers/webhook_serializer'
import {
  createWebhookValidator,
  updateWebhookValidator,
  webhookDeliveryListValidator,
} from '#validators/webhooks'
import { idParam } from '#controllers/path_params'

const ENDPOINT_NOT_FOUND = 'Webhook endpoint not found'

/**
 * Outbound webhook endpoints: staff read them and their delivery log;
 * admins register, change, delete and resend.
 */
@inject()
export default class AdminWebhooksController {
  constructor(protected webhooks: WebhookService) {}

  /**
   * GET /api/v1/admin/webhooks
   */
  async index({ response }: HttpContext) {
    const endpoints = await this.webhooks.list()
    return response.ok({ data: endpoints.map((endpoint) => serializeWebhookEndpoint(endpoint)) })
  }

  /**
   * POST /api/v1/admin/webhooks (admins)
   */
  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize(manageWebhooks)
    const input = await ctx.request.validateUsing(createWebhookValidator)
    const endpoint = await this.webhooks.create(input, staffActorOf(ctx))
    return ctx.response.created({ data: serializeWebhookEndpoint(endpoint, true) })
  }

  /**
   * GET /api/v1/admin/webhooks/:id
   */
  async show({ params, response }: HttpContext) {
    const id = idParam(params.id, ENDPOINT_NOT_FOUND)
    return response.ok({ data: serializeWebhookEndpoint(await this.webhooks.find(id)) })
  }

  /**
   * PATCH /api/v1/admin/webhooks/:id (admins)
   */
  async update(ctx: HttpContext) {
    await ctx.bouncer.authorize(manageWebhooks)
    const id = idParam(ctx.params.id, ENDPOINT_NOT_FOUND)
    const input = await ctx.request.validateUsing(updateWebhookValidator)
    const endpoint = await this.webhooks.update(id, input, staffActorOf(ctx))
    return ctx.response.ok({
      data: serializeWebhookEndpoint(endpoint, Boolean(input.rotate_secret)),
    })
  }

  /**
   * DELETE /api/v1/admin/webhooks/:id (admins)
   */
  async destroy(ctx: HttpContext) {
    await ctx.bouncer.authorize(manageWebhooks)
    const id = idParam(ctx.params.id, ENDPOINT_NOT_FOUND)
    await this.webhooks.delete(id, staffActorOf(ctx))
    return ctx.response.noContent()
  }

  /**
   * GET /api/v1/admin/webhooks/:id/deliveries?page=&per_page=&cursor=
   */
  async deliveries({ params, request, response }: HttpContext) {
    const id = idParam(params.id, ENDPOINT_NOT_FOUND)
    const query = await webhookDeliveryListValidator.validate(request.qs())
    const page = await this.webhooks.deliveries(id, query)
    return response.ok({ data: page.rows.map(serializeWebhookDelivery), meta: page.meta })
  }

  /**
   * POST /api/v1/admin/webhooks/:id/deliveries/:deliveryId/resend (admins)
   */
  async resend(ctx: HttpContext) {
    await ctx.bouncer.authorize(manageWebhooks)
    const id = idParam(ctx.params.id, ENDPOINT_NOT_FOUND)
    const deliveryId = idParam(ctx.params.deliveryId, 'Webhook delivery not found')
    const delivery = await this.webhooks.resend(id, deliveryId, staffActorOf(ctx))
    return ctx.response.accepted({ data: serializeWebhookDelivery(delivery) })
  }
}
