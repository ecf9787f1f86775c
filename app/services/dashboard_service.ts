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
 * The promotions used most in the last 30 days (issue 19): redemptions of
 * the orders placed in the period and not cancelled (the orders' date, as
 * the revenue figures), the most redeemed first, then the largest amount
 * given.
 */
function topPromotions(client: Client, since: string) {
  return client
    .from('promotion_redemptions as r')
    .join('promotions as p', 'p.id', 'r.promotion_id')
    .join('orders as o', 'o.id', 'r.order_id')
    .where('o.created_at', '>=', since)
    .whereNot('o.status', 'cancelled')
    .groupBy('p.id', 'p.name', 'p.code')
    .select('p.id', 'p.name', 'p.code')
    .select(
      client.raw('COUNT(*) AS redemptions'),
      client.raw('COALESCE(SUM(r.amount), 0) AS amount')
    )
    .orderBy('redemptions', 'desc')
    .orderBy('amount', 'desc')
    .orderBy('p.id')
    .limit(5)
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

    const [totals, perStatus, perDay, lowStock, lowStockCount, latest, promotions] =
      await Promise.all([
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
             COALESCE(SUM(total), 0) AS revenue_30d,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN discount_total END), 0) AS discounts_today,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN discount_total END), 0) AS discounts_7d,
             COALESCE(SUM(discount_total), 0) AS discounts_30d,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN shipping_total END), 0) AS shipping_today,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN shipping_total END), 0) AS shipping_7d,
             COALESCE(SUM(shipping_total), 0) AS shipping_30d,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN tax_total END), 0) AS tax_today,
             COALESCE(SUM(CASE WHEN created_at >= ? THEN tax_total END), 0) AS tax_7d,
             COALESCE(SUM(tax_total), 0) AS tax_30d`,
              [
                at(startOfToday),
                at(startOfToday),
                at(since7),
                at(since7),
                ...[startOfToday, since7, startOfToday, since7, startOfToday, since7].map(at),
              ]
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
        topPromotions(client, at(since30)),
      ])

    const period = (suffix: 'today' | '7d' | '30d') => ({
      orders: Number(totals?.[`orders_${suffix}`] ?? 0),
      revenue: toDecimalString(Number(totals?.[`revenue_${suffix}`] ?? 0)),
      discounts: toDecimalString(Number(totals?.[`discounts_${suffix}`] ?? 0)),
      shipping: toDecimalString(Number(totals?.[`shipping_${suffix}`] ?? 0)),
      tax: toDecimalString(Number(totals?.[`tax_${suffix}`] ?? 0)),
    })
    const days = new Map(perDay.map((row: any) => [String(row.day), Number(row.total)]))
    return {
      today: period('today'),
      last7Days: period('7d'),
      last30Days: period('30d'),
      topPromotions: promotions.map((row: any) => ({
        id: Number(row.id),
        name: row.name,
        code: row.code ?? null,
        redemptions: Number(row.redemptions),
        amount: toDecimalString(Number(row.amount)),
      })),
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
