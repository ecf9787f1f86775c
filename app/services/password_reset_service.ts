import { randomBytes } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { AuthTokenService } from '#services/auth_token_service'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { queueMail } from '#services/mail_outbox'

/**
 * A random password for a reset: 18 random bytes, 24 URL-safe characters.
 */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url')
}

/**
 * An admin resets a user's password (issue 14, finding 13): the new
 * password is hashed as every password is (the User model's auth finder),
 * every refresh token of the user is revoked and their access tokens
 * denied (AuthTokenService.revokeAllForUser: every device signs in again),
 * and the audit log says who did it, from where, for whom, never the
 * password. The user gets the "password changed" e-mail. One
 * transaction: all of it, or none.
 */
export class PasswordResetService {
  constructor(protected tokens = new AuthTokenService()) {}

  async reset(user: User, actor: StaffActor, password: string = randomPassword()) {
    await db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.password = password
      await user.save()
      await this.tokens.revokeAllForUser(user.id, trx)
      await queueMail(trx, { kind: 'password_changed', userId: user.id })
      await StaffAudit.record(
        actor,
        {
          action: 'reset_password',
          resource: 'users',
          recordId: user.id,
          changes: { password: 'reset', sessions: 'revoked' },
        },
        trx
      )
    })
    return password
  }
}
