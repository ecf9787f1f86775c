import vine from '@vinejs/vine'
import { fullName, passwordRule, profileFields } from '#validators/rules'
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
