import vine from '@vinejs/vine'
import { fullName, passwordRule, phone, profileFields, text } from '#validators/rules'
import { emailRule } from '#validators/email'

/**
 * PATCH /me: every field optional. A new email is checked for uniqueness
 * against every other account. The role is not a field: it is ignored.
 */
export const updateProfileValidator = vine.withMetaData<{ userId: number }>().compile(
  vine.object({
    email: emailRule()
      .unique(async (db, value, field) => {
        const existing = await db
          .from('users')
          .where('email', value)
          .whereNot('id', field.meta.userId)
          .select('id')
          .first()
        return !existing
      })
      .optional(),
    full_name: fullName().optional(),
    ...profileFields,
  })
)

/**
 * PUT /me/password
 */
export const changePasswordValidator = vine.withMetaData<{ email: string }>().compile(
  vine.object({
    current_password: vine.string().maxLength(128),
    password: passwordRule('__account_email__'),
  })
)

/**
 * An admin's edit of a user in the panel (its form is flat): the same
 * rules as the profile (canonical, unique e-mail; names, phone and address
 * without control characters) plus the role. `null` clears a field.
 */
export const panelUserValidator = vine.withMetaData<{ userId: number }>().compile(
  vine.object({
    email: emailRule()
      .unique(async (db, value, field) => {
        const existing = await db
          .from('users')
          .where('email', value)
          .whereNot('id', field.meta.userId)
          .select('id')
          .first()
        return !existing
      })
      .optional(),
    full_name: fullName().optional(),
    phone: phone().nullable().optional(),
    address_line1: text().trim().minLength(1).maxLength(200).nullable().optional(),
    address_line2: text().trim().maxLength(200).nullable().optional(),
    address_city: text().trim().minLength(1).maxLength(100).nullable().optional(),
    address_postal_code: text().trim().minLength(1).maxLength(20).nullable().optional(),
    address_country: text()
      .trim()
      .regex(/^[A-Za-z]{2}$/)
      .toUpperCase()
      .nullable()
      .optional(),
    role: vine.enum(['customer', 'staff', 'admin'] as const).optional(),
  })
)
