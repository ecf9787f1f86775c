import app from '@adonisjs/core/services/app'
import { errors as vineErrors } from '@vinejs/vine'
import {
  NotFoundError,
  ValidationError,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type Before,
} from 'adminjs'
import { panelActor } from '#admin/audit'
import { SETTINGS_FIELDS, ShopSettingsService } from '#services/shop_settings_service'

const settings = () => app.container.make(ShopSettingsService)
const withSettings = <T>(use: (service: ShopSettingsService) => Promise<T>) => settings().then(use)

/**
 * A database without the settings row gets it (from the env defaults)
 * before the panel lists or shows it.
 */
export const ensureSettingsRow: Before = async (request) => {
  await withSettings((service) => service.row())
  return request
}

/**
 * The edit action of the settings resource: saved through
 * ShopSettingsService.update (validated, audited in its transaction, the
 * cache cleared on commit). A refused field comes back as a field error
 * with the values typed, and nothing is stored.
 */
export const editSettingsAction: Partial<Action<ActionResponse>> = {
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record
    if (!record) {
      throw new NotFoundError(
        `Record of given id ("${request.params.recordId}") could not be found`,
        'Action#handler'
      )
    }
    if (request.method !== 'post') {
      return { record: record.toJSON(context.currentAdmin) }
    }
    const payload = (request.payload ?? {}) as Record<string, unknown>
    const input: Record<string, unknown> = {}
    for (const field of SETTINGS_FIELDS) {
      if (payload[field] !== undefined) {
        input[field] = payload[field]
      }
    }
    try {
      await withSettings((service) => service.update(input, panelActor(context)))
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) {
        throw error
      }
      const propertyErrors: Record<string, { type: string; message: string }> = {}
      for (const item of error.messages as Array<{ field: string; message: string }>) {
        propertyErrors[item.field] ??= { type: 'invalid', message: item.message }
      }
      const refusal = new ValidationError(propertyErrors, {
        message: Object.values(propertyErrors)[0]?.message ?? 'Invalid input',
        type: 'invalid',
      })
      const json = record.toJSON(context.currentAdmin)
      return {
        record: {
          ...json,
          params: { ...json.params, ...input },
          baseError: refusal.baseError ?? null,
          errors: refusal.propertyErrors,
        },
        notice: {
          message: refusal.baseError?.message ?? 'thereWereValidationErrors',
          type: 'error',
        },
      }
    }
    const fresh = await context.resource.findOne(String(record.id()), context)
    if (!fresh) {
      throw new NotFoundError('The settings could not be found', 'Action#handler')
    }
    context.record = fresh
    return {
      record: fresh.toJSON(context.currentAdmin),
      redirectUrl: context.h.recordActionUrl({
        resourceId: context.resource.id(),
        recordId: String(fresh.id()),
        actionName: 'show',
      }),
      notice: { message: 'successfullyUpdated', type: 'success' },
    }
  },
}
