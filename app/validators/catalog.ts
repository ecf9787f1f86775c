import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { SLUG_PATTERN } from '#domain/slug'
import { PRODUCT_SORTS } from '#domain/product_sorts'
import {
  compileQuery,
  integer,
  jsonBoolean,
  matches,
  multilineText,
  paginationFields,
  queryInteger,
  text,
} from '#validators/rules'
import { report } from '#validators/messages'
import { amount, price } from '#validators/prices'
import { optionsList, variantFields } from '#validators/variants'
import { taxClass } from '#validators/pricing'

/**
 * A slug: lowercase letters and digits in words joined by single hyphens.
 */
const slugForm = () =>
  matches({
    pattern: SLUG_PATTERN,
    accepts: 'lowercase letters and digits joined by single hyphens',
    example: 'garden-tools',
  })

/**
 * GET /api/v1/products query string. Bad values are 422, never ignored.
 */
export const productListValidator = compileQuery(
  vine.object({
    category: text().trim().maxLength(140).use(slugForm()).optional(),
    min_price: amount().optional(),
    max_price: amount().optional(),
    in_stock: vine.enum(['true', 'false'] as const).optional(),
    /**
     * An empty or blank search is no search.
     */
    q: text()
      .trim()
      .maxLength(100)
      .transform((value) => value || undefined)
      .optional(),
    sort: vine.enum(PRODUCT_SORTS).optional(),
    ...paginationFields,
    /**
     * A `meta.next_cursor` / `meta.prev_cursor` of this list (opaque; the
     * service refuses one from another list, or with `page`).
     */
    cursor: text().trim().maxLength(512).optional(),
  })
)

/**
 * Most units of one product in stock.
 */
export const MAX_STOCK = 1_000_000_000

/**
 * Stock is not a field of PATCH: a value read when a form opened would
 * undo the sales made since (issue 14, finding 7). It moves only through
 * stock adjustments.
 */
const notStock = vine.createRule(
  (_value: unknown, _options: undefined, field: FieldContext) => {
    report(field, 'useStockAdjustments')
  },
  {
    toJSONSchema: (schema) => {
      delete schema.anyOf
      Object.assign(schema, {
        not: {},
        description:
          'Refused (422): stock moves only through POST /products/{product}/stock-adjustments.',
      })
    },
  }
)

const slug = () => text().trim().toLowerCase().maxLength(140).use(slugForm())

/**
 * An absolute http(s) URL, or a path on this server ("/uploads/x.jpg").
 */
const imageUrl = () =>
  text()
    .trim()
    .maxLength(1000)
    .use(
      matches({
        pattern: /^(https?:\/\/[^\s]+|\/[^\s]*)$/,
        accepts: 'an absolute http(s) URL or a path on this server',
        example: 'https://cdn.example.com/widget.jpg',
      })
    )

const images = () =>
  vine
    .array(
      vine.object({
        url: imageUrl(),
        alt: text().trim().maxLength(200).nullable().optional(),
        position: integer().range([0, 10_000]).optional(),
      })
    )
    .maxLength(20)

/**
 * One product image on its own (the panel's image forms).
 */
export const productImageValidator = vine.compile(
  vine.object({
    product_id: integer().positive().exists({ table: 'products', column: 'id' }),
    url: imageUrl(),
    alt: text().trim().maxLength(200).nullable().optional(),
    position: integer().range([0, 10_000]).optional(),
  })
)

const productFields = {
  description: multilineText().trim().maxLength(20_000).nullable().optional(),
  low_stock_threshold: integer().range([0, MAX_STOCK]).optional(),
  is_active: jsonBoolean().optional(),
  category_id: integer()
    .positive()
    .exists({ table: 'categories', column: 'id' })
    .nullable()
    .optional(),
  images: images().optional(),
  /**
   * The tax rates it pays (issue 19): "standard" when left out.
   */
  tax_class: taxClass().optional(),
}

export const createProductValidator = vine.compile(
  vine.object({
    name: text().trim().minLength(1).maxLength(200),
    slug: slug().unique({ table: 'products', column: 'slug' }).optional(),
    /**
     * The simple form: one default variant with this price and opening
     * stock. Or `options` and `variants` instead.
     */
    price: price().optional().requiredIfMissing('variants'),
    stock: integer().range([0, MAX_STOCK]).optional().requiredIfMissing('variants'),
    options: optionsList().optional(),
    variants: vine.array(vine.object(variantFields)).minLength(1).maxLength(250).optional(),
    ...productFields,
  })
)

export const updateProductValidator = vine.withMetaData<{ productId: number }>().compile(
  vine.object({
    name: text().trim().minLength(1).maxLength(200).optional(),
    slug: slug()
      .unique(async (db, value, field) => {
        const row = await db
          .from('products')
          .where('slug', value)
          .whereNot('id', field.meta.productId)
          .first()
        return !row
      })
      .optional(),
    price: price().optional(),
    stock: vine.any().use(notStock()).optional(),
    ...productFields,
  })
)

const categoryFields = {
  description: multilineText().trim().maxLength(5_000).nullable().optional(),
  parent_id: integer()
    .positive()
    .exists({ table: 'categories', column: 'id' })
    .nullable()
    .optional(),
  position: integer().range([0, 1_000_000]).optional(),
}

export const createCategoryValidator = vine.compile(
  vine.object({
    name: text().trim().minLength(1).maxLength(120),
    slug: slug().unique({ table: 'categories', column: 'slug' }).optional(),
    ...categoryFields,
  })
)

export const updateCategoryValidator = vine.withMetaData<{ categoryId: number }>().compile(
  vine.object({
    name: text().trim().minLength(1).maxLength(120).optional(),
    slug: slug()
      .unique(async (db, value, field) => {
        const row = await db
          .from('categories')
          .where('slug', value)
          .whereNot('id', field.meta.categoryId)
          .first()
        return !row
      })
      .optional(),
    ...categoryFields,
  })
)

/**
 * A route id: a positive integer.
 */
export const idParamValidator = vine.compile(
  vine.object({ id: queryInteger().range([1, 2_147_483_647]) })
)

/**
 * POST /api/v1/products/:product/stock-adjustments: either a `delta` (units
 * added, negative to remove) or a `set` with the `expected` current
 * level, and always a reason.
 */
export const stockAdjustmentValidator = vine.compile(
  vine.object({
    delta: integer().range([-MAX_STOCK, MAX_STOCK]).optional().requiredIfMissing('set'),
    set: integer().range([0, MAX_STOCK]).optional().requiredIfMissing('delta'),
    expected: integer().range([0, MAX_STOCK]).optional().requiredIfExists('set'),
    reason: text().trim().minLength(1).maxLength(200),
  })
)
export type StockAdjustmentInput = Awaited<ReturnType<typeof stockAdjustmentValidator.validate>>
