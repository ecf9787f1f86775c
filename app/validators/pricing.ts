import vine from '@vinejs/vine'
import type { FieldContext, Infer } from '@vinejs/vine/types'
import { DateTime } from 'luxon'
import { PROMOTION_EFFECTS, PROMOTION_TARGETS, RATE_TYPES } from '#domain/pricing'
import { toMinorUnits } from '#domain/money'
import { countryCode, decimalString, integer, jsonBoolean, matches, text } from '#validators/rules'
import { report } from '#validators/messages'
import { amount, price } from '#validators/prices'

/**
 * The staff API's (and the panel's) pricing rules (issue 19): shipping
 * zones and methods, tax rates, promotions. Money is a decimal string
 * ("4.90"), rates and percentages a percent string ("20", "7.5"). What
 * depends on the stored record (a PATCH that changes `rate_type` or
 * `effect`, ids that must exist, duplicates) is checked by
 * PricingAdminService against the merged state.
 */

export const TAX_CLASS_PATTERN = /^[a-z0-9_-]{1,40}$/
export const PROMOTION_CODE_PATTERN = /^[A-Za-z0-9_-]{3,40}$/

const MAX_ID = 2_147_483_647
const MAX_GRAMS = 100_000_000
const MAX_USES = 1_000_000_000
const MAX_IDS = 1_000

const name = () => text().trim().minLength(1).maxLength(120)

/**
 * A product's tax class: lowercase letters, digits, `_` and `-`
 * ("standard", "reduced").
 */
export const taxClass = () =>
  text()
    .trim()
    .use(
      matches({
        pattern: TAX_CLASS_PATTERN,
        accepts: '1 to 40 lowercase letters, digits, _ and -',
        example: 'reduced',
      })
    )

/**
 * No country twice (compared in capitals: "de" and "DE" are the same).
 */
const distinctCountries = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (!Array.isArray(value)) return
    const seen = new Set<string>()
    const repeated = new Set<string>()
    for (const item of value) {
      if (typeof item !== 'string') continue
      const code = item.trim().toUpperCase()
      if (seen.has(code)) repeated.add(code)
      seen.add(code)
    }
    if (repeated.size) {
      field.report(
        `The ${field.name} field must not name a country twice (repeated: ${[...repeated].join(', ')})`,
        'distinct',
        field
      )
    }
  },
  { toJSONSchema: (schema) => void (schema.uniqueItems = true) }
)

const countries = () =>
  vine.array(countryCode()).minLength(1).maxLength(300).use(distinctCountries())

/**
 * A percentage as a string: up to 3 digits and 2 decimals, at most 100
 * ("20", "7.5", "100.00"); `positive` also refuses 0.
 */
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/

const percentBounds = vine.createRule(
  (value: unknown, options: { positive: boolean }, field: FieldContext) => {
    if (typeof value !== 'string' || !PERCENT.test(value)) return
    const basisPoints = toMinorUnits(value)
    if (basisPoints > 10_000) {
      report(field, 'max', { max: 100 })
    } else if (options.positive && basisPoints <= 0) {
      report(field, 'positive')
    }
  },
  {
    toJSONSchema: (schema, options) =>
      void (schema.description = options.positive
        ? 'A percentage greater than 0 and at most 100, at most 2 decimals'
        : 'A percentage from 0 to 100, at most 2 decimals'),
  }
)

const percent = (positive: boolean) =>
  decimalString()
    .trim()
    .use(
      matches({
        pattern: PERCENT,
        accepts: 'a percentage as a string with at most 2 decimals',
        example: positive ? '10' : '7.5',
      })
    )
    .use(percentBounds({ positive }))

/**
 * Weight bands: ascending `max_grams`, at most one without a bound
 * (`null`, any weight) and then it is the last.
 */
const ascendingBands = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (!Array.isArray(value)) return
    let previous = 0
    for (const [index, band] of value.entries()) {
      const maxGrams = (band as { max_grams?: unknown } | null)?.max_grams ?? null
      if (maxGrams === null) {
        if (index !== value.length - 1) {
          field.report(
            `The ${field.name} field may have one band without max_grams (any weight), and only as the last band`,
            'weightBands',
            field
          )
          return
        }
      } else if (typeof maxGrams === 'number') {
        if (maxGrams <= previous) {
          field.report(
            `The ${field.name} field must list its bands by ascending max_grams (band ${index} is not heavier than the one before)`,
            'weightBands',
            field
          )
          return
        }
        previous = maxGrams
      }
    }
  },
  {
    toJSONSchema: (schema) =>
      void (schema.description =
        'Ascending by max_grams; a band with max_grams null (any weight) may only be the last'),
  }
)

const weightBands = () =>
  vine
    .array(
      vine.object({
        /**
         * The heaviest cart (grams) the band takes; null or left out: any
         * weight.
         */
        max_grams: integer().range([1, MAX_GRAMS]).nullable().optional(),
        price: amount(),
      })
    )
    .minLength(1)
    .maxLength(50)
    .use(ascendingBands())

/**
 * An ISO 8601 date-time (or a date: its first instant, UTC).
 */
const isoInstant = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
      report(field, 'isoDate')
    }
  },
  {
    toJSONSchema: (schema) =>
      void Object.assign(schema, {
        description: 'An ISO 8601 date or date-time',
        examples: ['2026-12-01T00:00:00Z'],
      }),
  }
)

const instant = () =>
  text()
    .trim()
    .maxLength(40)
    .use(isoInstant())
    /**
     * VineJS hands a `null` of a nullable field to the transform too.
     */
    .transform((value: string | null) =>
      value === null ? null : DateTime.fromISO(value, { zone: 'utc' })
    )

const ids = () => vine.array(integer().range([1, MAX_ID])).maxLength(MAX_IDS)

const promotionCode = () =>
  text()
    .trim()
    .use(
      matches({
        pattern: PROMOTION_CODE_PATTERN,
        accepts: '3 to 40 letters, digits, _ and - (stored in capitals)',
        example: 'WELCOME10',
      })
    )
    .toUpperCase()

// --- Shipping zones ------------------------------------------------------------------

/**
 * POST /api/v1/admin/shipping-zones
 */
export const createShippingZoneValidator = vine.compile(
  vine.object({ name: name(), countries: countries() })
)

/**
 * PATCH /api/v1/admin/shipping-zones/:id
 */
export const updateShippingZoneValidator = vine.compile(
  vine.object({ name: name().optional(), countries: countries().optional() })
)

// --- Shipping methods ----------------------------------------------------------------

const methodFields = {
  name: name(),
  delivery_estimate: text().trim().maxLength(120).optional(),
  rate_type: vine.enum(RATE_TYPES),
  /**
   * flat and free_over: the price (0 is free); weight: unused.
   */
  price: amount(),
  free_over: price().nullable(),
  weight_bands: weightBands(),
  is_active: jsonBoolean().optional(),
  position: integer().range([0, 1_000_000]).optional(),
}

/**
 * POST /api/v1/admin/shipping-methods
 */
export const createShippingMethodValidator = vine.compile(
  vine.object({
    ...methodFields,
    zone_id: integer().range([1, MAX_ID]),
    price: methodFields.price.optional().requiredWhen('rate_type', 'in', ['flat', 'free_over']),
    free_over: methodFields.free_over.optional().requiredWhen('rate_type', '=', 'free_over'),
    weight_bands: methodFields.weight_bands.optional().requiredWhen('rate_type', '=', 'weight'),
  })
)

/**
 * PATCH /api/v1/admin/shipping-methods/:id: what is sent changes (a new
 * `rate_type` needs what it reads: checked against the method).
 */
export const updateShippingMethodValidator = vine.compile(
  vine.object({
    zone_id: integer().range([1, MAX_ID]).optional(),
    name: methodFields.name.optional(),
    delivery_estimate: methodFields.delivery_estimate,
    rate_type: methodFields.rate_type.optional(),
    price: methodFields.price.optional(),
    free_over: methodFields.free_over.optional(),
    weight_bands: methodFields.weight_bands.optional(),
    is_active: methodFields.is_active,
    position: methodFields.position,
  })
)

// --- Tax rates -----------------------------------------------------------------------

/**
 * POST /api/v1/admin/tax-rates: `rate` is a percent string ("20", "7.5").
 */
export const createTaxRateValidator = vine.compile(
  vine.object({
    country: countryCode(),
    tax_class: taxClass().optional(),
    name: name(),
    rate: percent(false),
  })
)

/**
 * PATCH /api/v1/admin/tax-rates/:id
 */
export const updateTaxRateValidator = vine.compile(
  vine.object({
    country: countryCode().optional(),
    tax_class: taxClass().optional(),
    name: name().optional(),
    rate: percent(false).optional(),
  })
)

// --- Promotions ----------------------------------------------------------------------

const promotionFields = {
  /**
   * A coupon code; null (or left out): an automatic promotion.
   */
  code: promotionCode().nullable().optional(),
  is_active: jsonBoolean().optional(),
  percent_off: percent(true).optional(),
  amount_off: price().optional(),
  target: vine.enum(PROMOTION_TARGETS).optional(),
  product_ids: ids().optional(),
  category_ids: ids().optional(),
  variant_ids: ids().optional(),
  min_subtotal: amount().nullable().optional(),
  first_order_only: jsonBoolean().optional(),
  starts_at: instant().nullable().optional(),
  ends_at: instant().nullable().optional(),
  usage_limit: integer().range([1, MAX_USES]).nullable().optional(),
  per_customer_limit: integer().range([1, MAX_USES]).nullable().optional(),
}

/**
 * POST /api/v1/admin/promotions: `percent_off` for a percentage,
 * `amount_off` for a fixed amount, neither for free shipping.
 */
export const createPromotionValidator = vine.compile(
  vine.object({
    name: name(),
    effect: vine.enum(PROMOTION_EFFECTS),
    ...promotionFields,
    percent_off: percent(true).optional().requiredWhen('effect', '=', 'percentage'),
    amount_off: price().optional().requiredWhen('effect', '=', 'fixed'),
  })
)

/**
 * PATCH /api/v1/admin/promotions/:id
 */
export const updatePromotionValidator = vine.compile(
  vine.object({
    name: name().optional(),
    effect: vine.enum(PROMOTION_EFFECTS).optional(),
    ...promotionFields,
  })
)

export type CreateShippingZoneInput = Infer<typeof createShippingZoneValidator>
export type UpdateShippingZoneInput = Infer<typeof updateShippingZoneValidator>
export type CreateShippingMethodInput = Infer<typeof createShippingMethodValidator>
export type UpdateShippingMethodInput = Infer<typeof updateShippingMethodValidator>
export type CreateTaxRateInput = Infer<typeof createTaxRateValidator>
export type UpdateTaxRateInput = Infer<typeof updateTaxRateValidator>
export type CreatePromotionInput = Infer<typeof createPromotionValidator>
export type UpdatePromotionInput = Infer<typeof updatePromotionValidator>
