import vine from '@vinejs/vine'
import { fullName, passwordRule, profileFields, text } from '#validators/rules'
import { emailRule } from '#validators/email'

/**
 * Registration: an e-mail and a password; a display name, a phone and an
 * address may come now or later (PATCH /me). Never a role: an unknown
 * field such as `role` is a 422 (#validators/strict_input). The e-mail is
 * unique in its canonical form (`#validators/email`): a look-alike
 * spelling of a taken address is refused like the address.
 */
export const registerValidator = vine.compile(
  vine.object({
    email: emailRule().unique(async (db, value) => {
      const existing = await db.from('users').where('email', value).select('id').first()
      return !existing
    }),
    password: passwordRule(),
    full_name: fullName().nullable().optional(),
    /**
     * What the original projects' clients send as a display name: kept as
     * the full name when no `full_name` comes with it.
     */
    username: fullName().optional(),
    ...profileFields,
  })
)

/**
 * The e-mail is put in its canonical form, so a look-alike spelling signs
 * in to the account it imitates (and shares its sign-in budget).
 */
export const loginValidator = vine.compile(
  vine.object({
    email: emailRule(),
    password: vine.string().maxLength(128),
  })
)

export const refreshTokenValidator = vine.compile(
  vine.object({
    refresh_token: text().trim().minLength(1).maxLength(200),
  })
)
