import vine from '@vinejs/vine'
import { passwordRule } from '#validators/rules'

/**
 * A password an admin types for a user (panel "Reset password"): the same
 * rules as the API's (PUT /me/password), checked against the user's e-mail.
 */
export const resetPasswordValidator = vine.withMetaData<{ email: string }>().compile(
  vine.object({
    password: passwordRule('__account_email__'),
  })
)
