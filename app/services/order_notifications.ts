import logger from '@adonisjs/core/services/logger'
import type OrderEvent from '#models/order_event'

type Listener = (event: OrderEvent, orderNumber: string) => Promise<void> | void

const listeners: Listener[] = []

/**
 * Committed order events, for whoever announces them (the Transmit
 * channels, see start/transmit.ts). Called once per `order_events` row,
 * after its transaction commits; never for a rolled-back change.
 */
export const OrderNotifications = {
  onCommitted(listener: Listener) {
    listeners.push(listener)
  },

  async committed(event: OrderEvent, orderNumber: string) {
    for (const listener of listeners) {
      try {
        await listener(event, orderNumber)
      } catch (error) {
        logger.error({ err: error, event: event.id }, 'an order event listener failed')
      }
    }
  },
}
