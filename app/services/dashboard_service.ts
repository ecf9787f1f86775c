import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp } from '#services/db_time'
import { toDecimalString } from '#services/money'

type Client = QueryClientContract

/**
 * Active variants of active products at or below their own low-stock
 * threshold, the lowest stock first (a product is low when one of its
 * variants is: "T-shirt M / red" can run out while L is plenty).
 */
function lowStockVariants(client: Client, options: { count?: boolean } = {}) {
  const query = client
    .from('product_variants as v')
    .join('products as p', 'p.id', 'v.product_id')
    .where('p.is_active', true)
    .where('v.is_active', true)
    .whereRaw('v.stock <= v.low_stock_threshold')
  if (options.count) {
    return query.count('* as total')
  }
  return query
    .orderBy('v.stock')
    .orderBy('v.id')
    .select(
      'v.id as variant_id',
      'v.product_id',
      'p.name',
      'v.title',
      'v.sku',
      'v.stock',
      'v.low_stock_threshold'
    )
}

export interface LowStockVariant {
  productId: number
  variantId: number
  name: string
  title: string
  sku: string
  stock: number
  threshold: number
}

function lowStockRow(row: any): LowStockVariant {
  return {
    productId: Number(row.product_id),
    variantId: Number(row.variant_id),
    name: row.name,
    title: row.title,
    sku: row.sku,
    stock: Number(row.stock),
    threshold: Number(row.low_stock_threshold),
  }
}

/**
 * The staff dashboard's figures, aggregated in SQL (a handful of indexed
 * queries, whatever the number of orders and products).
 */
export class DashboardService {
  async summary(now: DateTime = DateTime.now()) {
    const client = db.connection()
    const isPostgres = client.dialect.name === 'postgres'
    const startOfToday = now.startOf('day')
    const since7 = startOfToday.minus({ days: 6 })
    const since30 = startOfToday.minus({ days: 29 })
    const at = (value: DateTime) => dbTimestamp(client, value)

    const [totals, perStatus, perDay, lowStock, lowStockCount, latest] = await Promise.all([
      client
        .from('orders')
        .where('created_at', '>=', at(since30))
        .whereNot('status', 'cancelled')
        .select(
          client.raw(
            `COUNT(CASE WHEN created_at >= ? THEN 1 END) AS orders_today,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN total END), 0) AS revenue_today,
             COUNT(CASE WHEN created_at >= ? THEN 1 END) AS orders_7d,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN total END), 0) AS revenue_7d,
             COUNT(*) AS orders_30d,
             COALESCE(SUM(total), 0) AS revenue_30d`,
            [at(startOfToday), at(startOfToday), at(since7), at(since7)]
          )
        )
        .first(),
      client.from('orders').select('status').count('* as total').groupBy('status'),
      client
        .from('orders')
        .where('created_at', '>=', at(since30))
        .select(
          client.raw(
            isPostgres
              ? `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`
              : `substr(created_at, 1, 10) AS day`
          )
        )
        .count('* as total')
        .groupBy('day')
        .orderBy('day'),
      lowStockVariants(client).limit(10),
      lowStockVariants(client, { count: true }).first(),
      client
        .from('orders')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(10)
        .select('id', 'number', 'status', 'total', 'currency', 'created_at'),
    ])

    const days = new Map(perDay.map((row: any) => [String(row.day), Number(row.total)]))
    return {
      today: {
        orders: Number(totals?.orders_today ?? 0),
        revenue: toDecimalString(Number(totals?.revenue_today ?? 0)),
      },
      last7Days: {
        orders: Number(totals?.orders_7d ?? 0),
        revenue: toDecimalString(Number(totals?.revenue_7d ?? 0)),
      },
      last30Days: {
        orders: Number(totals?.orders_30d ?? 0),
        revenue: toDecimalString(Number(totals?.revenue_30d ?? 0)),
      },
      ordersPerStatus: Object.fromEntries(
        ['pending', 'shipped', 'delivered', 'cancelled'].map((status) => [
          status,
          Number(perStatus.find((row: any) => row.status === status)?.total ?? 0),
        ])
      ),
      ordersPerDay: Array.from({ length: 30 }, (_, index) => {
        const day = since30.plus({ days: index }).toUTC().toFormat('yyyy-MM-dd')
        return { day, orders: days.get(day) ?? 0 }
      }),
      lowStock: {
        total: Number(lowStockCount?.total ?? 0),
        variants: lowStock.map(lowStockRow),
      },
      latestOrders: latest.map((row: any) => ({
        id: row.id,
        number: row.number,
        status: row.status,
        total: toDecimalString(row.total),
        currency: row.currency,
        createdAt:
          row.created_at instanceof Date ? row.created_at.toISOString() : String(row.created_at),
      })),
    }
  }

  /**
   * The panel's low-stock list: one page of the variants at or below
   * their threshold (see lowStockVariants), with the total.
   */
  async lowStock(pagination: { page?: number; perPage?: number } = {}) {
    const client = db.connection()
    const perPage = Math.min(Math.max(pagination.perPage ?? 50, 1), 200)
    const page = Math.max(pagination.page ?? 1, 1)
    const [rows, count] = await Promise.all([
      lowStockVariants(client)
        .limit(perPage)
        .offset((page - 1) * perPage),
      lowStockVariants(client, { count: true }).first(),
    ])
    const total = Number(count?.total ?? 0)
    return {
      data: rows.map(lowStockRow),
      meta: { total, perPage, page, lastPage: Math.max(1, Math.ceil(total / perPage)) },
    }
  }
}
