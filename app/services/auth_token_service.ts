import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#models/user'
import RefreshToken from '#models/refresh_token'
import { jwtSigner, tokenSettings } from '#config/auth'
import { dbTimestamp } from '#services/db_time'
import { AccessDenyList, DENY_MARGIN_SECONDS } from '#auth/access_deny_list'
import { AuthenticationError } from '#auth/auth_errors'
import { emitAfterCommit } from '#events/after_commit'
import type { TokenPair } from '#serializers/token_serializer'
import { isoTimestamp } from '#serializers/timestamp'

interface RefreshSettings {
  reuseGraceSeconds: number
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * A spent token presented again (reuse), or one of a family ended by
 * logout or a password change: 401 E_REFRESH_REVOKED either way.
 */
function revoked(record: RefreshToken) {
  return new AuthenticationError(
    'E_REFRESH_REVOKED',
    record.usedAt && !record.revokedAt
      ? 'Refresh token reuse detected (it was already traded): sign in again'
      : undefined
  )
}

function graceSeconds(): number {
  return app.config.get<RefreshSettings>('refresh_tokens').reuseGraceSeconds
}

/**
 * The successor of a spent token is encrypted for that token only.
 */
function successorPurpose(tokenHash: string) {
  return `refresh_successor:${tokenHash}`
}

/**
 * Access + refresh token pairs. Refresh tokens are opaque random strings,
 * stored as SHA-256 hashes in `refresh_tokens`, one family per login (the
 * family id is the access tokens' `sid` claim).
 * Every refresh spends the presented token and issues the next one of the
 * family; presenting a spent token again means it leaked, so the whole
 * family is revoked (reuse detection), except within a short grace window
 * after the rotation (JWT_REFRESH_GRACE, 10 s): two tabs refreshing at
 * once, or a retry after a lost answer, get the same new pair.
 * Ending a family (logout, reuse, password change) also denies its access
 * tokens for the rest of their lifetime (AccessDenyList).
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
    const { pair, row } = await this.prepare(user, familyId)
    await RefreshToken.create(row, { client: trx })
    return pair
  }

  /**
   * Spends a refresh token and returns the user with the next pair.
   * Unknown, expired or revoked tokens are 401; a token already spent
   * answers the pair it was traded for within the grace window, and
   * otherwise revokes its family, then 401.
   */
  async rotate(presented: string): Promise<{ user: User; tokens: TokenPair }> {
    const record = await RefreshToken.findBy('tokenHash', hashToken(presented))
    if (!record) {
      throw new AuthenticationError('E_REFRESH_INVALID')
    }
    if (record.usedAt || record.revokedAt) {
      return this.replayOrRevoke(record)
    }
    if (record.expiresAt <= DateTime.now()) {
      throw new AuthenticationError('E_REFRESH_EXPIRED')
    }

    const grace = graceSeconds()
    const rotated = await db.transaction(async (trx) => {
      const user = await User.find(record.userId, { client: trx })
      if (!user) {
        return null
      }
      const next = await this.prepare(user, record.familyId)
      /**
       * Guarded update: of two concurrent refreshes with the same token,
       * exactly one spends it, and records (encrypted, expiring with the
       * grace window) the pair it was traded for; the other finds that
       * pair once this transaction commits.
       */
      const spent = await trx
        .from('refresh_tokens')
        .where('id', record.id)
        .whereNull('used_at')
        .whereNull('revoked_at')
        .update({
          used_at: dbTimestamp(trx),
          successor:
            grace > 0
              ? encryption.encrypt(next.pair, `${grace}s`, successorPurpose(record.tokenHash))
              : null,
        })
      if (Number(spent) !== 1) {
        return null
      }
      await RefreshToken.create(next.row, { client: trx })
      return { user, tokens: next.pair }
    })

    if (!rotated) {
      const current = await RefreshToken.find(record.id)
      return this.replayOrRevoke(current ?? record)
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
      .update({ revoked_at: dbTimestamp(client), successor: null })
    await AccessDenyList.deny([familyId], tokenSettings.accessTtl, client)
    // Its live subscriptions end once this commits (issue 14, finding 9).
    await emitAfterCommit(client, 'user:access_changed', { sessionIds: [familyId] })
  }

  /**
   * Every session of the user ends (password change): its refresh tokens
   * are revoked, and the access tokens of the sessions that can still hold
   * a live one (a token issued within the access-token lifetime) are
   * denied.
   */
  async revokeAllForUser(userId: number, trx?: TransactionClientContract): Promise<void> {
    const client = trx ?? db.connection()
    const cutoff = DateTime.now().minus({
      seconds: tokenSettings.accessTtl + DENY_MARGIN_SECONDS,
    })
    const recent = await client
      .from('refresh_tokens')
      .where('user_id', userId)
      .where('created_at', '>=', dbTimestamp(client, cutoff))
      .distinct('family_id')
    await client
      .from('refresh_tokens')
      .where('user_id', userId)
      .whereNull('revoked_at')
      .update({ revoked_at: dbTimestamp(client), successor: null })
    await AccessDenyList.deny(
      recent.map((row: { family_id: string }) => row.family_id),
      tokenSettings.accessTtl,
      client
    )
    // Every live subscription of the user ends once this commits (issue 14, finding 9).
    await emitAfterCommit(client, 'user:access_changed', { userId })
  }

  /**
   * The next pair of a family and the refresh-token row to store for it.
   */
  protected async prepare(user: User, familyId: string) {
    const refreshToken = randomBytes(32).toString('base64url')
    const refreshExpiresAt = DateTime.now().plus({ seconds: tokenSettings.refreshTtl })
    const access = await jwtSigner.sign(user, Date.now(), familyId)
    const pair: TokenPair = {
      token_type: 'Bearer',
      access_token: access.value,
      expires_in: access.expiresIn,
      access_token_expires_at: isoTimestamp(access.expiresAt),
      refresh_token: refreshToken,
      refresh_token_expires_at: isoTimestamp(refreshExpiresAt),
    }
    const row = {
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: refreshExpiresAt,
    }
    return { pair, row }
  }

  /**
   * A spent token presented again: the pair it was traded for while the
   * grace window lasts and its family is open, otherwise reuse.
   */
  protected async replayOrRevoke(record: RefreshToken): Promise<{ user: User; tokens: TokenPair }> {
    const replay = await this.replay(record)
    if (replay) {
      return replay
    }
    await this.revokeFamily(record.familyId)
    throw revoked(record)
  }

  protected async replay(record: RefreshToken): Promise<{ user: User; tokens: TokenPair } | null> {
    const grace = graceSeconds()
    if (grace <= 0 || !record.usedAt || record.revokedAt || !record.successor) {
      return null
    }
    if (record.usedAt < DateTime.now().minus({ seconds: grace })) {
      return null
    }
    const tokens = encryption.decrypt<TokenPair>(
      record.successor,
      successorPurpose(record.tokenHash)
    )
    if (!tokens) {
      return null
    }
    const successor = await RefreshToken.findBy('tokenHash', hashToken(tokens.refresh_token))
    if (!successor || successor.revokedAt) {
      return null
    }
    const user = await User.find(record.userId)
    return user ? { user, tokens } : null
  }
}
