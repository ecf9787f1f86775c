import { createHmac, timingSafeEqual } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import type { Secret } from '@adonisjs/core/helpers'
import db from '@adonisjs/lucid/services/db'
import type { LucidModel, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { ApiError } from '#exceptions/api_error'

/**
 * `page`, `per_page` and `cursor` of a list (issue 21, item 1).
 */
export interface SeekInput {
  page?: number
  per_page?: number
  cursor?: string
}

/**
 * How a list is ordered: newest first, by `column` (qualified, never
 * NULL) then `id`; `scope` names the list a cursor belongs to (the route
 * and its filters): a cursor of another list is refused.
 */
export interface SeekOrder {
  column: string
  id: string
  scope: unknown
}

/**
 * The `meta` of a list: a `page` answer counts (`total`, `current_page`,
 * `last_page`); a `cursor` answer does not (null), so a deep page costs
 * what the first does. Both carry the cursors of the pages after and
 * before (null at the ends).
 */
export interface SeekMeta {
  total: number | null
  per_page: number
  current_page: number | null
  last_page: number | null
  next_cursor: string | null
  prev_cursor: string | null
}

interface Cursor {
  v: string | number
  i: number
  d: 'n' | 'p'
}

const CURSOR_MESSAGE =
  "The cursor field must be a next_cursor or prev_cursor of this list's meta, sent with the same filters and per_page"

function signature(scope: unknown, perPage: number, cursor: Cursor) {
  const secret = app.config.get<Secret<string>>('app.appKey').release()
  return createHmac('sha256', secret)
    .update(JSON.stringify(['seek', scope, perPage, cursor.v, cursor.i, cursor.d]))
    .digest('base64url')
    .slice(0, 16)
}

function encode(scope: unknown, perPage: number, cursor: Cursor) {
  const payload = { ...cursor, h: signature(scope, perPage, cursor) }
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

function decode(scope: unknown, perPage: number, raw: string): Cursor {
  const refuse = () => ApiError.unprocessable(CURSOR_MESSAGE, 'cursor')
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(raw)) throw refuse()
  let payload: any
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    throw refuse()
  }
  if (
    payload === null ||
    typeof payload !== 'object' ||
    !(
      (typeof payload.v === 'string' && payload.v.length <= 100) ||
      (typeof payload.v === 'number' && Number.isFinite(payload.v))
    ) ||
    !Number.isSafeInteger(payload.i) ||
    payload.i < 1 ||
    (payload.d !== 'n' && payload.d !== 'p') ||
    typeof payload.h !== 'string' ||
    Object.keys(payload).length !== 4
  ) {
    throw refuse()
  }
  const cursor: Cursor = { v: payload.v, i: payload.i, d: payload.d }
  const expected = Buffer.from(signature(scope, perPage, cursor))
  const given = Buffer.from(payload.h)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw refuse()
  }
  return cursor
}

/**
 * One page of a list, newest first. With `page` (or nothing): that page,
 * counted, with the cursor of the pages after and before it. With
 * `cursor`: the page after (or before) the cursor's row, by seeking on
 * the sort column and the id (the index's order), never an OFFSET, and
 * no count. `page` and `cursor` together are a 422.
 */
export async function seekPage<Model extends LucidModel>(
  query: ModelQueryBuilderContract<Model, InstanceType<Model>>,
  input: SeekInput,
  order: SeekOrder,
  defaultPerPage: number
): Promise<{ rows: InstanceType<Model>[]; meta: SeekMeta }> {
  const perPage = input.per_page ?? defaultPerPage
  if (input.page !== undefined && input.cursor !== undefined) {
    throw ApiError.unprocessable(
      'The cursor field cannot be sent with page: send page for the first pages, then the cursor of the last answer',
      'cursor'
    )
  }
  const isPostgres = db.connection().dialect.name === 'postgres'
  const key = isPostgres ? `(${order.column})::text` : order.column
  const table = order.id.split('.')[0]
  const cursorOf = (row: InstanceType<Model> | undefined, d: 'n' | 'p') =>
    row
      ? encode(order.scope, perPage, {
          v: row.$extras.cursor_key,
          i: Number((row as unknown as { id: number }).id),
          d,
        })
      : null

  if (input.cursor === undefined) {
    const page = input.page ?? 1
    const counting = query
      .clone()
      .clearOrder()
      .clearLimit()
      .clearOffset()
      .clearSelect()
      .count('* as total')
      .pojo<{ total: number | string }>()
    query
      .select(`${table}.*`)
      .select(db.raw(`${key} as cursor_key`))
      .orderBy(order.column, 'desc')
      .orderBy(order.id, 'desc')
      .offset((page - 1) * perPage)
      .limit(perPage + 1)
    const [fetched, counted] = await Promise.all([query.exec(), counting.exec()])
    const total = Number(counted[0]?.total ?? 0)
    const more = fetched.length > perPage
    const rows = fetched.slice(0, perPage)
    return {
      rows,
      meta: {
        total,
        per_page: perPage,
        current_page: page,
        last_page: Math.max(1, Math.ceil(total / perPage)),
        next_cursor: more ? cursorOf(rows[rows.length - 1], 'n') : null,
        prev_cursor: page > 1 ? cursorOf(rows[0], 'p') : null,
      },
    }
  }

  const cursor = decode(order.scope, perPage, input.cursor)
  const backwards = cursor.d === 'p'
  // Newest first: the next page is older (smaller), the previous newer.
  const operator = backwards ? '>' : '<'
  if (isPostgres) {
    query.whereRaw(`(${order.column}, ${order.id}) ${operator} (?, ?)`, [cursor.v, cursor.i])
  } else {
    query.whereRaw(
      `(${order.column} ${operator} ? or (${order.column} = ? and ${order.id} ${operator} ?))`,
      [cursor.v, cursor.v, cursor.i]
    )
  }
  const direction = backwards ? 'asc' : 'desc'
  query
    .select(`${table}.*`)
    .select(db.raw(`${key} as cursor_key`))
    .orderBy(order.column, direction)
    .orderBy(order.id, direction)
    .limit(perPage + 1)
  const fetched = await query.exec()
  const more = fetched.length > perPage
  const rows = fetched.slice(0, perPage)
  if (backwards) rows.reverse()
  return {
    rows,
    meta: {
      total: null,
      per_page: perPage,
      current_page: null,
      last_page: null,
      next_cursor: backwards || more ? cursorOf(rows[rows.length - 1], 'n') : null,
      prev_cursor: !backwards || more ? cursorOf(rows[0], 'p') : null,
    },
  }
}
