import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { errors as vineErrors } from '@vinejs/vine'
import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs'
import ProductImage from '#models/product_image'
import ProductVariant from '#models/product_variant'
import { panelActor } from '#admin/audit'
import { panelMovements, productPageData, rootPathOf } from '#admin/product_page'
import { ApiError } from '#exceptions/api_error'
import { ProductImageService } from '#services/product_image_service'
import {
  VariantAdminService,
  type OptionInput,
  type VariantInput,
  type VariantStockInput,
} from '#services/variant_admin_service'
import { imageUploads } from '#config/drive'

/**
 * The product page's actions (components/product_page.jsx): options,
 * variants, stock and images of one product, each a record action on the
 * products resource, so it runs behind the panel's sign-in and CSRF
 * check like every other action. Every write is the API's use case
 * (VariantAdminService, ProductImageService) with the panel user as its
 * audited actor: the same rules whichever way a change comes. A refusal
 * (422, 409, 404) is an error notice with the service's message and the
 * field it names; nothing was written then.
 */

const variants = <T>(use: (service: VariantAdminService) => Promise<T>) =>
  app.container.make(VariantAdminService).then(use)
const images = <T>(use: (service: ProductImageService) => Promise<T>) =>
  app.container.make(ProductImageService).then(use)

type Payload = Record<string, unknown>

/**
 * A refusal as the page shows it: the message, and the field it is about.
 */
export interface PanelError {
  message: string
  field: string | null
}

/**
 * Text as a whole number when it is one ("12" -> 12, "-3" -> -3); empty
 * text is "not given"; anything else is passed on for the service to
 * refuse with its own message.
 */
export function formInteger(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined
    if (/^\s*-?\d+\s*$/.test(value)) return Number(value.trim())
  }
  return value === null ? undefined : value
}

/**
 * A field that may be cleared: empty text is null.
 */
function nullable(value: unknown, read: (value: unknown) => unknown = (item) => item) {
  if (value === null || (typeof value === 'string' && value.trim() === '')) return null
  return value === undefined ? undefined : read(value)
}

function formBoolean(value: unknown): unknown {
  if (value === 'true') return true
  if (value === 'false') return false
  return value === '' || value === null ? undefined : value
}

function formText(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value === null ? undefined : value
}

/**
 * The variant fields of a page form, in the API's names and JSON types.
 * Only the fields sent are set (an update changes those only).
 */
export function variantInputOf(payload: Payload, create: boolean): Partial<VariantInput> {
  const input: Record<string, unknown> = {}
  const set = (field: string, value: unknown) => {
    if (value !== undefined) input[field] = value
  }
  set('sku', formText(payload.sku))
  if (payload.options !== undefined && payload.options !== null) {
    set('options', payload.options)
  }
  set('price', formText(payload.price))
  set('compare_at_price', nullable(payload.compare_at_price, formText))
  if (create) set('stock', formInteger(payload.stock))
  set('low_stock_threshold', formInteger(payload.low_stock_threshold))
  set('weight_grams', nullable(payload.weight_grams, formInteger))
  set('is_active', formBoolean(payload.is_active))
  set('position', formInteger(payload.position))
  set('image_id', nullable(payload.image_id, formInteger))
  return input as Partial<VariantInput>
}

/**
 * The options of the page's editor: values as a list, or as text
 * separated by commas ("S, M, L").
 */
export function optionsInputOf(payload: Payload): OptionInput[] {
  const options = payload.options
  if (!Array.isArray(options)) {
    throw ApiError.unprocessable(
      'Send the options as a list of { name, values } (values: a list, or text separated by commas)',
      'options'
    )
  }
  return options.map((option) => {
    const { name, values } = (option ?? {}) as { name?: unknown; values?: unknown }
    return {
      name: typeof name === 'string' ? name : '',
      values:
        typeof values === 'string'
          ? values
              .split(',')
              .map((value) => value.trim())
              .filter(Boolean)
          : Array.isArray(values)
            ? values
            : [],
    } as OptionInput
  })
}

/**
 * The stock movement of the page's form: `delta`, or a counted level
 * (`set`) applied only while the stock is still `expected`; `reason` the
 * note, `kind` adjustment or return.
 */
export function stockInputOf(payload: Payload): VariantStockInput {
  const input: Record<string, unknown> = { reason: payload.reason ?? '' }
  for (const field of ['delta', 'set', 'expected'] as const) {
    const value = formInteger(payload[field])
    if (value !== undefined) input[field] = value
  }
  if (payload.kind !== undefined && payload.kind !== '' && payload.kind !== null) {
    input.kind = payload.kind
  }
  return input as unknown as VariantStockInput
}

/**
 * A row id the database can hold (PostgreSQL's integer): anything else
 * names no row.
 */
function isRowId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 2_147_483_647
}

/**
 * The product's variant named by the form (`variantId`), or a 404 when it
 * is not one of this product's.
 */
export async function variantOfProduct(productId: number, value: unknown) {
  const id = formInteger(value)
  const variant = isRowId(id)
    ? await ProductVariant.query().where('id', id).where('product_id', productId).first()
    : null
  if (!variant) {
    throw ApiError.notFound('This variant is not one of the product\u2019s: reload the page')
  }
  return variant
}

async function imageOfProduct(productId: number, value: unknown) {
  const id = formInteger(value)
  const image = isRowId(id)
    ? await ProductImage.query().where('id', id).where('product_id', productId).first()
    : null
  if (!image) {
    throw ApiError.notFound('This image is not one of the product\u2019s: reload the page')
  }
  return image
}

/**
 * The answer of every page action: the record with the page's fresh data,
 * and a notice (success, or the refusal's message).
 */
async function answer(
  context: ActionContext,
  notice: { message: string; type: 'success' | 'error' },
  extra: Record<string, unknown> = {}
) {
  const json = context.record!.toJSON(context.currentAdmin)
  return {
    record: {
      ...json,
      productPage: await productPageData(Number(context.record!.id()), rootPathOf(context)),
    },
    notice,
    ...extra,
  }
}

/**
 * A service's refusal (ApiError below 500) as a page answer; anything else
 * propagates (a bug stays visible).
 */
function refusalOf(error: unknown): PanelError | null {
  if (error instanceof ApiError && error.status < 500) {
    const item = error.items.find((candidate) => candidate.message) ?? error.items[0]
    return { message: item?.message ?? error.message, field: item?.field ?? null }
  }
  return null
}

/**
 * A page action: GET answers the record and the page's data (nothing
 * changes), POST runs `write` and answers with the notice it returns.
 */
function pageAction(
  icon: string,
  write: (
    payload: Payload,
    context: ActionContext,
    request: ActionRequest
  ) => Promise<{ message: string; extra?: Record<string, unknown> }>,
  options: { readsOnGet?: boolean } = {}
): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    icon,
    isVisible: false,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      if (request.method !== 'post' && !options.readsOnGet) {
        const json = context.record!.toJSON(context.currentAdmin)
        return {
          record: {
            ...json,
            productPage: await productPageData(Number(context.record!.id()), rootPathOf(context)),
          },
        }
      }
      const payload = (request.method === 'post' ? request.payload : request.query) ?? {}
      try {
        const done = await write(payload as Payload, context, request)
        return answer(context, { message: done.message, type: 'success' }, done.extra)
      } catch (error) {
        const refusal = refusalOf(error)
        if (!refusal) throw error
        return answer(context, { message: refusal.message, type: 'error' }, { error: refusal })
      }
    },
  }
}

/**
 * Runs an API validator; its first error becomes a 422 naming the field
 * (shown by the page as the refusal).
 */
async function checked<T>(validate: () => Promise<T>): Promise<T> {
  try {
    return await validate()
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      const first = (error.messages as Array<{ field: string; message: string }>)[0]
      throw ApiError.unprocessable(first.message, first.field)
    }
    throw error
  }
}

/**
 * The API's validators, imported on first use: this file loads with the
 * panel's configuration, before Lucid has added its database rules to
 * VineJS.
 */
const validators = () => import('#validators/variants')

const productIdOf = (context: ActionContext) => Number(context.record!.id())

/**
 * An uploaded file as the panel's multipart parser leaves it (streamed to
 * a temporary path, #middleware/multipart_body_middleware).
 */
function uploadedFile(value: unknown): { tmpPath: string; size: number } | null {
  if (value && typeof value === 'object' && 'tmpPath' in value) {
    const file = value as { tmpPath?: unknown; size?: unknown }
    if (typeof file.tmpPath === 'string') {
      return { tmpPath: file.tmpPath, size: Number(file.size ?? 0) }
    }
  }
  return null
}

export const productPageActions: Record<string, Partial<Action<ActionResponse>>> = {
  saveOptions: pageAction('List', async (payload, context) => {
    const { setOptionsValidator } = await validators()
    const { options } = await checked(() =>
      setOptionsValidator.validate({ options: optionsInputOf(payload) })
    )
    const saved = await variants((service) =>
      service.setOptions(productIdOf(context), options, panelActor(context))
    )
    return {
      message: saved.length
        ? `Options saved: ${saved.map((option) => option.name).join(', ')}`
        : 'Options saved: none',
    }
  }),

  createVariant: pageAction('Plus', async (payload, context) => {
    const { createVariantValidator } = await validators()
    const input = await checked(() =>
      createVariantValidator.validate(variantInputOf(payload, true))
    )
    const variant = await variants((service) =>
      service.createVariant(productIdOf(context), input, panelActor(context))
    )
    return { message: `Variant ${variant.sku} (${variant.title}) added` }
  }),

  updateVariant: pageAction('Edit', async (payload, context) => {
    const variant = await variantOfProduct(productIdOf(context), payload.variantId)
    const { updateVariantValidator } = await validators()
    const input = await checked(() =>
      updateVariantValidator.validate(variantInputOf(payload, false))
    )
    const updated = await variants((service) =>
      service.updateVariant(variant.id, input as Partial<VariantInput>, panelActor(context))
    )
    return { message: `Variant ${updated.sku} saved` }
  }),

  deleteVariant: pageAction('Trash2', async (payload, context) => {
    const variant = await variantOfProduct(productIdOf(context), payload.variantId)
    await variants((service) => service.deleteVariant(variant.id, panelActor(context)))
    return { message: `Variant ${variant.sku} deleted` }
  }),

  variantStock: pageAction('Package', async (payload, context) => {
    const variant = await variantOfProduct(productIdOf(context), payload.variantId)
    const { variantStockAdjustmentValidator } = await validators()
    const input = await checked(() =>
      variantStockAdjustmentValidator.validate(stockInputOf(payload))
    )
    const updated = await variants((service) =>
      service.adjustStock(variant.id, input, panelActor(context))
    )
    return {
      message: `The stock of ${updated.sku} is now ${updated.stock} (${String(input.reason).trim()})`,
    }
  }),

  /**
   * A variant's ledger (GET ?variantId=&page=), newest first.
   */
  variantMovements: pageAction(
    'List',
    async (payload, context) => {
      const variant = await variantOfProduct(productIdOf(context), payload.variantId)
      const page = formInteger(payload.page)
      const result = await variants((service) =>
        service.movements(variant.id, {
          page:
            typeof page === 'number' && Number.isInteger(page) && page > 0
              ? Math.min(page, 100_000)
              : 1,
          perPage: 20,
        })
      )
      return {
        message: `${result.meta.total} movements of ${variant.sku}`,
        extra: {
          movements: {
            variantId: variant.id,
            sku: variant.sku,
            data: await panelMovements(result.data, rootPathOf(context)),
            meta: result.meta,
          },
        },
      }
    },
    { readsOnGet: true }
  ),

  /**
   * A multipart form: the image in `file` (JPEG, PNG or WebP by its bytes,
   * at most IMAGE_MAX_BYTES), optionally `alt`.
   */
  uploadImage: pageAction('Image', async (payload, context) => {
    const file = uploadedFile(payload.file)
    if (!file) {
      throw ApiError.unprocessable('Choose a JPEG, PNG or WebP image to upload', 'file')
    }
    if (file.size > imageUploads.maxBytes) {
      const megabytes = Math.round((imageUploads.maxBytes / (1024 * 1024)) * 100) / 100
      throw ApiError.unprocessable(
        `The image is larger than the limit of ${megabytes} MB (this file is ${Math.ceil(file.size / 1024)} KB)`,
        'file'
      )
    }
    const { uploadProductImageValidator } = await import('#validators/product_images')
    const input = await checked(() =>
      uploadProductImageValidator.validate({
        alt: typeof payload.alt === 'string' && payload.alt.trim() ? payload.alt : undefined,
      })
    )
    const bytes = await readFile(file.tmpPath)
    const image = await images((service) =>
      service.upload(productIdOf(context), bytes, input, panelActor(context))
    )
    return { message: `Image uploaded (${image.contentType}, ${image.width}×${image.height})` }
  }),

  updateImage: pageAction('Edit', async (payload, context) => {
    const image = await imageOfProduct(productIdOf(context), payload.imageId)
    const { updateProductImageValidator } = await import('#validators/product_images')
    const input = await checked(() =>
      updateProductImageValidator.validate({
        ...(payload.alt !== undefined ? { alt: nullable(payload.alt) } : {}),
        ...(payload.position !== undefined ? { position: formInteger(payload.position) } : {}),
      })
    )
    await images((service) =>
      service.update(productIdOf(context), image.id, input, panelActor(context))
    )
    return { message: 'Image saved' }
  }),

  deleteImage: pageAction('Trash2', async (payload, context) => {
    const image = await imageOfProduct(productIdOf(context), payload.imageId)
    await images((service) => service.delete(productIdOf(context), image.id, panelActor(context)))
    return { message: 'Image deleted' }
  }),
}
