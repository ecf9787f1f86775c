import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import IdempotencyKey from '#models/idempotency_key'
import type { OrdersConfig } from '#config/orders'
import { ApiError } from '#exceptions/api_error'
import { isUniqueViolation } from '#exceptions/error_mapper'
import { dbTimestamp } from '#services/db_time'

/**
 * The request fingerprint stored with a key is pure code: `#domain/request_hash`.
 */
export { hashRequest } from '#domain/request_hash'

/**
 * The answer an action gives, as recorded with its key: the status and
 * the serialized body (so a replay sends the very same bytes), and the
 * order it created, if any.
 */
export interface RecordedResponse {
  status: number
  body: string
  orderId?: number | null
}

/**
 * What to send: the answer just given, or the one recorded for the key
 * (`replayed`).
 */
export interface IdempotentResponse {
  status: number
  body: string
  replayed: boolean
}

/**
 * A printable key of 1 to 255 characters (a UUID is the usual choice).
 */
const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/

/**
 * The key from the raw request headers: a header sent empty is not "no
 * key" but an invalid one (issue 14, finding 19), so read the headers
 * themselves (`request.header()` turns an empty value into undefined).
 */
export function parseIdempotencyKey(
  headers: Record<string, string | string[] | undefined>
): string | null {
  const header = headers['idempotency-key']
  if (header === undefined) {
    return null
  }
  const key = (Array.isArray(header) ? header.join(', ') : header).trim()
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError(
      422,
      'E_VALIDATION_ERROR',
      'The Idempotency-Key header must be 1 to 255 printable characters',
      [
        {
          code: 'E_VALIDATION_ERROR',
          message: 'The Idempotency-Key header must be 1 to 255 printable characters',
          field: 'Idempotency-Key',
        },
      ]
    )
  }
  return key
}

function settings() {
  return app.config.get<OrdersConfig>('orders').idempotency
}

/**
 * Idempotency-Key for actions that create something (checkout): it wraps
 * the action, not the use case. The action gets the transaction to work
 * in and returns its recorded response (the use case itself knows
 * nothing of keys or HTTP).
 *
 * 1. the key is claimed in its own short statement (`in_flight`), so a
 *    second request with it while the first runs is told so (409) instead
 *    of waiting or doing the work twice;
 * 2. the work runs in one transaction, and the response is written to
 *    the key in that same transaction: either both the order and its
 *    recorded answer exist, or neither;
 * 3. a retry replays the recorded status and body; the same key with a
 *    different request is 422;
 * 4. when the work fails (409 out of stock, 422...) nothing was created and
 *    the key is released, so the client may retry it.
 *
 * A key left `in_flight` by a process that died is taken over after the
 * in-flight timeout; finished keys are forgotten after the retention time.
 */
export class IdempotencyService {
  async run(
    userId: number,
    key: string,
    requestHash: string,
    action: (trx: TransactionClientContract) => Promise<RecordedResponse>
  ): Promise<IdempotentResponse> {
    const claim = await this.claim(userId, key, requestHash)
    if ('replay' in claim) {
      return claim.replay
    }
    try {
      return await db.transaction(async (trx) => {
        const result = await action(trx)
        const recorded = await trx
          .from('idempotency_keys')
          .where({ id: claim.id, state: 'in_flight' })
          .update({
            state: 'completed',
            response_status: result.status,
            response_body: result.body,
            order_id: result.orderId ?? null,
            updated_at: dbTimestamp(trx),
          })
        if (Number(recorded) !== 1) {
          throw this.inFlight()
        }
        return { status: result.status, body: result.body, replayed: false }
      })
    } catch (error) {
      await db
        .from('idempotency_keys')
        .where({ id: claim.id, state: 'in_flight' })
        .delete()
        .catch(() => {})
      throw error
    }
  }

  private async claim(
    userId: number,
    key: string,
    requestHash: string
  ): Promise<{ id: number } | { replay: IdempotentResponse }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const row = await IdempotencyKey.create({ userId, key, requestHash, state: 'in_flight' })
        return { id: row.id }
      } catch (error) {
        if (!isUniqueViolation(error)) {
          throw error
        }
      }
      const existing = await IdempotencyKey.query().where({ userId, key }).first()
      if (!existing) {
        continue
      }
      const now = DateTime.now()
      const { inFlightTimeoutSeconds, retentionHours } = settings()
      if (existing.createdAt < now.minus({ hours: retentionHours })) {
        await db.from('idempotency_keys').where('id', existing.id).delete()
        continue
      }
      if (existing.requestHash !== requestHash) {
        throw new ApiError(
          422,
          'E_IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with a different request',
          [
            {
              code: 'E_IDEMPOTENCY_KEY_REUSED',
              message: 'This Idempotency-Key was used with a different request',
              field: 'Idempotency-Key',
            },
          ]
        )
      }
      if (existing.state === 'completed') {
        return {
          replay: {
            status: existing.responseStatus ?? 200,
            body: existing.responseBody ?? '',
            replayed: true,
          },
        }
      }
      if (existing.updatedAt > now.minus({ seconds: inFlightTimeoutSeconds })) {
        throw this.inFlight()
      }
      /**
       * Abandoned: take it over, unless another retry just did.
       */
      const taken = await db
        .from('idempotency_keys')
        .where({ id: existing.id, state: 'in_flight' })
        .where(
          'updated_at',
          '<',
          dbTimestamp(undefined, now.minus({ seconds: inFlightTimeoutSeconds }))
        )
        .update({ updated_at: dbTimestamp() })
      if (Number(taken) === 1) {
        return { id: existing.id }
      }
      throw this.inFlight()
    }
    throw this.inFlight()
  }

  private inFlight() {
    return new ApiError(
      409,
      'E_IDEMPOTENCY_IN_FLIGHT',
      'A request with this Idempotency-Key is still being processed; retry shortly'
    )
  }
}
