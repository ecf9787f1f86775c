import app from '@adonisjs/core/services/app'
import { fileURLToPath } from 'node:url'
import { errors as vineErrors } from '@vinejs/vine'
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs'
import componentLoader from '#admin/component_loader'
import { panelActor } from '#admin/audit'
import { ApiError } from '#exceptions/api_error'
import ProductVariant from '#models/product_variant'
import { stockInputOf, variantOfProduct } from '#admin/actions/variant_actions'
import { DEFAULT_VARIANT_TITLE } from '#services/stock_service'
import { VariantAdminService } from '#services/variant_admin_service'

const AdjustStockComponent = componentLoader.add(
  'AdjustStock',
  fileURLToPath(new URL('../components/adjust_stock.jsx', import.meta.url))
)

const variants = <T>(use: (service: VariantAdminService) => Promise<T>) =>
  app.container.make(VariantAdminService).then(use)

function failed(context: ActionContext, message: string, field?: string | null) {
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
 * The variants the form offers (SKU, title, stock), in the page's order.
 */
async function variantChoices(productId: number) {
  const rows = await ProductVariant.query()
    .where('product_id', productId)
    .orderBy('position')
    .orderBy('id')
  return rows.map((variant) => ({
    id: variant.id,
    sku: variant.sku,
    title: variant.title,
    stock: Number(variant.stock),
    lowStockThreshold: Number(variant.lowStockThreshold),
  }))
}

/**
 * "Adjust stock" on a product, per variant: a GET (AdminJS loading the
 * action's page) answers the record with its variants; a POST with
 * `variantId` (optional for a product with one variant), `delta` and
 * `reason` (or `set`, `expected` and `reason`), and `kind` (adjustment or
 * return) runs the same stock movement as
 * POST /api/v1/variants/{variant}/stock-adjustments
 * (VariantAdminService.adjustStock): a guarded update with its ledger row,
 * 409 when the expected level moved, audited with the actor, the IP, the
 * reason and the levels before and after.
 */
export const adjustStockAction = {
  actionType: 'record',
  icon: 'Package',
  component: AdjustStockComponent,
  handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record!
    const productId = Number(record.id())
    const withVariants = async (json: ReturnType<typeof record.toJSON>) => ({
      ...json,
      variants: await variantChoices(productId),
    })
    if (request.method !== 'post') {
      return { record: await withVariants(record.toJSON(context.currentAdmin)) }
    }
    const payload = request.payload ?? {}
    let input
    try {
      // Imported here: this file loads with the panel's configuration,
      // before Lucid has added its database rules to VineJS.
      const { variantStockAdjustmentValidator } = await import('#validators/variants')
      input = await variantStockAdjustmentValidator.validate(stockInputOf(payload))
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        const first = (error.messages as Array<{ field: string; message: string }>)[0]
        return failed(context, first.message, first.field)
      }
      throw error
    }
    try {
      const variant = await chosenVariant(productId, payload.variantId)
      const updated = await variants((service) =>
        service.adjustStock(variant.id, input, panelActor(context))
      )
      const fresh = await context.resource.findOne(String(productId), context)
      const label =
        updated.title === DEFAULT_VARIANT_TITLE ? updated.sku : `${updated.sku} (${updated.title})`
      return {
        record: await withVariants((fresh ?? record).toJSON(context.currentAdmin)),
        notice: {
          message: `The stock of ${label} is now ${updated.stock} (${input.reason})`,
          type: 'success',
        },
      }
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) {
        const item = error.items[0]
        return failed(context, item?.message ?? error.message, item?.field)
      }
      throw error
    }
  },
} as Partial<Action<ActionResponse>>

/**
 * The variant the form names, or the product's only one when it names
 * none (a product without options). 422 asking to choose otherwise.
 */
async function chosenVariant(productId: number, value: unknown) {
  if (value === undefined || value === null || value === '') {
    const choices = await variantChoices(productId)
    if (choices.length === 1) {
      return choices[0]
    }
    throw ApiError.unprocessable(
      `Choose the variant to adjust: ${choices.map((choice) => `${choice.sku} (${choice.title})`).join(', ')}`,
      'variantId'
    )
  }
  return variantOfProduct(productId, value)
}
