import { preparedRows } from '#services/prepared_query'

/**
 * The columns of `products` the API shows (never `search_vector`: a
 * product's whole tsvector, read for nothing by `products.*`).
 */
export const PRODUCT_COLUMNS = [
  'id',
  'category_id',
  'name',
  'slug',
  'description',
  'tax_class',
  'price',
  'max_price',
  'stock',
  'low_stock_threshold',
  'is_active',
  'created_at',
  'updated_at',
].map((column) => `products.${column}`)

/**
 * A list page's products as the database wrote them (PostgreSQL): the
 * `data` array as JSON text, the number of rows read (one more than the
 * page when there is a page beyond) and the sort key and id of each row
 * shown, in the page's order.
 */
export interface JsonPage {
  data: string
  fetched: number
  keys: Array<string | number>
  ids: number[]
  /**
   * The total asked for with the page (`total` option): null when the
   * page answered it (not full), else the count or the estimate.
   */
  counted?: { total: number; estimate: boolean } | null
}

/**
 * A statement as catalog_total takes it (migration 1732250001401): the
 * SQL with `%L` for each value (and `%` written `%%`), the values as text.
 */
function forCatalogTotal(statement: { sql: string; bindings: readonly unknown[] }) {
  return {
    query: statement.sql.replace(/%/g, '%%').replace(/\?/g, '%L'),
    params: statement.bindings.map((value) => {
      if (value === null || value === undefined) return null
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new Error('A list filter is not a finite number')
        return String(value)
      }
      if (typeof value === 'boolean' || typeof value === 'string') return String(value)
      throw new Error(`A list filter of type ${typeof value} cannot be sent to catalog_total`)
    }),
  }
}

/**
 * Minor units as the API's decimal string (toDecimalString): 1250 ->
 * "12.50". Prices are never negative (a CHECK on the column).
 */
const decimal = (column: string) =>
  `((${column}) / 100)::text || '.' || lpad(((${column}) % 100)::text, 2, '0')`

/**
 * A timestamp as isoTimestamp writes it: UTC, to the second, `Z`.
 */
const iso = (column: string) =>
  `to_char((${column}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

/**
 * One product of a list as serializeProduct answers it (without options
 * and variants), from a row of `page`.
 */
const PRODUCT_JSON = `json_build_object(
  'id', r.id,
  'slug', r.slug,
  'name', r.name,
  'description', r.description,
  'price', ${decimal('r.price')},
  'max_price', ${decimal('coalesce(r.max_price, r.price)')},
  'currency', ?::text,
  'stock', r.stock,
  'in_stock', r.stock > 0,
  'low_stock_threshold', r.low_stock_threshold,
  'is_active', r.is_active,
  'category', (select json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) from categories c where c.id = r.category_id),
  'images', coalesce((select json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position) order by i.position, i.id) from product_images i where i.product_id = r.id), '[]'::json),
  'created_at', ${iso('r.created_at')},
  'updated_at', ${iso('r.updated_at')}
)`

/**
 * Runs a list page's statement (`sql`: the page's products in their
 * order, `per_page + 1` at most, each with its `cursor_key`) and has
 * PostgreSQL write the page's JSON in the same statement (issue 21, item
 * 3): one round trip, and no model, relation or serializer per row in
 * Node. `order` orders the page's rows again (columns of `page`, the
 * statement's own order); `reversed`: the statement reads backwards (a
 * `prev` cursor), and the page is shown the other way round.
 *
 * Tested against serializeProduct (tests/functional/catalog/json_page.spec.ts).
 */
export async function jsonPage(
  statement: { sql: string; bindings: readonly unknown[] },
  options: {
    order: string
    perPage: number
    reversed: boolean
    currency: string
    /**
     * The matching rows (unsorted), counted in the same statement when
     * the page is full or past the end (`pastTheEnd`: not page 1):
     * catalog_total's estimate above `above` rows.
     */
    total?: {
      statement: { sql: string; bindings: readonly unknown[] }
      /**
       * What the planner is asked to estimate instead of `statement`: a
       * superset of it that is cheaper to plan (migration 1732250001501).
       */
      estimate?: { sql: string; bindings: readonly unknown[] }
      above: number
      pastTheEnd: boolean
    }
  }
): Promise<JsonPage> {
  const shown = options.reversed ? 'rn desc' : 'rn'
  const bindings: unknown[] = [
    ...statement.bindings,
    options.currency,
    options.perPage,
    options.perPage,
    options.perPage,
  ]
  let total = ''
  if (options.total) {
    const counted = forCatalogTotal(options.total.statement)
    const estimate = options.total.estimate ? forCatalogTotal(options.total.estimate) : null
    total = `,
  case when coalesce(max(rn), 0) > ? or (max(rn) is null and ?::boolean)
    then catalog_total(${estimate ? '?, ?::text[], ' : ''}?, ?::text[], ?) end as total`
    bindings.push(
      options.perPage,
      options.total.pastTheEnd,
      ...(estimate ? [estimate.query, estimate.params] : []),
      counted.query,
      counted.params,
      options.total.above
    )
  }
  const sql = `with page as (${statement.sql}),
ranked as (select page.*, row_number() over (order by ${options.order}) as rn from page)
select coalesce(max(rn), 0)::int as fetched,
  coalesce(json_agg(${PRODUCT_JSON} order by ${shown}) filter (where rn <= ?), '[]'::json)::text as data,
  array_agg(r.cursor_key order by ${shown}) filter (where rn <= ?) as keys,
  array_agg(r.id order by ${shown}) filter (where rn <= ?) as ids${total}
from ranked r`
  // A named statement: the same filters and sort are the same SQL.
  const [row] = await preparedRows<{
    fetched: number
    data: string
    keys: Array<string | number> | null
    ids: number[] | null
    total?: string | number | null
  }>(sql, bindings)
  const counted =
    row.total === undefined || row.total === null
      ? null
      : { total: Math.abs(Number(row.total)), estimate: Number(row.total) < 0 }
  return {
    data: row.data,
    fetched: row.fetched,
    keys: row.keys ?? [],
    ids: row.ids ?? [],
    counted,
  }
}
