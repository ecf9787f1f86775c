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

/**
 * The CSV text; the CSV writer is imported on the first export, not at boot.
 */
export async function toCsv(header: string[], rows: unknown[][]): Promise<string> {
  const { stringify } = await import('csv-stringify/sync')
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

/**
 * The products file, one row per variant, the rows of a product together
 * (its slug, the product's handle, on each): the product's columns, then
 * the variant's. The product's columns are repeated on every row of the
 * product (a row sorted or filtered in a spreadsheet stays whole); the
 * import reads them from the product's first row and accepts the later
 * rows' cells empty or equal. Up to three options, each as a name and the
 * variant's value (`option1_name`, `option1_value`, ...). `stock` is
 * written for information: imports never change stock.
 */
export const PRODUCT_COLUMNS = [
  'slug',
  'name',
  'description',
  'category_slug',
  'is_active',
] as const
export const OPTION_COLUMNS = [
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
] as const
export const VARIANT_COLUMNS = [
  'sku',
  ...OPTION_COLUMNS,
  'price',
  'compare_at_price',
  'low_stock_threshold',
  'weight_grams',
  'variant_is_active',
  'stock',
] as const
export const PRODUCT_CSV_COLUMNS = [...PRODUCT_COLUMNS, ...VARIANT_COLUMNS] as const

const truthy = (value: unknown) => value === true || value === 1 || value === '1'

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
   * Every variant of every product, by product id and the variants'
   * position, in the import's columns (PRODUCT_CSV_COLUMNS).
   */
  async products(): Promise<string> {
    const products = await db
      .from('products')
      .leftJoin('categories', 'categories.id', 'products.category_id')
      .select('products.*', 'categories.slug as category_slug')
      .orderBy('products.id')
    const options = await db.from('product_options').orderBy('product_id').orderBy('position')
    const variants = await db
      .from('product_variants')
      .orderBy('product_id')
      .orderBy('position')
      .orderBy('id')
    const optionsOf = new Map<number, string[]>()
    for (const option of options) {
      const id = Number(option.product_id)
      optionsOf.set(id, [...(optionsOf.get(id) ?? []), option.name])
    }
    const variantsOf = new Map<number, typeof variants>()
    for (const variant of variants) {
      const id = Number(variant.product_id)
      variantsOf.set(id, [...(variantsOf.get(id) ?? []), variant])
    }
    const rows = products.flatMap((product) => {
      const names = optionsOf.get(Number(product.id)) ?? []
      return (variantsOf.get(Number(product.id)) ?? []).map((variant) => {
        const values = JSON.parse(variant.option_values ?? '[]') as string[]
        return [
          product.slug,
          product.name,
          product.description,
          product.category_slug,
          truthy(product.is_active) ? 'true' : 'false',
          variant.sku,
          ...[0, 1, 2].flatMap((index) => [names[index] ?? '', values[index] ?? '']),
          toDecimalString(Number(variant.price)),
          variant.compare_at_price === null
            ? ''
            : toDecimalString(Number(variant.compare_at_price)),
          variant.low_stock_threshold,
          variant.weight_grams,
          truthy(variant.is_active) ? 'true' : 'false',
          variant.stock,
        ]
      })
    })
    return toCsv([...PRODUCT_CSV_COLUMNS], rows)
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
