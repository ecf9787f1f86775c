import { stringify } from 'csv-stringify/sync'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { OrderStatus } from '#models/order'
import { toDecimalString } from '#services/money'

/**
 * A cell as a spreadsheet will not run it: text starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading `'` (CSV formula
 * injection: a product named `=HYPERLINK(...)` must stay text when staff
 * open the export).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return ''
  }
  const text = typeof value === 'string' ? value : String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return stringify([header, ...rows.map((row) => row.map(csvCell))], { bom: false })
}

/**
 * The order list's filters, as the panel's list applies them.
 */
export interface OrderExportFilters {
  status?: OrderStatus
  /**
   * Created at or after.
   */
  from?: DateTime
  /**
   * Created at or before.
   */
  to?: DateTime
  userId?: number
}

export const PRODUCT_CSV_COLUMNS = [
  'slug',
  'name',
  'description',
  'price',
  'category_slug',
  'low_stock_threshold',
  'is_active',
  'stock',
] as const

/**
 * CSV exports for staff (issue 16, item 6): orders with the list's
 * filters, products in the columns the import reads back.
 */
export class CsvExportService {
  /**
   * Orders, newest first. `withEmail`: the customer's e-mail is a column
   * (admins); staff get the customer's name only, as in the panel.
   */
  async orders(filters: OrderExportFilters, options: { withEmail: boolean }): Promise<string> {
    const query = db
      .from('orders')
      .leftJoin('users', 'users.id', 'orders.user_id')
      .select('orders.*', 'users.full_name as customer_name', 'users.email as customer_email')
      .orderBy('orders.created_at', 'desc')
      .orderBy('orders.id', 'desc')
    if (filters.status) {
      query.where('orders.status', filters.status)
    }
    const format = db.connection().dialect.dateTimeFormat
    if (filters.from) {
      query.where('orders.created_at', '>=', filters.from.toUTC().toFormat(format))
    }
    if (filters.to) {
      query.where('orders.created_at', '<=', filters.to.toUTC().toFormat(format))
    }
    if (filters.userId !== undefined) {
      query.where('orders.user_id', filters.userId)
    }
    const rows = await query
    const header = [
      'number',
      'created_at',
      'status',
      'customer_id',
      'customer_name',
      ...(options.withEmail ? ['customer_email'] : []),
      'item_count',
      'subtotal',
      'total',
      'currency',
      'invoice_number',
      'ship_full_name',
      'ship_line1',
      'ship_line2',
      'ship_postal_code',
      'ship_city',
      'ship_country',
    ]
    return toCsv(
      header,
      rows.map((row) => [
        row.number,
        timestamp(row.created_at),
        row.status,
        row.user_id,
        row.customer_name,
        ...(options.withEmail ? [row.customer_email] : []),
        row.item_count,
        toDecimalString(Number(row.subtotal)),
        toDecimalString(Number(row.total)),
        row.currency,
        row.invoice_number,
        row.ship_full_name,
        row.ship_line1,
        row.ship_line2,
        row.ship_postal_code,
        row.ship_city,
        row.ship_country,
      ])
    )
  }

  /**
   * Every product, by id, in the import's columns (stock is informative:
   * the import does not change it).
   */
  async products(): Promise<string> {
    const rows = await db
      .from('products')
      .leftJoin('categories', 'categories.id', 'products.category_id')
      .select('products.*', 'categories.slug as category_slug')
      .orderBy('products.id')
    return toCsv(
      [...PRODUCT_CSV_COLUMNS],
      rows.map((row) => [
        row.slug,
        row.name,
        row.description,
        toDecimalString(Number(row.price)),
        row.category_slug,
        row.low_stock_threshold,
        row.is_active === true || row.is_active === 1 ? 'true' : 'false',
        row.stock,
      ])
    )
  }
}

function timestamp(value: unknown): string {
  if (value instanceof Date) {
    return DateTime.fromJSDate(value).toUTC().toISO() ?? ''
  }
  const text = String(value ?? '')
  const parsed = DateTime.fromSQL(text, { zone: 'utc' })
  return parsed.isValid ? (parsed.toUTC().toISO() ?? text) : text
}
