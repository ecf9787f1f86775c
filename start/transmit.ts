/*
|--------------------------------------------------------------------------
| Transmit: who may listen, and what is said
|--------------------------------------------------------------------------
|
| Subscriptions are checked here (the JWT was verified by the transmit
| guard middleware); broadcasts come from committed `order_events` rows
| and committed stock changes, never from a rolled-back change. With Redis
| configured, Transmit's transport carries each broadcast to the
| subscribers of every instance.
|
*/
import { randomUUID } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import transmit from '@adonisjs/transmit/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import { LiveAccess, type LiveRevocation } from '#services/live_access'
import { ResilientRedisTransport } from '#services/redis_transport'
import { redisCommandTimeoutMs, redisServerOptions } from '#config/redis'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'
import { OrderNotifications } from '#services/order_notifications'
import { StockEvents } from '#services/stock_events'
import { serializeOrderEvent } from '#services/order_serializer'
import { channels } from '#start/channels'

function signedInUser(ctx: HttpContext) {
  const guard = ctx.auth.use('jwt')
  return guard.isAuthenticated ? guard.user : undefined
}

transmit.authorize<{ id: string }>('users/:id/orders', (ctx, { id }) => {
  return signedInUser(ctx)?.id === Number(id)
})

transmit.authorize('staff/orders', (ctx) => {
  return signedInUser(ctx)?.isStaff ?? false
})

OrderNotifications.onCommitted((event, orderNumber) => {
  const payload = serializeOrderEvent(event, orderNumber)
  if (event.type === 'status') {
    transmit.broadcast(channels.userOrders(event.userId), payload)
  }
  transmit.broadcast(channels.staffOrders, payload)
})

StockEvents.onChange((changes) => {
  const at = new Date().toISOString()
  for (const change of changes) {
    transmit.broadcast(channels.productStock(change.productId), {
      product_id: change.productId,
      stock: change.stock,
      at,
    })
  }
})

/*
|--------------------------------------------------------------------------
| Subscriptions end with the right to them (issue 14, finding 9)
|--------------------------------------------------------------------------
|
| A demoted staff member (User model hook) or an ended session (logout,
| password change) revokes the private subscriptions made with it. Each
| instance ends the ones it accepted (the transmit guard remembers who
| made them); Transmit's own transport then tells the instance holding the
| stream. With Redis the revocation itself goes to every instance.
|
*/
function endSubscriptions(revocation: LiveRevocation) {
  for (const { uid, channel } of LiveAccess.take(revocation)) {
    transmit.unsubscribe({ uid, channel, context: undefined as unknown as HttpContext })
  }
}

const revocationBus = redisEnabled
  ? new ResilientRedisTransport(
      redisServerOptions,
      'live access',
      redisKeyPrefix,
      redisCommandTimeoutMs
    ).setId(randomUUID())
  : null
const REVOCATIONS = 'live-access:revoked'

void revocationBus?.subscribe(REVOCATIONS, (revocation: LiveRevocation) =>
  endSubscriptions(revocation)
)

LiveAccess.onRevoked((revocation) => {
  endSubscriptions(revocation)
  revocationBus?.publish(REVOCATIONS, revocation).catch((error) => {
    logger.warn({ err: error }, 'a live-channel revocation could not reach the other instances')
  })
})

transmit.on('disconnect', ({ uid }) => LiveAccess.forget(uid))

if (revocationBus) {
  app.terminating(() => revocationBus.disconnect())
}
