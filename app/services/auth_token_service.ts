import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { errors } from '@adonisjs/auth'
import User from '#models/user'
import RefreshToken from '#models/refresh_token'
import { jwtSigner, tokenSettings } from '#config/auth'
import { dbTimestamp } from '#services/db_time'
import { dateTime, integer, object, string } from '#openapi/json_schema'

export interface TokenPair {
  token_type: 'Bearer'
  access_token: string
  expires_in: number
  access_token_expires_at: string
  refresh_token: string
  refresh_token_expires_at: string
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function unauthorized(message = 'Invalid or expired refresh token') {
  return new errors.E_UNAUTHORIZED_ACCESS(message, { guardDriverName: 'jwt' })
}

/**
 * Access + refresh token pairs. Refresh tokens are opaque random strings,
 * stored as SHA-256 hashes in `refresh_tokens`, one family per login.
 * Every refresh spends the presented token and issues the next one of the
 * family; presenting a spent token again means it leaked, so the whole
 * family is revoked (reuse detection).
 */
export class AuthTokenService {
  /**
   * A fresh pair, in a new family (login, register) or an existing one
   * (rotation).
   */
  async issue(
    user: User,
    familyId: string = randomUUID(),
    trx?: TransactionClientContract
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url')
    const refreshExpiresAt = DateTime.now().plus({ seconds: tokenSettings.refreshTtl })
    await RefreshToken.create(
      {
        userId: user.id,
        familyId,
        tokenHash: hashToken(refreshToken),
        expiresAt: refreshExpiresAt,
      },
      { client: trx }
    )
    const access = await jwtSigner.sign(user)
    return {
      token_type: 'Bearer',
      access_token: access.value,
      expires_in: access.expiresIn,
      access_token_expires_at: access.expiresAt.toISOString(),
      refresh_token: refreshToken,
      refresh_token_expires_at: refreshExpiresAt.toUTC().toISO()!,
    }
  }

  /**
   * Spends a refresh token and returns the user with the next pair.
   * Unknown, expired or revoked tokens are 401; a token already spent
   * revokes its family, then 401.
   */
  async rotate(presented: string): Promise<{ user: User; tokens: TokenPair }> {
    const record = await RefreshToken.findBy('tokenHash', hashToken(presented))
    if (!record) {
      throw unauthorized()
    }
    if (record.usedAt || record.revokedAt) {
      await this.revokeFamily(record.familyId)
      throw unauthorized('Refresh token reuse detected: please sign in again')
    }
    if (record.expiresAt <= DateTime.now()) {
      throw unauthorized()
    }

    const rotated = await db.transaction(async (trx) => {
      /**
       * Guarded update: of two concurrent refreshes with the same token,
       * exactly one spends it; the other is treated as reuse.
       */
      const spent = await trx
        .from('refresh_tokens')
        .where('id', record.id)
        .whereNull('used_at')
        .whereNull('revoked_at')
        .update({ used_at: dbTimestamp(trx) })
      if (Number(spent) !== 1) {
        return null
      }
      const user = await User.find(record.userId, { client: trx })
      if (!user) {
        return null
      }
      return { user, tokens: await this.issue(user, record.familyId, trx) }
    })

    if (!rotated) {
      await this.revokeFamily(record.familyId)
      throw unauthorized('Refresh token reuse detected: please sign in again')
    }
    return rotated
  }

  /**
   * Logout: revokes the family of the presented token. Unknown tokens are
   * ignored (logging out twice is not an error).
   */
  async revoke(presented: string): Promise<void> {
    const record = await RefreshToken.findBy('tokenHash', hashToken(presented))
    if (record) {
      await this.revokeFamily(record.familyId)
    }
  }

  async revokeFamily(familyId: string, trx?: TransactionClientContract): Promise<void> {
    const client = trx ?? db.connection()
    await client
      .from('refresh_tokens')
      .where('family_id', familyId)
      .whereNull('revoked_at')
      .update({ revoked_at: dbTimestamp(client) })
  }

  async revokeAllForUser(userId: number, trx?: TransactionClientContract): Promise<void> {
    const client = trx ?? db.connection()
    await client
      .from('refresh_tokens')
      .where('user_id', userId)
      .whereNull('revoked_at')
      .update({ revoked_at: dbTimestamp(client) })
  }
}

/**
 * The OpenAPI schema of a token pair (`AuthTokenService.issue`).
 */
export const tokenSchemas = {
  TokenPair: object({
    token_type: { type: 'string', const: 'Bearer' },
    access_token: { ...string, description: 'A JWT (HS256): send it as `Authorization: Bearer`.' },
    expires_in: { ...integer, description: 'Seconds the access token lives.' },
    access_token_expires_at: dateTime,
    refresh_token: {
      ...string,
      description: 'Single use: POST it to /auth/refresh for the next pair.',
    },
    refresh_token_expires_at: dateTime,
  }),
}
