import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import User from '#models/user'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'
import { dbTimestamp } from '#services/db_time'
import { withTimeout } from '#services/with_timeout'

const TABLE = 'denied_access_tokens'

/**
 * Seconds past an access token's lifetime its denial is kept (clock skew,
 * the second granularity of `exp`).
 */
export const DENY_MARGIN_SECONDS = 5

let lastWarning = 0

function warnRedisUnavailable(error: unknown) {
  if (Date.now() - lastWarning > 30_000) {
    lastWarning = Date.now()
    logger.warn({ err: error }, 'access-token deny list unreachable (Redis)')
  }
}

/**
 * A Redis that stalls (paused, partitioned) must not hold up every
 * authenticated request: a deny-list command that has not answered in
 * this time counts as failed (fail open, logged).
 */
const REDIS_TIMEOUT_MS = 500

function redisKey(id: string) {
  return `${redisKeyPrefix}denied_access:${id}`
}

/**
 * Access tokens refused before they expire (issue 14, finding 23): a
 * logout or a password change ends sign-in sessions (refresh-token
 * families), and every access token issued in them stops working at once,
 * not when it expires. A token is denied by its `sid` claim (its session),
 * or its `jti` when it has none.
 *
 * Entries live only as long as an access token can: in Redis when it is
 * configured (keys with an expiry, shared by every instance), otherwise in
 * the `denied_access_tokens` table (rows with an expiry, expired ones
 * deleted as new ones come). The guard's check is one lookup: with Redis,
 * one EXISTS next to the user's row; without, an EXISTS column in the
 * query that loads the user (so a denied token is told apart from a
 * deleted account: E_TOKEN_REVOKED). When Redis cannot be reached or does not answer
 * within 500 ms the list fails open (logged): a revoked token then works
 * until it expires, as before.
 */
export const AccessDenyList = {
  /**
   * Denies the tokens of these sessions for `accessTtl` seconds (the
   * longest an access token lives) and a margin. `client` is the
   * transaction the sessions are ended in (used for the table; Redis is
   * written at once).
   */
  async deny(ids: string[], accessTtl: number, client?: QueryClientContract): Promise<void> {
    if (!ids.length) {
      return
    }
    const ttl = accessTtl + DENY_MARGIN_SECONDS
    if (redisEnabled) {
      try {
        const pipeline = redis.pipeline()
        for (const id of ids) {
          pipeline.set(redisKey(id), '1', 'EX', ttl)
        }
        const results = await withTimeout(pipeline.exec(), REDIS_TIMEOUT_MS, 'Redis')
        const failed = results?.find(([error]) => error)
        if (failed) {
          throw failed[0]
        }
      } catch (error) {
        warnRedisUnavailable(error)
      }
      return
    }
    const connection = client ?? db.connection()
    const now = DateTime.now()
    const expiresAt = dbTimestamp(connection, now.plus({ seconds: ttl }))
    await connection.from(TABLE).where('expires_at', '<', dbTimestamp(connection, now)).delete()
    await connection
      .knexQuery()
      .table(TABLE)
      .insert(ids.map((id) => ({ id, expires_at: expiresAt })))
      .onConflict('id')
      .merge()
  },

  /**
   * The user of an access token (null when the account is gone) and
   * whether the token is denied.
   */
  async findUser(
    userId: number,
    tokenKey: string
  ): Promise<{ user: User | null; denied: boolean }> {
    if (redisEnabled) {
      const [user, denied] = await Promise.all([
        User.find(userId),
        withTimeout(redis.exists(redisKey(tokenKey)), REDIS_TIMEOUT_MS, 'Redis').catch((error) => {
          warnRedisUnavailable(error)
          return 0
        }),
      ])
      return { user, denied: Boolean(denied) }
    }
    const now = dbTimestamp(db.connection())
    const user = await User.query()
      .where('id', userId)
      .select('users.*')
      .select(
        db.raw(
          `case when exists (select 1 from ${TABLE} where id = ? and expires_at > ?) then 1 else 0 end as token_denied`,
          [tokenKey, now]
        )
      )
      .first()
    return { user, denied: Number(user?.$extras.token_denied ?? 0) === 1 }
  },
}
