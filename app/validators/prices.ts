import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { DECIMAL_AMOUNT, MAX_PRICE, toDecimalString, toMinorUnits } from '#domain/money'
import { decimalString } from '#validators/rules'
import { report } from '#validators/messages'

/**
 * Amounts and prices in request bodies and query strings (products,
 * variants, filters): decimal strings such as "19.99".
 */
const decimalAmount = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !DECIMAL_AMOUNT.test(value)) {
      report(field, 'decimalAmount')
    }
  },
  {
    toJSONSchema: (schema) =>
      void Object.assign(schema, { pattern: DECIMAL_AMOUNT.source, examples: ['19.99'] }),
  }
)

const positiveAmount = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value === 'string' && DECIMAL_AMOUNT.test(value) && toMinorUnits(value) <= 0) {
      report(field, 'positiveAmount')
    }
  }
)

/**
 * A price is at most MAX_PRICE (1000000.00): the documented ceiling
 * (issue 14, finding 10).
 */
const withinMaxPrice = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (
      typeof value === 'string' &&
      DECIMAL_AMOUNT.test(value) &&
      toMinorUnits(value) > MAX_PRICE
    ) {
      report(field, 'maxPrice', { max: toDecimalString(MAX_PRICE) })
    }
  },
  {
    toJSONSchema: (schema) =>
      void (schema.description = `A decimal amount greater than 0 and at most ${toDecimalString(MAX_PRICE)}`),
  }
)

/**
 * An amount is sent as a string; anything else (a number, a float) is
 * refused rather than guessed at.
 */
export const amount = () => decimalString().trim().use(decimalAmount())

/**
 * A price: a decimal string, greater than 0, at most MAX_PRICE.
 */
export const price = () => amount().use(positiveAmount()).use(withinMaxPrice())
