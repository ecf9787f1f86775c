import User from '#models/user'
import { normalizeEmail } from '#domain/email'
import { StaffAudit, type StaffActor } from '#services/staff_audit'

/**
 * The orders list's "Customer e-mail" filter (and the orders export's),
 * resolved on the server to the user's id: staff find a customer's orders
 * without the panel ever showing them an e-mail.
 *
 * What it may reveal (issue 16, item 8): whether an address has orders.
 * Decided: the filter matches the whole address only (in its canonical
 * form; no partial or wildcard match, so it cannot be used to list
 * addresses), "no such customer" and "a customer without orders" give the
 * same answer (no orders: an unknown address filters by user id 0, which
 * no order has), and every lookup is written to the audit log (who looked
 * up which address, from where), so a staff member probing addresses
 * leaves a trail admins can read. Staff keep the filter: finding the
 * orders of a customer who writes in is their daily work.
 */
export async function customerIdForEmail(raw: string, actor: StaffActor | null): Promise<number> {
  const normalized = normalizeEmail(raw)
  const email = normalized.email ?? raw.trim().toLowerCase()
  const user = normalized.email ? await User.findBy('email', email) : null
  await StaffAudit.record(actor, {
    action: 'customer_lookup',
    resource: 'orders',
    recordId: null,
    changes: { email },
  })
  return user?.id ?? 0
}
