import app from '@adonisjs/core/services/app'
import { fileURLToPath } from 'node:url'
import { errors as vineErrors } from '@vinejs/vine'
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs'
import componentLoader from '#admin/component_loader'
import { panelActor } from '#admin/audit'
import { ApiError } from '#exceptions/api_error'
import { CatalogAdminService } from '#services/catalog_admin_service'

const AdjustStockComponent = componentLoader.add(
  'AdjustStock',
  fileURLToPath(new URL('../components/adjust_stock.jsx', import.meta.url))
)

/**
 * The API's service, as providers/app_provider.ts binds it (one way to get a
 * service, for the panel too).
 */
const catalog = () => app.container.make(CatalogAdminService)

/**
 * A form field as a JSON integer when it is one ("-3" -> -3); anything
 * else is left for the validator to refuse.
 */
function formInteger(value: unknown) {
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    return Number(value.trim())
  }
  return value === '' || value === null ? undefined : value
}

function failed(context: ActionContext, message: string, field?: string) {
  const json = context.record!.toJSON(context.currentAdmin)
  return {
    record: {
      ...json,
      errors: field ? { [field]: { message, type: 'invalid' } } : {},
    },
    notice: { message, type: 'error' as const },
  }
}

/**
 * "Adjust stock" on a product: a GET (AdminJS loading the action's page)
 * answers the record; a POST with `delta` and `reason` (or `set`,
 * `expected` and `reason`) runs the same stock movement as
 * POST /api/v1/products/:id/stock-adjustments: a guarded update, 409 when
 * the expected level moved, audited with the actor, the IP, the reason and
 * the levels before and after.
 */
export const adjustStockAction = {
  actionType: 'record',
  icon: 'Package',
  component: AdjustStockComponent,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record!
    if (request.method !== 'post') {
      return { record: record.toJSON(context.currentAdmin) }
    }
    const payload = request.payload ?? {}
    let input
    try {
      // Imported here: this file loads with the panel's configuration,
      // before Lucid has added its database rules to VineJS.
      const { stockAdjustmentValidator } = await import('#validators/catalog')
      input = await stockAdjustmentValidator.validate({
        delta: formInteger(payload.delta),
        set: formInteger(payload.set),
        expected: formInteger(payload.expected),
        reason: payload.reason,
      })
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        const first = (error.messages as Array<{ field: string; message: string }>)[0]
        return failed(context, first.message, first.field)
      }
      throw error
    }
    const actor = panelActor(context)
    try {
      const service = await catalog()
      const product = await service.adjustStock(Number(record.id()), input, actor)
      const updated = await context.resource.findOne(String(product.id), context)
      return {
        record: (updated ?? record).toJSON(context.currentAdmin),
        notice: {
          message: `The stock of "${product.name}" is now ${product.stock} (${input.reason})`,
          type: 'success',
        },
      }
    } catch (error) {
      if (error instanceof ApiError) {
        const item = error.items[0]
        return failed(context, item?.message ?? error.message, item?.field)
      }
      throw error
    }
  },
} as Partial<Action<ActionResponse>>
