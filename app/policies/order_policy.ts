import { BasePolicy } from '@adonisjs/bouncer'
import { AuthorizationResponse } from '@adonisjs/bouncer'
import type User from '#models/user'
import type Order from '#models/order'

/**
 * Who may see an order (its details, invoice and events): its owner and
 * staff. Anyone else is told it does not exist (404), so order numbers
 * cannot be probed.
 */
export default class OrderPolicy extends BasePolicy {
  view(user: User, order: Order) {
    if (user.isStaff || order.userId === user.id) {
      return true
    }
    return AuthorizationResponse.deny('Order not found', 404)
  }
}
