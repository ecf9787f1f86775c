/**
 * The order state machine and who may make which move. Pure: no I/O, no
 * models (the Order model's status list and the User model's roles are the
 * same strings; TypeScript checks they stay assignable).
 *
 *   pending -> shipped -> delivered
 *   pending -> cancelled
 *
 * Staff (and admins) may make any move of the machine; a customer may only
 * cancel their own pending order; nobody moves an order that is delivered
 * or cancelled.
 */
export const ORDER_STATUSES = ['pending', 'shipped', 'delivered', 'cancelled'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const ACTOR_ROLES = ['customer', 'staff', 'admin'] as const
export type ActorRole = (typeof ACTOR_ROLES)[number]

export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
}

/**
 * The moves a customer may make on their own order (from any status the
 * machine allows it).
 */
const CUSTOMER_MOVES: readonly OrderStatus[] = ['cancelled']

export function isOrderStatus(value: unknown): value is OrderStatus {
  return (ORDER_STATUSES as readonly unknown[]).includes(value)
}

export function isStaffRole(role: ActorRole): boolean {
  return role === 'staff' || role === 'admin'
}

/**
 * Who asks for a move: their role and, for a customer, whether the order
 * is theirs (staff act on every order).
 */
export interface MoveActor {
  role: ActorRole
  ownsOrder: boolean
}

function actorOf(actor: ActorRole | MoveActor): MoveActor {
  return typeof actor === 'string' ? { role: actor, ownsOrder: true } : actor
}

/**
 * The moves `actor` may make from `from` now, in the machine's order.
 * A bare role is taken to be the order's owner (or staff).
 */
export function allowedMoves(from: OrderStatus, actor: ActorRole | MoveActor): OrderStatus[] {
  const { role, ownsOrder } = actorOf(actor)
  const moves = isOrderStatus(from) ? ORDER_TRANSITIONS[from] : []
  if (isStaffRole(role)) {
    return [...moves]
  }
  return ownsOrder ? moves.filter((to) => CUSTOMER_MOVES.includes(to)) : []
}

/**
 * Why a move is refused:
 * - `not_owner`: a customer asking about someone else's order (the API
 *   answers 404: the order is not theirs to know of);
 * - `final`: the order is delivered or cancelled, nothing moves it;
 * - `not_in_machine`: the machine has no such move from this status (for
 *   anyone);
 * - `not_for_role`: the machine has the move, but only staff may make it.
 */
export type MoveRefusal = 'not_owner' | 'final' | 'not_in_machine' | 'not_for_role'

export type MoveDecision =
  | { allowed: true }
  | { allowed: false; reason: MoveRefusal; message: string; allowedMoves: OrderStatus[] }

/**
 * Whether `actor` may move an order from `from` to `to`; when not, why,
 * with the message the API's 409 (`E_INVALID_TRANSITION`) gives and the
 * moves that are possible instead. `orderNumber` only names the order in
 * the message.
 */
export function canMove(
  from: OrderStatus,
  to: OrderStatus,
  actor: ActorRole | MoveActor,
  orderNumber?: string
): MoveDecision {
  const resolved = actorOf(actor)
  const staff = isStaffRole(resolved.role)
  const moves = allowedMoves(from, resolved)
  if (moves.includes(to)) {
    return { allowed: true }
  }
  const subject = orderNumber ? `Order ${orderNumber}` : 'The order'
  if (!staff && !resolved.ownsOrder) {
    return {
      allowed: false,
      reason: 'not_owner',
      message: 'Order not found',
      allowedMoves: [],
    }
  }
  const machine = isOrderStatus(from) ? ORDER_TRANSITIONS[from] : []
  const reason: MoveRefusal = !machine.length
    ? 'final'
    : machine.includes(to)
      ? 'not_for_role'
      : 'not_in_machine'
  const message = moves.length
    ? `${subject} is ${from}: it can move to ${moves.join(' or ')}, not ${to}`
    : `${subject} is ${from}: no change is possible${staff ? '' : ' for you'}`
  return { allowed: false, reason, message, allowedMoves: moves }
}
