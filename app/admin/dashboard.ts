import app from '@adonisjs/core/services/app'
import Order from '#models/order'
import PaymentProviderEvent from '#models/payment_provider_event'
import type { PaymentStatus } from '#domain/payment_status'
import { Components } from '#admin/component_loader'
import { DashboardService } from '#services/dashboard_service'

/**
 * The payment states of a pending order that still waits for its money
 * (as PaymentMethodAdminService counts the orders that use a method).
 */
const AWAITING_PAYMENT: PaymentStatus[] = ['unpaid', 'failed', 'authorized']

/**
 * Issue 20: what the payments need from staff: pending orders with a
 * payment method that are not paid yet (not those paid on delivery), and
 * provider events flagged for attention (a refused amount, a late
 * payment) not yet resolved.
 */
async function paymentFigures() {
  // Counted as `matching`: an alias named like a column (`total`) would be
  // read into the model's attribute, not into $extras.
  const [awaiting, attention] = await Promise.all([
    Order.query()
      .where('status', 'pending')
      .whereNotNull('payment_method_id')
      .where('pay_on_delivery', false)
      .whereIn('payment_status', AWAITING_PAYMENT)
      .count('* as matching')
      .first(),
    PaymentProviderEvent.query()
      .where('needs_attention', true)
      .whereNull('resolved_at')
      .count('* as matching')
      .first(),
  ])
  return {
    awaitingPayment: Number(awaiting?.$extras.matching ?? 0),
    needingAttention: Number(attention?.$extras.matching ?? 0),
  }
}

/**
 * The panel's home: figures from DashboardService and the payments'
 * figures, drawn by the Dashboard component.
 */
export const dashboard = {
  component: Components.Dashboard,
  handler: async () => {
    const service = await app.container.make(DashboardService)
    const [summary, payments] = await Promise.all([service.summary(), paymentFigures()])
    return { ...summary, payments }
  },
}
