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
import transmit from '@adonisjs/transmit/services/main'
import type { HttpContext } from '@adonisjs/core/http'
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
