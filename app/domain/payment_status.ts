/**
 * The payment state of an order (issue 20), separate from fulfilment
 * (`status`). Pure: no I/O.
 *
 *   unpaid -> authorized -> paid -> partially_refunded -> refunded
 *   unpaid -> paid (captured at once)
 *   unpaid | failed -> failed (an attempt failed; the customer may retry)
 *   unpaid | failed -> expired (the window closed; the order is cancelled)
 *
 * `amount_paid` and `amount_refunded` decide paid / partially_refunded /
 * refunded; an expired order that money reached late keeps `expired`
 * until that money is refunded (then `refunded`).
 */
export const PAYMENT_STATUSES = [
  'unpaid',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'failed',
  'expired',
] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/**
 * One payment attempt's state, as the provider reports it.
 */
export const ATTEMPT_STATUSES = [
  'creating',
  'requires_action',
  'processing',
  'authorized',
  'succeeded',
  'failed',
  'cancelled',
] as const
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number]

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const
export type RefundStatus = (typeof REFUND_STATUSES)[number]

export const PAYMENT_PROVIDERS = ['manual', 'stripe'] as const
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number]

export function isPaymentStatus(value: unknown): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly unknown[]).includes(value)
}

/**
 * How far an attempt has come: a provider event only moves an attempt
 * forward (an older `processing` never undoes `succeeded`). Same rank:
 * the newer event wins (`failed` then a retry's `processing`).
 */
const ATTEMPT_RANK: Record<AttemptStatus, number> = {
  creating: 0,
  requires_action: 1,
  processing: 1,
  failed: 1,
  authorized: 2,
  succeeded: 3,
  cancelled: 3,
}

/**
 * Whether an attempt at `from` (last moved by an event created at
 * `fromCreated`, unix seconds, null when unknown) may move to `to` by an
 * event created at `created`.
 */
export function attemptMayMove(
  from: AttemptStatus,
  to: AttemptStatus,
  fromCreated: number | null,
  created: number | null
): boolean {
  if (from === to || from === 'succeeded' || from === 'cancelled') {
    return false
  }
  const rankFrom = ATTEMPT_RANK[from]
  const rankTo = ATTEMPT_RANK[to]
  if (rankTo > rankFrom) {
    return true
  }
  if (rankTo < rankFrom) {
    return false
  }
  return fromCreated === null || created === null || created >= fromCreated
}

export interface PaymentAmounts {
  total: number
  amountPaid: number
  amountRefunded: number
}

/**
 * The state money alone decides once something was paid: refunded when
 * everything paid went back, partially_refunded when some did, paid when
 * the total is covered; null when none of these holds (the state stays
 * what events made it: unpaid, authorized, failed or expired).
 */
export function settledStatus(amounts: PaymentAmounts): PaymentStatus | null {
  const { total, amountPaid, amountRefunded } = amounts
  if (amountPaid > 0 && amountRefunded >= amountPaid) {
    return 'refunded'
  }
  if (amountRefunded > 0) {
    return 'partially_refunded'
  }
  if (amountPaid >= total && total > 0) {
    return 'paid'
  }
  return null
}

/**
 * What may still be refunded: paid minus refunded minus refunds under
 * way.
 */
export function refundable(amountPaid: number, amountRefunded: number, pending: number): number {
  return Math.max(0, amountPaid - amountRefunded - pending)
}

/**
 * Whether an order in this payment state may ship: paid (a partial refund
 * keeps it paid for the rest), or paid on delivery, or an order with no
 * payment method (paid outside the system, as before issue 20).
 */
export function mayShip(
  status: PaymentStatus,
  method: { hasMethod: boolean; payOnDelivery: boolean }
): boolean {
  if (!method.hasMethod || method.payOnDelivery) {
    return true
  }
  return status === 'paid' || status === 'partially_refunded'
}

/**
 * Whether a customer may (re)start paying: the order is pending and
 * nothing has been paid or authorized yet.
 */
export function isPayable(status: PaymentStatus): boolean {
  return status === 'unpaid' || status === 'failed'
}
