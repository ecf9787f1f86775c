import vine from '@vinejs/vine'
import { emailRule, passwordRule, profileFields } from '#validators/rules'

/**
 * Registration: never a role (unknown fields are dropped by VineJS).
 */
export const registerValidator = vine.compile(
  vine.object({
    email: emailRule().unique(async (db, value) => {
      const existing = await db.from('users').where('email', value).select('id').first()
      return !existing
    }),
    password: passwordRule(),
    full_name: vine.string().trim().minLength(1).maxLength(120),
    ...profileFields,
  })
)

export const loginValidator = vine.compile(
  vine.object({
    email: vine.string().trim().maxLength(254).toLowerCase(),
    password: vine.string().maxLength(128),
  })
)

export const refreshTokenValidator = vine.compile(
  vine.object({
    refresh_token: vine.string().trim().minLength(1).maxLength(200),
  })
)
