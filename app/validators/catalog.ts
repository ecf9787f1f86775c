import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { DECIMAL_AMOUNT, toMinorUnits } from '#services/money'
import { SLUG_PATTERN } from '#services/slug_service'
import { PRODUCT_SORTS } from '#services/catalog_service'
import { paginationFields } from '#validators/rules'
import { describeRule } from '#openapi/vine_json_schema'

const decimalAmount = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !DECIMAL_AMOUNT.test(value)) {
      field.report(
        'The {{ field }} field must be a decimal amount like "19.99"',
        'decimalAmount',
        field
      )
    }
  }
)

describeRule(decimalAmount, { pattern: DECIMAL_AMOUNT.source, examples: ['19.99'] })

const positiveAmount = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value === 'string' && DECIMAL_AMOUNT.test(value) && toMinorUnits(value) <= 0) {
      field.report('The {{ field }} field must be greater than 0', 'positiveAmount', field)
    }
  }
)

/**
 * An amount is sent as a string; anything else (a number, a float) is
 * refused rather than guessed at.
 */
const amount = () => vine.string().trim().use(decimalAmount())

/**
 * GET /api/v1/products query string. Bad values are 422, never ignored.
 */
export const productListValidator = vine.compile(
  vine.object({
    category: vine.string().trim().maxLength(140).regex(SLUG_PATTERN).optional(),
    min_price: amount().optional(),
    max_price: amount().optional(),
    in_stock: vine.enum(['true', 'false'] as const).optional(),
    q: vine.string().trim().minLength(1).maxLength(100).optional(),
    sort: vine.enum(PRODUCT_SORTS).optional(),
    ...paginationFields,
  })
)

const slug = () => vine.string().trim().toLowerCase().maxLength(140).regex(SLUG_PATTERN)

/**
 * An absolute http(s) URL, or a path on this server ("/uploads/x.jpg").
 */
const imageUrl = () =>
  vine
    .string()
    .trim()
    .maxLength(1000)
    .regex(/^(https?:\/\/[^\s]+|\/[^\s]*)$/)

const images = () =>
  vine
    .array(
      vine.object({
        url: imageUrl(),
        alt: vine.string().trim().maxLength(200).nullable().optional(),
        position: vine.number().withoutDecimals().range([0, 10_000]).optional(),
      })
    )
    .maxLength(20)

const productFields = {
  description: vine.string().trim().maxLength(20_000).nullable().optional(),
  stock: vine.number().withoutDecimals().range([0, 1_000_000_000]),
  low_stock_threshold: vine.number().withoutDecimals().range([0, 1_000_000_000]).optional(),
  is_active: vine.boolean().optional(),
  category_id: vine
    .number()
    .withoutDecimals()
    .positive()
    .exists({ table: 'categories', column: 'id' })
    .nullable()
    .optional(),
  images: images().optional(),
}

export const createProductValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(200),
    slug: slug().unique({ table: 'products', column: 'slug' }).optional(),
    price: amount().use(positiveAmount()),
    ...productFields,
  })
)

export const updateProductValidator = vine.withMetaData<{ productId: number }>().compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(200).optional(),
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
    price: amount().use(positiveAmount()).optional(),
    ...productFields,
    stock: productFields.stock.optional(),
  })
)

const categoryFields = {
  description: vine.string().trim().maxLength(5_000).nullable().optional(),
  parent_id: vine
    .number()
    .withoutDecimals()
    .positive()
    .exists({ table: 'categories', column: 'id' })
    .nullable()
    .optional(),
  position: vine.number().withoutDecimals().range([0, 1_000_000]).optional(),
}

export const createCategoryValidator = vine.compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120),
    slug: slug().unique({ table: 'categories', column: 'slug' }).optional(),
    ...categoryFields,
  })
)

export const updateCategoryValidator = vine.withMetaData<{ categoryId: number }>().compile(
  vine.object({
    name: vine.string().trim().minLength(1).maxLength(120).optional(),
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
  vine.object({ id: vine.number().withoutDecimals().positive().max(2_147_483_647) })
)
