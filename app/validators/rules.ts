import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'

export const PASSWORD_MIN_LENGTH = 8

/**
 * Email: trimmed, lowercased (emails are unique case-insensitively).
 */
export function emailRule() {
  return vine.string().trim().maxLength(254).email().toLowerCase()
}

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
      field.report('The password must not be your email address', 'notTheEmail', field)
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

export const phone = () =>
  vine
    .string()
    .trim()
    .maxLength(32)
    .regex(/^\+?[0-9 ().-]{5,32}$/)

const address = () =>
  vine.object({
    line1: vine.string().trim().minLength(1).maxLength(200).nullable().optional(),
    line2: vine.string().trim().maxLength(200).nullable().optional(),
    city: vine.string().trim().minLength(1).maxLength(100).nullable().optional(),
    postal_code: vine.string().trim().minLength(1).maxLength(20).nullable().optional(),
    country: vine
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/)
      .toUpperCase()
      .nullable()
      .optional(),
  })

/**
 * Optional profile fields shared by registration and profile updates.
 * `null` clears a field.
 */
export const profileFields = {
  phone: phone().nullable().optional(),
  address: address().optional(),
}

/**
 * `page` and `per_page` of every paginated list (100 per page at most).
 */
export const paginationFields = {
  page: vine.number().withoutDecimals().range([1, 1_000_000]).optional(),
  per_page: vine.number().withoutDecimals().range([1, 100]).optional(),
}
