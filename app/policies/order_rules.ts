import {
  ORDER_TRANSITIONS,
  allowedMoves,
  canMove,
  type MoveActor,
  type OrderStatus,
} from '#domain/order_transitions'

export { ORDER_TRANSITIONS }

/**
 * Who is looking at or changing an order: a signed-in user (the API's
 * User model, or the panel's session user read into this shape).
 */
export interface OrderViewer {
  id: number
  isStaff: boolean
}

/**
 * What the rules need to know of an order.
 */
export interface OrderFacts {
  userId: number | null
  status: OrderStatus
}

/**
 * The one place that decides "owner or staff" and the moves each may
 * make (issue 13): the Bouncer policy, the order queries, the lifecycle
 * service and the panel's order actions all ask these functions. Pure:
 * no I/O.
 */
export const OrderRules = {
  /**
   * Staff see every order; a customer sees their own.
   */
  mayView(viewer: OrderViewer, order: Pick<OrderFacts, 'userId'>): boolean {
    return viewer.isStaff || (order.userId !== null && order.userId === viewer.id)
  },

  /**
   * Staff also see an order's low-stock events; customers its status
   * changes only.
   */
  seesStaffEvents(viewer: OrderViewer): boolean {
    return viewer.isStaff
  },

  /**
   * The viewer as the state machine's actor (`#domain/order_transitions`):
   * staff act on every order, a customer on their own.
   */
  moveActor(viewer: OrderViewer, order: Pick<OrderFacts, 'userId'>): MoveActor {
    return {
      role: viewer.isStaff ? 'staff' : 'customer',
      ownsOrder: order.userId !== null && order.userId === viewer.id,
    }
  },

  /**
   * The moves `viewer` may make on `order` now: staff any move of the
   * state machine, the owner only cancelling, anyone else none.
   */
  allowedMoves(viewer: OrderViewer, order: OrderFacts): OrderStatus[] {
    return allowedMoves(order.status, OrderRules.moveActor(viewer, order))
  },

  /**
   * Whether `viewer` may move `order` to `to`; when not, why, with the
   * message of the API's 409 and the moves possible instead.
   */
  decideMove(viewer: OrderViewer, order: OrderFacts & { number?: string }, to: OrderStatus) {
    return canMove(order.status, to, OrderRules.moveActor(viewer, order), order.number)
  },

  /**
   * Whether the state machine has the move at all (what staff may do):
   * the panel shows an order action only then.
   */
  isMove(from: unknown, to: OrderStatus): boolean {
    return (ORDER_TRANSITIONS[from as OrderStatus] ?? []).includes(to)
  },
}
