import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { OrderStatus } from '#models/order'
import { ApiError } from '#exceptions/api_error'
import { CsvExportService, type OrderExportFilters } from '#services/csv_export_service'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import type { AdminSessionUser } from '#admin/auth'
import { customerIdForEmail } from '#admin/customer_filter'

const STATUSES: OrderStatus[] = ['pending', 'shipped', 'delivered', 'cancelled']

function actorOf({ session, request }: HttpContext): {
  actor: StaffActor
  admin: AdminSessionUser
} {
  const admin = session.get('adminUser') as AdminSessionUser | undefined
  if (!admin) {
    throw new ApiError(401, 'E_UNAUTHORIZED_ACCESS', 'Sign in to the panel first')
  }
  return {
    admin,
    actor: { id: Number(admin.id), email: admin.email, ip: request.ip(), via: 'panel' },
  }
}

function one(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value[0] : value
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined
}

/**
 * A date filter value as the list sends it: a date (`2026-11-26`, the
 * whole day) or an ISO timestamp. Anything else is a 422 naming it.
 */
function dateFilter(value: string | undefined, name: string, end: boolean) {
  if (value === undefined) return undefined
  const parsed = DateTime.fromISO(value, { zone: 'utc' })
  if (!parsed.isValid) {
    throw ApiError.unprocessable(`${name} must be a date like 2026-11-26`, name)
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && end ? parsed.endOf('day') : parsed
}

function sendCsv({ response }: HttpContext, name: string, csv: string) {
  response
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
  return response.send(csv)
}

/**
 * GET /admin/exports/orders.csv: the orders list as CSV, with the list's
 * filters in the list's query form (`filters.status`,
 * `filters.createdAt~~from`, `filters.createdAt~~to`,
 * `filters.customerEmail`, `filters.userId`). Staff get the customer's name,
 * admins also the e-mail. Audited (an export carries personal data).
 */
export async function exportOrders(ctx: HttpContext) {
  const { actor, admin } = actorOf(ctx)
  const query = ctx.request.qs()
  const filters: OrderExportFilters = {}
  const status = one(query['filters.status'] ?? query.filters?.status)
  if (status !== undefined) {
    if (!STATUSES.includes(status as OrderStatus)) {
      throw ApiError.unprocessable(
        `filters.status must be one of ${STATUSES.join(', ')}`,
        'filters.status'
      )
    }
    filters.status = status as OrderStatus
  }
  const created = query.filters?.createdAt ?? {}
  filters.from = dateFilter(
    one(query['filters.createdAt~~from'] ?? created['~~from']),
    'filters.createdAt~~from',
    false
  )
  filters.to = dateFilter(
    one(query['filters.createdAt~~to'] ?? created['~~to']),
    'filters.createdAt~~to',
    true
  )
  const userId = one(query['filters.userId'] ?? query.filters?.userId)
  if (userId !== undefined) {
    if (!/^\d{1,10}$/.test(userId)) {
      throw ApiError.unprocessable('filters.userId must be a user id (digits)', 'filters.userId')
    }
    filters.userId = Number(userId)
  }
  const email = one(query['filters.customerEmail'] ?? query.filters?.customerEmail)
  if (email !== undefined) {
    filters.userId = await customerIdForEmail(email, actor)
  }
  const exports = await app.container.make(CsvExportService)
  const csv = await exports.orders(filters, { withEmail: admin.role === 'admin' })
  await StaffAudit.record(actor, {
    action: 'export',
    resource: 'orders',
    recordId: null,
    changes: {
      status: filters.status ?? null,
      from: filters.from?.toISO() ?? null,
      to: filters.to?.toISO() ?? null,
      userId: filters.userId ?? null,
    },
  })
  return sendCsv(ctx, `orders-${DateTime.utc().toFormat('yyyy-MM-dd')}.csv`, csv)
}

/**
 * GET /admin/exports/products.csv: every product, in the columns the
 * import reads (app/services/product_import_service.ts).
 */
export async function exportProducts(ctx: HttpContext) {
  actorOf(ctx)
  const exports = await app.container.make(CsvExportService)
  return sendCsv(
    ctx,
    `products-${DateTime.utc().toFormat('yyyy-MM-dd')}.csv`,
    await exports.products()
  )
}
