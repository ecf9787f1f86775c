import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import User from '#models/user'
import { ApiError } from '#exceptions/api_error'
import { InvoiceService } from '#services/invoice_service'
import { OrderQueryService } from '#services/order_query_service'
import type { AdminSessionUser } from '#admin/auth'

/**
 * GET /admin/orders/:number/invoice: the same PDF as
 * GET /api/v1/orders/:number/invoice (same services, same visibility
 * rule), for a panel session instead of a bearer token. Registered behind
 * the panel's session guard (app/admin/router.ts).
 */
export async function panelInvoice({ params, response, session }: HttpContext) {
  const { orderNumberParamValidator } = await import('#validators/order')
  let number: string
  try {
    ;({ number } = await orderNumberParamValidator.validate(params))
  } catch {
    throw ApiError.notFound('Order not found')
  }
  const signedIn = session.get('adminUser') as AdminSessionUser | undefined
  const viewer = signedIn ? await User.find(Number(signedIn.id)) : null
  if (!viewer?.isStaff) {
    throw new ApiError(403, 'E_FORBIDDEN', 'Only staff can read invoices in the panel')
  }
  const orders = await app.container.make(OrderQueryService)
  const order = await orders.findVisible(number, viewer)
  const invoices = await app.container.make(InvoiceService)
  const pdf = await invoices.render(order)
  response
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="invoice-${order.number}.pdf"`)
    .send(pdf)
}
