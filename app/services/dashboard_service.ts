import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#services/db_time'
import { toDecimalString } from '#services/money'

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
      client
        .from('products')
        .where('is_active', true)
        .whereRaw('stock <= low_stock_threshold')
        .orderBy('stock')
        .orderBy('id')
        .limit(10)
        .select('id', 'name', 'stock', 'low_stock_threshold'),
      client
        .from('products')
        .where('is_active', true)
        .whereRaw('stock <= low_stock_threshold')
        .count('* as total')
        .first(),
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
        products: lowStock.map((row: any) => ({
          id: row.id,
          name: row.name,
          stock: row.stock,
          threshold: row.low_stock_threshold,
        })),
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
}
