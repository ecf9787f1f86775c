import { BasePolicy } from '@adonisjs/bouncer'
import { AuthorizationResponse } from '@adonisjs/bouncer'
import type User from '#models/user'
import type Order from '#models/order'
import { OrderRules } from '#policies/order_rules'

/**
 * Who may see an order (its details, invoice and events): its owner and
 * staff (OrderRules). Anyone else is told it does not exist (404), so
 * order numbers cannot be probed.
 */
export default class OrderPolicy extends BasePolicy {
  view(user: User, order: Order) {
    if (OrderRules.mayView(user, order)) {
      return true
    }
    return AuthorizationResponse.deny('Order not found', 404)
  }
}
