import app from '@adonisjs/core/services/app'
import { errors as vineErrors } from '@vinejs/vine'
import {
  flat,
  NotFoundError,
  ValidationError,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type RecordActionResponse,
} from 'adminjs'
import { ApiError } from '#exceptions/api_error'
import { panelActor } from '#admin/audit'
import WebhookEndpoint from '#models/webhook_endpoint'
import { WebhookService } from '#services/webhook_service'
import { createWebhookValidator, updateWebhookValidator } from '#validators/webhooks'

const webhooks = () => app.container.make(WebhookService)
const withWebhooks = <T>(use: (service: WebhookService) => Promise<T>) => webhooks().then(use)

export const adminsOnly = (context: ActionContext) => context.currentAdmin?.role === 'admin'

/**
 * The endpoint fields a panel form sends (`events.0`, `events.1`... are
 * unflattened into the list).
 */
function formInput(request: ActionRequest) {
  const payload = flat.unflatten((request.payload ?? {}) as Record<string, unknown>) as Record<
    string,
    unknown
  >
  const input: Record<string, unknown> = {}
  if (payload.url !== undefined) input.url = payload.url
  if (payload.description !== undefined) input.description = payload.description ?? ''
  if (payload.events !== undefined) {
    input.events = Array.isArray(payload.events) ? payload.events : [payload.events]
  } else if (request.payload && Object.keys(request.payload).some((key) => key === 'events')) {
    input.events = []
  }
  if (payload.isActive !== undefined) {
    input.is_active = payload.isActive === true || payload.isActive === 'true'
  }
  return input
}

/**
 * A refused form: the field errors (the API's validators and the URL
 * check's 422) shown on the form with the values typed.
 */
function refused(
  error: unknown,
  params: Record<string, unknown>,
  base: RecordActionResponse['record'] | null
) {
  const propertyErrors: Record<string, { type: string; message: string }> = {}
  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    for (const item of error.messages as Array<{ field: string; message: string }>) {
      const field = item.field.split('.')[0] === 'is_active' ? 'isActive' : item.field.split('.')[0]
      propertyErrors[field] ??= { type: 'invalid', message: item.message }
    }
  } else if (error instanceof ApiError && error.status === 422) {
    const item = error.items[0]
    propertyErrors[String(item.field ?? 'url')] = { type: 'invalid', message: item.message }
  } else {
    throw error
  }
  const refusal = new ValidationError(propertyErrors, {
    message: Object.values(propertyErrors)[0]?.message ?? 'Invalid input',
    type: 'invalid',
  })
  return {
    record: {
      ...(base ?? { id: '', title: '', recordActions: [], bulkActions: [], populated: {} }),
      params: { ...(base?.params ?? {}), ...params },
      baseError: refusal.baseError ?? null,
      errors: refusal.propertyErrors,
    },
    notice: { message: refusal.baseError?.message ?? 'thereWereValidationErrors', type: 'error' },
  } as RecordActionResponse
}

function showUrl(context: ActionContext, id: number) {
  return context.h.recordActionUrl({
    resourceId: context.resource.id(),
    recordId: String(id),
    actionName: 'show',
  })
}

/**
 * New endpoint: saved by WebhookService.create (the API's validator, the
 * URL check, a generated secret, audited); the secret is shown once, in
 * the notice.
 */
export const newWebhookAction: Partial<Action<ActionResponse>> = {
  isAccessible: adminsOnly,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    if (request.method !== 'post') {
      return {}
    }
    const input = formInput(request)
    try {
      const valid = await createWebhookValidator.validate(input)
      const endpoint = await withWebhooks((service) => service.create(valid, panelActor(context)))
      const record = await context.resource.findOne(String(endpoint.id), context)
      return {
        record: record!.toJSON(context.currentAdmin),
        redirectUrl: showUrl(context, endpoint.id),
        notice: {
          message: `Endpoint created. Its signing secret (shown once here; "Signing secret" shows it again): ${endpoint.secret}`,
          type: 'success',
        },
      }
    } catch (error) {
      return refused(error, request.payload ?? {}, null)
    }
  },
}

/**
 * Edit: WebhookService.update (a new URL is checked again).
 */
export const editWebhookAction: Partial<Action<ActionResponse>> = {
  isAccessible: adminsOnly,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record
    if (!record) {
      throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
    }
    if (request.method !== 'post') {
      return { record: record.toJSON(context.currentAdmin) }
    }
    try {
      const valid = await updateWebhookValidator.validate(formInput(request))
      await withWebhooks((service) =>
        service.update(Number(record.id()), valid, panelActor(context))
      )
    } catch (error) {
      return refused(error, request.payload ?? {}, record.toJSON(context.currentAdmin))
    }
    const fresh = await context.resource.findOne(String(record.id()), context)
    return {
      record: fresh!.toJSON(context.currentAdmin),
      redirectUrl: showUrl(context, Number(record.id())),
      notice: { message: 'successfullyUpdated', type: 'success' },
    }
  },
}

/**
 * Delete: WebhookService.delete (audited; its deliveries go with it).
 */
export const deleteWebhookAction: Partial<Action<ActionResponse>> = {
  isAccessible: adminsOnly,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record
    if (!record) {
      throw new NotFoundError(`Record "${request.params.recordId}" not found`, 'Action#handler')
    }
    if (request.method !== 'post') {
      return { record: record.toJSON(context.currentAdmin) }
    }
    await withWebhooks((service) => service.delete(Number(record.id()), panelActor(context)))
    return {
      record: record.toJSON(context.currentAdmin),
      redirectUrl: context.h.resourceUrl({ resourceId: context.resource.id() }),
      notice: { message: 'successfullyDeleted', type: 'success' },
    }
  },
}

/**
 * "Signing secret" (admins): shows the endpoint's secret in a notice.
 */
export const revealSecretAction: Partial<Action<ActionResponse>> = {
  actionType: 'record',
  icon: 'Key',
  component: false,
  isAccessible: adminsOnly,
  handler: async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record!
    const endpoint = await WebhookEndpoint.findOrFail(Number(record.id()))
    return {
      record: record.toJSON(context.currentAdmin),
      notice: { message: `Signing secret: ${endpoint.secret}`, type: 'info' },
    }
  },
} as Partial<Action<ActionResponse>>

/**
 * "Resend" (admins), on a delivery that is not pending: the same event
 * again through the queue (WebhookService.resend), confirmed first.
 */
export const resendDeliveryAction: Partial<Action<ActionResponse>> = {
  actionType: 'record',
  icon: 'Send',
  component: false,
  guard: 'Send this event to the endpoint again?',
  isVisible: ({ record }) => record?.params.status !== 'pending',
  isAccessible: (context) => adminsOnly(context) && context.record?.params.status !== 'pending',
  handler: async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record!
    try {
      await withWebhooks((service) =>
        service.resend(Number(record.params.endpointId), Number(record.id()), panelActor(context))
      )
    } catch (error) {
      return {
        record: record.toJSON(context.currentAdmin),
        notice: {
          message: error instanceof ApiError ? error.message : 'The resend failed',
          type: 'error',
        },
      }
    }
    const fresh = await context.resource.findOne(String(record.id()), context)
    return {
      record: (fresh ?? record).toJSON(context.currentAdmin),
      notice: { message: 'Queued: the delivery will be attempted again', type: 'success' },
      redirectUrl: showUrl(context, Number(record.id())),
    }
  },
} as Partial<Action<ActionResponse>>
