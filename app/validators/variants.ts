import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { integer, jsonBoolean, paginationFields, compileQuery, sku, text } from '#validators/rules'
import { price } from '#validators/prices'

/**
 * Most units of one variant in stock (as StockService's MAX_STOCK_LEVEL).
 */
const MAX_STOCK = 1_000_000_000

const optionName = () => text().trim().minLength(1).maxLength(60)

/**
 * A product's options in display order: `[{ "name": "Size", "values":
 * ["S", "M", "L"] }]`. The service checks the rest (unique names and
 * values, values a variant uses kept).
 */
export const optionsList = () =>
  vine
    .array(
      vine.object({
        name: optionName(),
        values: vine.array(optionName()).minLength(1).maxLength(100),
      })
    )
    .maxLength(3)

/**
 * Stock is not a field of a variant's PATCH: it moves only through the
 * variant's stock adjustments.
 */
const notVariantStock = vine.createRule(
  (_value: unknown, _options: undefined, field: FieldContext) => {
    field.report(
      'Stock is not changed by PATCH: use POST /api/v1/variants/{variant}/stock-adjustments with { "delta", "reason" } or { "set", "expected", "reason" }',
      'useVariantStockAdjustments',
      field
    )
  },
  {
    toJSONSchema: (schema) => {
      delete schema.anyOf
      Object.assign(schema, {
        not: {},
        description:
          'Refused (422): stock moves only through POST /variants/{variant}/stock-adjustments.',
      })
    },
  }
)

/**
 * The writable fields of a variant (create: `sku` and `price` required,
 * `stock` the opening stock).
 */
export const variantFields = {
  sku: sku(),
  options: vine.record(text().trim().minLength(1).maxLength(60)).optional(),
  price: price(),
  compare_at_price: price().nullable().optional(),
  stock: integer().range([0, MAX_STOCK]).optional(),
  low_stock_threshold: integer().range([0, MAX_STOCK]).optional(),
  weight_grams: integer().range([0, 1_000_000_000]).nullable().optional(),
  is_active: jsonBoolean().optional(),
  position: integer().range([0, 1_000_000]).optional(),
  image_id: integer().range([1, 2_147_483_647]).nullable().optional(),
}

/**
 * PUT /api/v1/products/{product}/options
 */
export const setOptionsValidator = vine.compile(vine.object({ options: optionsList() }))

/**
 * POST /api/v1/products/{product}/variants
 */
export const createVariantValidator = vine.compile(vine.object(variantFields))

/**
 * PATCH /api/v1/variants/{variant}
 */
export const updateVariantValidator = vine.compile(
  vine.object({
    ...variantFields,
    sku: sku().optional(),
    price: price().optional(),
    stock: vine.any().use(notVariantStock()).optional(),
  })
)

/**
 * POST /api/v1/variants/{variant}/stock-adjustments: a `delta` or a `set`
 * with the `expected` level, a reason, and the kind of movement.
 */
export const variantStockAdjustmentValidator = vine.compile(
  vine.object({
    delta: integer().range([-MAX_STOCK, MAX_STOCK]).optional().requiredIfMissing('set'),
    set: integer().range([0, MAX_STOCK]).optional().requiredIfMissing('delta'),
    expected: integer().range([0, MAX_STOCK]).optional().requiredIfExists('set'),
    reason: text().trim().minLength(1).maxLength(200),
    kind: vine.enum(['adjustment', 'return'] as const).optional(),
  })
)

/**
 * GET /api/v1/variants/{variant}/stock-movements
 */
export const stockMovementListValidator = compileQuery(vine.object({ ...paginationFields }))
