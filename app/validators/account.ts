import vine from '@vinejs/vine'
import { addressFields, fullName, passwordRule, phone, profileFields } from '#validators/rules'
import { emailRule } from '#validators/email'

/**
 * A new e-mail for the account `meta.userId`: canonical and not another
 * account's.
 */
const emailOfThisUser = () =>
  emailRule()
    .unique(async (db, value, field) => {
      const existing = await db
        .from('users')
        .where('email', value)
        .whereNot('id', field.meta.userId)
        .select('id')
        .first()
      return !existing
    })
    .optional()

/**
 * PATCH /me: every field optional, `null` clears the name, the phone or an
 * address line. A new email is checked for uniqueness against every other
 * account. The role is not a field: sending one is a 422 like any unknown
 * field (#validators/strict_input).
 */
export const updateProfileValidator = vine.withMetaData<{ userId: number }>().compile(
  vine.object({
    email: emailOfThisUser(),
    full_name: fullName().nullable().optional(),
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
    email: emailOfThisUser(),
    full_name: fullName().optional(),
    phone: phone().nullable().optional(),
    address_line1: addressFields.line1(),
    address_line2: addressFields.line2(),
    address_city: addressFields.city(),
    address_postal_code: addressFields.postal_code(),
    address_country: addressFields.country(),
    role: vine.enum(['customer', 'staff', 'admin'] as const).optional(),
  })
)
