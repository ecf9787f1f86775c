import vine, { VineNumber, VineString, VineValidator } from '@vinejs/vine'
import { SKU_ACCEPTS, SKU_PATTERN } from '#domain/sku'
import type { FieldContext, SchemaTypes } from '@vinejs/vine/types'
import { report } from '#validators/messages'

export const PASSWORD_MIN_LENGTH = 8

/**
 * Control characters (Unicode category Cc: NUL, BEL, ESC, DEL, the C1
 * range...). PostgreSQL refuses NUL in text outright, and none of them
 * belongs in a name, an address or a search: every text field refuses
 * them with a 422 (issue 14, finding 11). Multi-line fields (descriptions)
 * keep line breaks and tabs.
 */
const CONTROL_CHARACTER = /\p{Cc}/u
const CONTROL_CHARACTER_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u

export const noControlCharacters = vine.createRule(
  (value: unknown, options: { multiline?: boolean } | undefined, field: FieldContext) => {
    if (typeof value !== 'string') {
      return
    }
    const multiline = options?.multiline === true
    if ((multiline ? CONTROL_CHARACTER_BUT_LINE_BREAKS : CONTROL_CHARACTER).test(value)) {
      report(field, 'controlCharacters', { multiline })
    }
  }
)

/**
 * A text field: a string without control characters. Every string of
 * every validator starts here.
 */
export const text = () => vine.string().use(noControlCharacters())

/**
 * A multi-line text field (descriptions): line breaks and tabs allowed.
 */
export const multilineText = () => vine.string().use(noControlCharacters({ multiline: true }))

/**
 * An integer in a JSON body is a JSON number with no fraction: a string
 * ("3", "0x10", "1e1", " 3 "), a boolean or a fraction is refused, never
 * guessed at (issue 14, finding 20).
 *
 * VineJS runs a literal's data type rule before its other rules, and its
 * number type coerces ("3" becomes 3): our integer types replace that rule
 * (below), which returns whether the value is of the type so the other
 * rules run only then.
 */
const jsonIntegerRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (!field.isDefined) {
      return false
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      report(field, 'integer')
      return false
    }
    return true
  },
  { toJSONSchema: (schema) => void (schema.type = 'integer') }
)

/**
 * An integer in a query string or a route parameter: plain decimal
 * digits only ("0x10", "1e1", " 3 ", "+3" and "3.0" are refused).
 */
const digitsRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (!field.isDefined) {
      return false
    }
    if (typeof value === 'string' && /^\d+$/.test(value)) {
      field.mutate(Number(value), field)
      return true
    }
    report(field, 'digits')
    return false
  },
  { toJSONSchema: (schema) => void (schema.type = 'integer') }
)

/**
 * Greater than 0. VineJS's own positive() documents itself as
 * `minimum: 0`, which would promise that 0 is accepted.
 */
const positiveRule = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value === 'number' && !(value > 0)) {
      report(field, 'positive')
    }
  },
  { toJSONSchema: (schema) => void (schema.exclusiveMinimum = 0) }
)

class JsonInteger extends VineNumber {
  constructor(...args: ConstructorParameters<typeof VineNumber>) {
    super(...args)
    this.dataTypeValidator = jsonIntegerRule()
  }

  positive(): this {
    return this.use(positiveRule())
  }

  clone(): this {
    return new JsonInteger(this.cloneOptions(), this.cloneValidations()) as this
  }
}

class DigitsInteger extends VineNumber {
  constructor(...args: ConstructorParameters<typeof VineNumber>) {
    super(...args)
    this.dataTypeValidator = digitsRule()
  }

  positive(): this {
    return this.use(positiveRule())
  }

  clone(): this {
    return new DigitsInteger(this.cloneOptions(), this.cloneValidations()) as this
  }
}

/**
 * A whole number in a JSON body.
 */
export const integer = () => new JsonInteger()

/**
 * A whole number in a query string or a route parameter.
 */
export const queryInteger = () => new DigitsInteger()

/**
 * A true/false field of a JSON body: a JSON boolean, not "true", 1 or "on".
 */
export const jsonBoolean = () => vine.boolean({ strict: true })

/**
 * The password must not be the account's email (compared without case),
 * whichever field the email sits in.
 */
const notTheEmail = vine.createRule(
  (value: unknown, emailField: { field: string }, field: FieldContext) => {
    if (typeof value !== 'string') {
      return
    }
    const email = field.parent?.[emailField.field] ?? field.meta?.email
    if (typeof email === 'string' && email.trim().toLowerCase() === value.trim().toLowerCase()) {
      report(field, 'notTheEmail')
    }
  }
)

export function passwordRule(emailField = 'email') {
  return vine
    .string()
    .minLength(PASSWORD_MIN_LENGTH)
    .maxLength(128)
    .use(notTheEmail({ field: emailField }))
}

/**
 * A string of a given form: refused with what the form is and an example
 * (`must be a 2-letter ISO country code, such as US`), documented as the
 * pattern with the example. Every pattern of every validator goes through
 * it rather than VineJS's `regex()` (whose message cannot say which form).
 */
export const matches = vine.createRule(
  (
    value: unknown,
    options: { pattern: RegExp; accepts: string; example: string },
    field: FieldContext
  ) => {
    if (typeof value === 'string' && !options.pattern.test(value)) {
      report(field, 'regex', {
        accepts: options.accepts,
        example: options.example,
        pattern: options.pattern.source,
      })
    }
  },
  {
    toJSONSchema: (schema, options) =>
      void Object.assign(schema, {
        pattern: options.pattern.source,
        examples: [options.example],
      }),
  }
)

export const phone = () =>
  text()
    .trim()
    .maxLength(32)
    .use(
      matches({
        pattern: /^\+?[0-9 ().-]{5,32}$/,
        accepts: 'a phone number of 5 to 32 digits, spaces and + ( ) . -',
        example: '+1 555 0100',
      })
    )

/**
 * A variant's SKU (app/domain/sku.ts).
 */
export const sku = () =>
  text()
    .trim()
    .use(matches({ pattern: SKU_PATTERN, accepts: SKU_ACCEPTS, example: 'TEE-M-RED' }))

/**
 * A 2-letter ISO 3166 country code (any case; stored in capitals).
 */
export const countryCode = () =>
  text()
    .trim()
    .use(
      matches({
        pattern: /^[A-Za-z]{2}$/,
        accepts: 'a 2-letter ISO country code',
        example: 'US',
      })
    )
    .toUpperCase()

/**
 * The fields of a postal address, each optional and nullable (`null`
 * clears it): nested under `address` in the API, flat in the panel's user
 * form.
 */
export const addressFields = {
  line1: () => text().trim().minLength(1).maxLength(200).nullable().optional(),
  line2: () => text().trim().maxLength(200).nullable().optional(),
  city: () => text().trim().minLength(1).maxLength(100).nullable().optional(),
  postal_code: () => text().trim().minLength(1).maxLength(20).nullable().optional(),
  country: () => countryCode().nullable().optional(),
}

const address = () =>
  vine.object({
    line1: addressFields.line1(),
    line2: addressFields.line2(),
    city: addressFields.city(),
    postal_code: addressFields.postal_code(),
    country: addressFields.country(),
  })

/**
 * A person's name (accounts, shipping addresses).
 */
export const fullName = () => text().trim().minLength(1).maxLength(120)

/**
 * Optional profile fields shared by registration and profile updates.
 * `null` clears a field.
 */
export const profileFields = {
  phone: phone().nullable().optional(),
  address: address().optional(),
}

/**
 * A query-string validator: an empty value (`q=`, `status=`, as frontends
 * send an empty filter) is no filter, the same as leaving the parameter
 * out (issue 15, item 3).
 */
export function compileQuery<Schema extends SchemaTypes>(schema: Schema) {
  return new VineValidator<Schema, Record<string, any> | undefined>(schema, {
    convertEmptyStringsToNull: true,
    messagesProvider: vine.messagesProvider,
    errorReporter: vine.errorReporter,
  })
}

/**
 * A decimal amount ("19.99") is a JSON string: anything else (a number, a
 * boolean) is refused with the form that would be accepted.
 */
const decimalStringType = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (!field.isDefined) {
      return false
    }
    if (typeof value !== 'string') {
      report(field, 'decimalAmount')
      return false
    }
    return true
  },
  { toJSONSchema: (schema) => void (schema.type = 'string') }
)

class DecimalString extends VineString {
  constructor(...args: ConstructorParameters<typeof VineString>) {
    super(...args)
    this.dataTypeValidator = decimalStringType()
  }

  clone(): this {
    return new DecimalString(this.cloneOptions(), this.cloneValidations()) as this
  }
}

/**
 * The type of a decimal amount: a string, refused as "a decimal string
 * such as "19.99"" when it is anything else. The form is checked by the
 * caller's rule (`#validators/catalog`).
 */
export const decimalString = () => new DecimalString().use(noControlCharacters())

/**
 * `page`, `per_page` and `cursor` of every paginated list (100 per page
 * at most). `cursor` is a `meta.next_cursor` / `meta.prev_cursor` of the
 * same list (opaque; refused with `page`, or from another list).
 */
export const paginationFields = {
  page: queryInteger().range([1, 1_000_000]).optional(),
  per_page: queryInteger().range([1, 100]).optional(),
  cursor: text().trim().maxLength(512).optional(),
}
