/*
|--------------------------------------------------------------------------
| Transmit: who may listen, and what is said
|--------------------------------------------------------------------------
|
| Subscriptions are checked here (the JWT was verified by the transmit
| guard middleware). What is said comes from the listeners of committed
| events (start/events.ts, app/listeners). With Redis configured,
| Transmit's transport carries each broadcast to the subscribers of every
| instance.
|
*/
import { randomUUID } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import transmit from '@adonisjs/transmit/services/main'
import type { HttpContext } from '@adonisjs/core/http'
import { LiveAccess } from '#services/live_access'
import { serializeOncePerBroadcast } from '#services/realtime/fan_out'
import { endSubscriptionsHere } from '#listeners/end_live_access'
import { ResilientRedisTransport } from '#infrastructure/redis_transport'
import { redisCommandTimeoutMs, redisServerOptions } from '#config/redis'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'

/**
 * A broadcast is serialized once for all its subscribers and written
 * straight to their responses (app/services/realtime/fan_out.ts).
 */
serializeOncePerBroadcast(transmit)

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

/*
|--------------------------------------------------------------------------
| Subscriptions end with the right to them (issue 14, finding 9)
|--------------------------------------------------------------------------
|
| A demoted staff member or an ended session (logout, password change)
| raises `user:access_changed` once committed; its listener
| (app/listeners/end_live_access.ts) ends the private subscriptions this
| instance accepted with it, and with Redis tells the other instances over
| this bus, since the subscription may have been made on any of them.
| Broadcasts themselves come from listeners too (start/events.ts), after
| commit, never for a rolled-back change.
|
*/
const revocationBus = redisEnabled
  ? new ResilientRedisTransport(
      redisServerOptions,
      'live access',
      redisKeyPrefix,
      redisCommandTimeoutMs
    ).setId(randomUUID())
  : null

if (revocationBus) {
  LiveAccess.connect(revocationBus, endSubscriptionsHere)
  app.terminating(() => revocationBus.disconnect())
}

transmit.on('disconnect', ({ uid }) => LiveAccess.forget(uid))
