import vine from '@vinejs/vine'
import { WEBHOOK_EVENT_TYPES } from '#domain/webhook_events'
import { jsonBoolean, paginationFields, queryInteger, text } from '#validators/rules'

/**
 * The events an endpoint wants: at least one, each from the list
 * (#domain/webhook_events).
 */
const events = () => vine.array(vine.enum(WEBHOOK_EVENT_TYPES)).minLength(1).maxLength(50)

/**
 * The receiver's URL: https (plain http only with WEBHOOKS_ALLOW_PRIVATE);
 * where it resolves is checked by the service (422 for private,
 * loopback, link-local and reserved addresses).
 */
const url = () => text().trim().minLength(8).maxLength(2000)

/**
 * POST /api/v1/admin/webhooks
 */
export const createWebhookValidator = vine.compile(
  vine.object({
    url: url(),
    events: events(),
    description: text().trim().maxLength(500).optional(),
    is_active: jsonBoolean().optional(),
  })
)

/**
 * PATCH /api/v1/admin/webhooks/:id: what is sent changes; `rotate_secret`
 * makes a new signing secret (answered once, in this response).
 */
export const updateWebhookValidator = vine.compile(
  vine.object({
    url: url().optional(),
    events: events().optional(),
    description: text().trim().maxLength(500).optional(),
    is_active: jsonBoolean().optional(),
    rotate_secret: jsonBoolean().optional(),
  })
)

export const webhookIdParamValidator = vine.compile(
  vine.object({ id: queryInteger().range([1, 2_147_483_647]) })
)

export const webhookDeliveryParamValidator = vine.compile(
  vine.object({
    id: queryInteger().range([1, 2_147_483_647]),
    deliveryId: queryInteger().range([1, Number.MAX_SAFE_INTEGER]),
  })
)

/**
 * GET /api/v1/admin/webhooks/:id/deliveries
 */
export const webhookDeliveryListValidator = vine.compile(vine.object({ ...paginationFields }))
