import { createHmac, timingSafeEqual } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import type { Secret } from '@adonisjs/core/helpers'
import bentoCache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Product from '#models/product'
import Category from '#models/category'
import ProductImage from '#models/product_image'
import ProductVariant from '#models/product_variant'
import ProductOption from '#models/product_option'
import { ApiError } from '#exceptions/api_error'
import { CatalogTags } from '#services/catalog_cache'
import { jsonPage, PRODUCT_COLUMNS, type JsonPage } from '#services/catalog_json_page'
import { toMinorUnits } from '#services/money'
import {
  serializeCategory,
  serializeProduct,
  serializeVariantWithProduct,
  type CategoryNode,
} from '#serializers/catalog_serializer'
import type { CatalogConfig } from '#config/catalog'
import type { ProductSort } from '#domain/product_sorts'

import { PRODUCT_SORTS } from '#domain/product_sorts'

export { PRODUCT_SORTS, type ProductSort } from '#domain/product_sorts'

/**
 * A product or category named by a path: its id, its slug, or (digits)
 * both to try, id first.
 */
export interface ProductKey {
  id: number | null
  slug: string | null
}
export type CategoryKey = ProductKey

export interface ProductListFilters {
  category?: string
  min_price?: string
  max_price?: string
  in_stock?: 'true' | 'false'
  q?: string
  sort?: ProductSort
  page?: number
  per_page?: number
  cursor?: string
}

/**
 * The order of a search without an explicit `sort` (internal: not a
 * value of `?sort=`).
 */
const RELEVANCE = 'relevance'
type ListSort = ProductSort | typeof RELEVANCE
type ListFilters = Required<Pick<ProductListFilters, 'page' | 'per_page'>> &
  Omit<ProductListFilters, 'sort' | 'cursor'>

/**
 * A position in a product list (`cursor`, issue 21 item 1): the sort, the
 * sort key and id of the row it follows (`n`: next) or precedes (`p`:
 * prev), the search mode the list was answered in, and `h`, an HMAC (app
 * key) of all that with the filters and `per_page`: a cursor is valid
 * only for the list that issued it, and a tampered one is refused.
 */
interface ListCursor {
  s: ProductSort
  v: string | number
  i: number
  d: 'n' | 'p'
  m: SearchMode
}

const CURSOR_MESSAGE =
  "The cursor field must be a next_cursor or prev_cursor of this list's meta, sent with the " +
  'same filters, sort and per_page'

type CursorScope = Pick<
  ProductListFilters,
  'category' | 'min_price' | 'max_price' | 'in_stock' | 'q' | 'per_page'
> & { sort: ListSort }

function cursorSignature(scope: CursorScope, cursor: ListCursor) {
  const secret = app.config.get<Secret<string>>('app.appKey').release()
  return createHmac('sha256', secret)
    .update(
      JSON.stringify([
        scope.category ?? null,
        scope.min_price ?? null,
        scope.max_price ?? null,
        scope.in_stock ?? null,
        scope.q ?? null,
        scope.per_page ?? null,
        scope.sort,
        cursor.s,
        cursor.v,
        cursor.i,
        cursor.d,
        cursor.m,
      ])
    )
    .digest('base64url')
    .slice(0, 16)
}

function encodeCursor(scope: CursorScope, cursor: ListCursor) {
  const payload = { ...cursor, h: cursorSignature(scope, cursor) }
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

/**
 * The cursor sent with this list, or a 422 (field `cursor`).
 */
function decodeCursor(scope: CursorScope, raw: string): ListCursor {
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
    !(PRODUCT_SORTS as readonly string[]).includes(payload.s) ||
    !(
      (typeof payload.v === 'string' && payload.v.length <= 400) ||
      (typeof payload.v === 'number' && Number.isFinite(payload.v))
    ) ||
    !Number.isSafeInteger(payload.i) ||
    payload.i < 1 ||
    (payload.d !== 'n' && payload.d !== 'p') ||
    (payload.m !== 'strict' && payload.m !== 'fuzzy') ||
    typeof payload.h !== 'string' ||
    Object.keys(payload).length !== 6
  ) {
    throw refuse()
  }
  const cursor: ListCursor = {
    s: payload.s,
    v: payload.v,
    i: payload.i,
    d: payload.d,
    m: payload.m,
  }
  const expected = Buffer.from(cursorSignature(scope, cursor))
  const given = Buffer.from(payload.h)
  if (
    cursor.s !== scope.sort ||
    expected.length !== given.length ||
    !timingSafeEqual(expected, given)
  ) {
    throw refuse()
  }
  return cursor
}

function catalogConfig(): CatalogConfig {
  return app.config.get<CatalogConfig>('catalog')
}

/**
 * A search (`q`) as PostgreSQL's `websearch_to_tsquery` reads it: words
 * (all of them must match), "quoted phrases", `-word` / `-"phrase"` to
 * exclude, `or` between two terms. `plain` is a query of words only: it
 * also matches words the query's words begin (search as you type) and,
 * when nothing matches at all, names close to it (typos).
 */
interface ParsedSearch {
  /**
   * Groups of alternatives (joined by `or`), every group required.
   */
  required: string[][]
  excluded: string[]
  plain: boolean
  /**
   * The query's words (letters and digits only), at most 10.
   */
  words: string[]
}

function parseSearch(q: string): ParsedSearch {
  const required: string[][] = []
  const excluded: string[] = []
  let plain = true
  let joinNext = false
  for (const match of q.matchAll(/(-?)(?:"([^"]*)"?|([^\s"]+))/g)) {
    const negated = match[1] === '-'
    const quoted = match[2] !== undefined
    const term = (quoted ? match[2] : match[3]).trim()
    if (!term) continue
    if (!quoted && !negated && term.toLowerCase() === 'or' && required.length) {
      joinNext = true
      plain = false
      continue
    }
    if (quoted || negated) plain = false
    if (negated) {
      excluded.push(term)
    } else if (joinNext) {
      required[required.length - 1].push(term)
    } else {
      required.push([term])
    }
    joinNext = false
  }
  const words = q
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 10)
  return { required, excluded, plain: plain && words.length > 0, words }
}

/**
 * An FTS5 string: any text between double quotes, a quote doubled. The
 * tokenizer splits it into words (a phrase), so nothing in a search is
 * read as FTS5 syntax.
 */
function fts5String(term: string) {
  return `"${term.replace(/"/g, '""')}"`
}

/**
 * How a search matches on SQLite (FTS5 MATCH expressions), null for a
 * part that matches nothing: `full` the query's words as written
 * (Porter-stemmed, like PostgreSQL's English stems), `prefix` every word
 * as the beginning of a word (plain queries), `fuzzy` the best effort for
 * typos: each word's first 60% (at least 3 letters) as a prefix, so
 * "headphnes" finds "headphones"; a typo in those first letters finds
 * nothing (PostgreSQL's trigram similarity does).
 */
function fts5Expressions(search: ParsedSearch) {
  const positive = search.required
    .map((group) => `(${group.map(fts5String).join(' OR ')})`)
    .join(' AND ')
  const excluded = search.excluded.map(fts5String).join(' OR ')
  const withExclusions = (expression: string) =>
    excluded ? `(${expression}) NOT (${excluded})` : expression
  const prefixes = (words: string[]) => words.map((word) => `${fts5String(word)} *`).join(' AND ')
  return {
    full: positive ? withExclusions(positive) : null,
    /**
     * Only exclusions (`-word`): every product but those.
     */
    excludedOnly: positive ? null : excluded || null,
    prefix: search.plain ? prefixes(search.words) : null,
    fuzzy: search.plain
      ? prefixes(
          search.words.map((word) =>
            word.length <= 3 ? word : word.slice(0, Math.max(3, Math.floor(word.length * 0.6)))
          )
        )
      : null,
  }
}

/**
 * The tags of a cached list (or its count): every list's, and those a
 * stock move clears without clearing every list (issue 21, item 5). The
 * ready bodies (catalog_cache/ready_reads.ts) take the same.
 */
export function listTags(filters: { in_stock?: unknown; sort?: string }) {
  const tags = [CatalogTags.lists]
  if (filters.in_stock !== undefined) {
    tags.push(CatalogTags.inStockLists)
  }
  if (filters.sort === 'stock' || filters.sort === '-stock') {
    tags.push(CatalogTags.stockSortedLists)
  }
  return tags
}

/**
 * The tags of a product's cached public detail.
 */
export function detailTags(productId: number) {
  return [CatalogTags.product(productId), CatalogTags.details, CatalogTags.categories]
}

/**
 * The tags of a variant's cached public read (`/variants/{sku}`).
 */
export function variantTags(productId: number) {
  return [CatalogTags.product(productId), CatalogTags.details]
}

/**
 * A page whose OFFSET skips more rows than this loads its categories and
 * images by two more statements instead of per-row subqueries (a cursor
 * never skips any).
 */
const INLINE_RELATIONS_WITHIN = 1_000

/**
 * Above this many matching rows (the planner's estimate), a list's total
 * is PostgreSQL's estimate, not a count (issue 21, item 2).
 */
const ESTIMATE_ABOVE = 10_000

/**
 * A list page: its `data` as JSON text, and its meta.
 */
interface ListPage {
  data: string
  meta: { total: number | null } & Record<string, unknown>
}

/**
 * A list's total: counted, or PostgreSQL's estimate.
 */
interface Counted {
  total: number
  estimate: boolean
}

/**
 * The sort key and id of the `index`-th row shown (undefined: none).
 */
function rowAt(page: JsonPage, index: number) {
  return index >= 0 && index < page.ids.length
    ? { key: page.keys[index], id: page.ids[index] }
    : undefined
}

/**
 * Searches a plain query can fall back to when it matches nothing.
 */
type SearchMode = 'strict' | 'fuzzy'

/**
 * The cache, or (CATALOG_CACHE=false, for benchmarks) a pass-through that
 * builds every answer.
 */
const cache = {
  getOrSet<T>(options: Parameters<typeof bentoCache.getOrSet<T>>[0]): Promise<T> {
    if (!catalogConfig().cacheEnabled) {
      return (options.factory as () => Promise<T>)()
    }
    return bentoCache.getOrSet<T>(options)
  },
  async get<T>(options: Parameters<typeof bentoCache.get<T>>[0]) {
    return catalogConfig().cacheEnabled ? bentoCache.get<T>(options) : undefined
  },
  async set(options: Parameters<typeof bentoCache.set>[0]) {
    return catalogConfig().cacheEnabled ? bentoCache.set(options) : true
  },
}

/**
 * A JSON column of a statement's row: pg parses `json` itself, SQLite
 * answers text.
 */
function jsonColumn(value: unknown) {
  return typeof value === 'string' ? JSON.parse(value) : value
}

/**
 * Public catalog reads. Each answer is built once, serialized once and
 * cached as the ready-to-send JSON body with the tags of what it shows; a
 * cache hit does no SQL and no serialization.
 */
export class CatalogService {
  /**
   * GET /api/v1/products
   */
  async listBody(filters: ProductListFilters): Promise<string> {
    const config = catalogConfig()
    const normalized = {
      category: filters.category,
      min_price: filters.min_price,
      max_price: filters.max_price,
      in_stock: filters.in_stock,
      q: filters.q,
      /**
       * A search without an explicit sort is in order of relevance.
       */
      sort: (filters.sort ?? (filters.q === undefined ? '-created_at' : RELEVANCE)) as ListSort,
      page: filters.page ?? 1,
      per_page: filters.per_page ?? config.perPage.default,
      cursor: filters.cursor,
    }
    if (filters.page !== undefined && filters.cursor !== undefined) {
      throw ApiError.unprocessable(
        'The cursor field cannot be sent with page: send page for the first pages, then the cursor of the last answer',
        'cursor'
      )
    }
    const cursor =
      normalized.cursor === undefined ? undefined : decodeCursor(normalized, normalized.cursor)
    if (
      normalized.min_price !== undefined &&
      normalized.max_price !== undefined &&
      toMinorUnits(normalized.min_price) > toMinorUnits(normalized.max_price)
    ) {
      throw ApiError.unprocessable('min_price must not be greater than max_price', 'min_price')
    }

    let categoryIds: number[] | undefined
    if (normalized.category !== undefined) {
      const ids = await this.categoryWithDescendants(normalized.category)
      if (!ids) {
        throw ApiError.unprocessable(`Unknown category "${normalized.category}"`, 'category')
      }
      categoryIds = ids
    }

    const key = `products:list:${JSON.stringify(normalized)}`
    return cache.getOrSet({
      key,
      ttl: `${normalized.q ? config.ttl.search : config.ttl.products}s`,
      tags: listTags(normalized),
      factory: async () => {
        const built = cursor
          ? await this.buildCursorPage(normalized, categoryIds, cursor)
          : await this.buildList(normalized, categoryIds)
        return `{"data":${built.data},"meta":${JSON.stringify(built.meta)}}`
      },
    })
  }

  /**
   * GET /api/v1/products/{product}: the product with this id (or else this
   * slug), null when there is none.
   *
   * The public view (`includeInactive` false) shows active products only
   * and is cached. Staff (`includeInactive` true) also read drafts
   * (`is_active: false`); their views never touch the cache, in either
   * direction, so a customer can never be served a draft.
   */
  async detailBody(key: ProductKey, options: { includeInactive?: boolean } = {}) {
    if (options.includeInactive) {
      const product = await this.findProduct(key, { activeOnly: false })
      return product
        ? JSON.stringify({ data: serializeProduct(product, { includeInactive: true }) })
        : null
    }
    if (key.id !== null) {
      const body = await this.publicDetail('id', key.id)
      if (body !== null || key.slug === null) {
        return body
      }
    }
    return key.slug === null ? null : this.publicDetail('slug', key.slug)
  }

  /**
   * The id of the product (active or not) with this id or else this slug,
   * for the staff writes on `/products/{product}`.
   */
  async productId(key: ProductKey): Promise<number | null> {
    const product = await this.findProduct(key, { activeOnly: false, preload: false })
    return product?.id ?? null
  }

  protected async findProduct(
    key: ProductKey,
    options: { activeOnly: boolean; preload?: boolean }
  ): Promise<Product | null> {
    const lookups: Array<['id', number] | ['slug', string]> = []
    if (key.id !== null) lookups.push(['id', key.id])
    if (key.slug !== null) lookups.push(['slug', key.slug])
    const isPostgres = db.connection().dialect.name === 'postgres'
    for (const [column, value] of lookups) {
      const query = Product.query().select(PRODUCT_COLUMNS).where(column, value)
      if (options.activeOnly) query.where('is_active', true)
      if (options.preload !== false && isPostgres) {
        // The product and its relations in ONE statement (a cold detail
        // was five round trips: the product, then one per relation).
        this.withRelations(query, true, false)
        this.withOptionsAndVariants(query, options.activeOnly)
        const product = await query.first()
        if (product) return this.hydrateDetail(product)
        continue
      }
      if (options.preload !== false) {
        query
          .preload('category')
          .preload('images')
          .preload('options', (options_) => options_.orderBy('position').orderBy('id'))
          .preload('variants', (variants) => {
            variants.orderBy('position').orderBy('id')
            if (options.activeOnly) variants.where('is_active', true)
          })
      }
      const product = await query.first()
      if (product) return product
    }
    return null
  }

  /**
   * A product's options and variants (the active ones, with
   * `activeOnly`) as JSON columns of its statement (PostgreSQL), with
   * what the serializer reads of them.
   */
  protected withOptionsAndVariants(query: ReturnType<typeof Product.query>, activeOnly: boolean) {
    query.select(
      db.raw(
        `(select coalesce(json_agg(json_build_object('id', o.id, 'product_id', o.product_id,
            'name', o.name, 'values', o."values", 'position', o.position) order by o.position, o.id), '[]'::json)
          from product_options o where o.product_id = products.id) as options_json`
      )
    )
    query.select(
      db.raw(
        `(select coalesce(json_agg(json_build_object('id', v.id, 'product_id', v.product_id,
            'sku', v.sku, 'title', v.title, 'option_values', v.option_values, 'price', v.price,
            'compare_at_price', v.compare_at_price, 'stock', v.stock,
            'low_stock_threshold', v.low_stock_threshold, 'weight_grams', v.weight_grams,
            'image_id', v.image_id, 'is_active', v.is_active, 'position', v.position)
            order by v.position, v.id), '[]'::json)
          from product_variants v where v.product_id = products.id${activeOnly ? ' and v.is_active' : ''}) as variants_json`
      )
    )
  }

  /**
   * The relations of a detail read in its statement, set as if preloaded.
   */
  protected hydrateDetail(product: Product) {
    this.hydrateRelations([product])
    const options = (jsonColumn(product.$extras.options_json) ?? []) as Array<
      Record<string, unknown>
    >
    const variants = (jsonColumn(product.$extras.variants_json) ?? []) as Array<
      Record<string, unknown>
    >
    product.$setRelated(
      'options',
      options.map((row) => ProductOption.$createFromAdapterResult(row)!)
    )
    product.$setRelated(
      'variants',
      variants.map((row) => ProductVariant.$createFromAdapterResult(row)!)
    )
    return product
  }

  /**
   * The cached public body of an active product, by id or slug.
   */
  protected async publicDetail(column: 'id' | 'slug', value: number | string) {
    const key = `products:detail:${column}:${value}`
    const cached = await cache.get<string>({ key })
    if (cached !== undefined && cached !== null) {
      return cached
    }
    const product = await this.findProduct(
      column === 'id' ? { id: value as number, slug: null } : { id: null, slug: value as string },
      { activeOnly: true }
    )
    if (!product) {
      return null
    }
    const body = JSON.stringify({ data: serializeProduct(product) })
    await cache.set({
      key,
      value: body,
      ttl: `${catalogConfig().ttl.products}s`,
      tags: detailTags(product.id),
    })
    return body
  }

  /**
   * GET /api/v1/variants/{sku}: an active variant of an active product with
   * a summary of its product (null: none), cached with the product's tag
   * so any change to the product or its variants clears it.
   */
  async variantBody(sku: string): Promise<string | null> {
    const key = `variants:sku:${sku}`
    const cached = await cache.get<string>({ key })
    if (cached !== undefined && cached !== null) {
      return cached
    }
    const variant = await ProductVariant.query().where('sku', sku).where('is_active', true).first()
    if (!variant) {
      return null
    }
    const product = await Product.query()
      .where('id', variant.productId)
      .where('is_active', true)
      .preload('options')
      .first()
    if (!product) {
      return null
    }
    const body = JSON.stringify({
      data: serializeVariantWithProduct(variant, product, product.options),
    })
    await cache.set({
      key,
      value: body,
      ttl: `${catalogConfig().ttl.products}s`,
      tags: variantTags(product.id),
    })
    return body
  }

  /**
   * GET /api/v1/categories: the whole tree, roots first, by position.
   */
  async treeBody(): Promise<string> {
    return cache.getOrSet({
      key: 'categories:tree',
      ttl: `${catalogConfig().ttl.categories}s`,
      tags: [CatalogTags.categories],
      factory: async () => {
        const nodes = await this.allCategories()
        const childrenOf = this.childrenIndex(nodes)
        /**
         * Each category once: a parent cycle written around the service
         * (by SQL) cannot make the walk endless. Categories on such a
         * cycle have no root and are not in the tree.
         */
        const seen = new Set<number>()
        const build = (parentId: number | null): unknown[] => {
          const children = (childrenOf.get(parentId) ?? []).filter((node) => !seen.has(node.id))
          for (const node of children) seen.add(node.id)
          return children.map((node) => ({ ...serializeCategory(node), children: build(node.id) }))
        }
        return JSON.stringify({ data: build(null) })
      },
    })
  }

  /**
   * GET /api/v1/categories/{category}: the category with this id (or else
   * this slug), its ancestors (breadcrumb) and its direct children. Null
   * when not found. Categories have no draft state: staff and customers
   * read the same body.
   */
  async categoryBody(key: CategoryKey): Promise<string | null> {
    const nodes = await this.allCategories()
    const node =
      (key.id !== null ? nodes.find((candidate) => candidate.id === key.id) : undefined) ??
      (key.slug !== null ? nodes.find((candidate) => candidate.slug === key.slug) : undefined)
    if (!node) {
      return null
    }
    return cache.getOrSet({
      key: `categories:detail:${node.id}`,
      ttl: `${catalogConfig().ttl.categories}s`,
      tags: [CatalogTags.categories],
      factory: async () => {
        const byId = new Map(nodes.map((candidate) => [candidate.id, candidate]))
        const path: CategoryNode[] = []
        const seen = new Set<number>([node.id])
        let parent = node.parentId === null ? undefined : byId.get(node.parentId)
        while (parent && !seen.has(parent.id) && path.length < 64) {
          seen.add(parent.id)
          path.unshift(parent)
          parent = parent.parentId === null ? undefined : byId.get(parent.parentId)
        }
        const children = this.childrenIndex(nodes).get(node.id) ?? []
        return JSON.stringify({
          data: {
            ...serializeCategory(node),
            path: path.map((ancestor) => ({
              id: ancestor.id,
              slug: ancestor.slug,
              name: ancestor.name,
            })),
            children: children.map(serializeCategory),
          },
        })
      },
    })
  }

  /**
   * The id of the category with this id or else this slug, read from the
   * database (for the staff writes on `/categories/{category}`).
   */
  async categoryId(key: CategoryKey): Promise<number | null> {
    if (key.id !== null) {
      const byId = await Category.find(key.id)
      if (byId) return byId.id
    }
    if (key.slug !== null) {
      const bySlug = await Category.findBy('slug', key.slug)
      if (bySlug) return bySlug.id
    }
    return null
  }

  protected async buildList(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined
  ) {
    const body = await this.buildPage(filters, categoryIds, 'strict')
    /**
     * A plain search that matches no active product at all (the filters
     * aside: a search that only the filters empty stays empty) tries
     * again for typos, within the filters. Only such searches pay the
     * extra statements.
     */
    if (
      body.meta.total === 0 &&
      filters.q !== undefined &&
      parseSearch(filters.q).plain &&
      !(await this.matchesAnyProduct(filters, categoryIds))
    ) {
      return this.buildPage(filters, categoryIds, 'fuzzy')
    }
    return body
  }

  /**
   * Whether the search (strict) matches an active product, whatever the
   * other filters. A count, not `LIMIT 1`: PostgreSQL would walk the whole
   * table looking for a first match of a typo instead of asking the index.
   */
  protected async matchesAnyProduct(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined
  ) {
    const filtered =
      categoryIds !== undefined ||
      filters.min_price !== undefined ||
      filters.max_price !== undefined ||
      filters.in_stock !== undefined
    if (!filtered || filters.q === undefined) {
      return false
    }
    const query = Product.query().where('is_active', true)
    this.search(query, filters.q, 'strict', {
      isPostgres: db.connection().dialect.name === 'postgres',
      byRelevance: false,
    })
    const [row] = await query.count('* as total')
    return Number(row.$extras.total) > 0
  }

  /**
   * The active products that match the filters and the search, in no
   * order yet.
   */
  protected filteredQuery(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined,
    mode: SearchMode,
    isPostgres: boolean,
    superset = false
  ) {
    const query = Product.query().where('is_active', true)
    if (categoryIds) {
      query.whereIn('category_id', categoryIds)
    }
    this.variantFilters(query, filters, isPostgres, superset)
    if (filters.q !== undefined) {
      this.search(query, filters.q, mode, {
        isPostgres,
        byRelevance: filters.sort === RELEVANCE,
      })
    }
    return query
  }

  /**
   * The sort key of a `?sort=` (never NULL: price, stock, created_at and
   * name are NOT NULL columns), as ordered and as sent back in a cursor.
   * PostgreSQL sends it as text (a timestamp keeps its microseconds, a
   * bigint its digits) and reads it back as the column's type.
   */
  protected sortKey(sort: ProductSort, isPostgres: boolean, table = 'products') {
    const descending = sort.startsWith('-')
    const column = descending ? sort.slice(1) : sort
    let expression = `${table}.${column}`
    if (column === 'name') {
      /**
       * Case-insensitive, byte order: the same on both databases.
       */
      expression = isPostgres ? `lower(${table}.name) COLLATE "C"` : `${table}.name COLLATE NOCASE`
    }
    return {
      expression,
      selected: isPostgres && column !== 'name' ? `(${expression})::text` : expression,
      descending,
    }
  }

  /**
   * Orders by the sort key then the id, both in the sort's direction
   * (`reversed`: the other way, to read a page backwards).
   */
  protected orderBySort(
    query: ReturnType<typeof Product.query>,
    sort: ProductSort,
    isPostgres: boolean,
    reversed = false
  ) {
    const key = this.sortKey(sort, isPostgres)
    const direction = key.descending !== reversed ? 'desc' : 'asc'
    query.orderByRaw(`${key.expression} ${direction}`).orderBy('products.id', direction)
    query.select(PRODUCT_COLUMNS).select(db.raw(`${key.selected} as cursor_key`))
  }

  /**
   * orderBySort's order on the columns of jsonPage's `page`.
   */
  protected pageOrder(sort: ProductSort, reversed = false) {
    const key = this.sortKey(sort, true, 'page')
    const direction = key.descending !== reversed ? 'desc' : 'asc'
    return `${key.expression} ${direction}, page.id ${direction}`
  }

  /**
   * PostgreSQL: the page read by `query` (sorted by orderBySort, `per_page
   * + 1` rows at most), written as JSON by the database (jsonPage).
   */
  protected readJsonPage(
    query: ReturnType<typeof Product.query>,
    sort: ProductSort,
    perPage: number,
    reversed: boolean
  ): Promise<JsonPage> {
    return jsonPage(query.toSQL(), {
      order: this.pageOrder(sort, reversed),
      perPage,
      reversed,
      currency: catalogConfig().currency,
    })
  }

  protected cursorMeta(
    filters: ListFilters & { sort: ListSort },
    mode: SearchMode,
    row: { key: string | number; id: number } | undefined,
    direction: 'n' | 'p'
  ) {
    if (!row || filters.sort === RELEVANCE) {
      return null
    }
    return encodeCursor(filters, {
      s: filters.sort,
      v: row.key,
      i: row.id,
      d: direction,
      m: mode,
    })
  }

  /**
   * Each row's category and images in the page's own statement, as JSON
   * (issue 21, item 3: a cold page is one round trip, not one per
   * relation). `selectAll`: the query selects nothing yet.
   */
  protected withRelations(
    query: ReturnType<typeof Product.query>,
    isPostgres: boolean,
    selectAll: boolean
  ) {
    if (selectAll) {
      query.select(PRODUCT_COLUMNS)
    }
    const object = isPostgres ? 'json_build_object' : 'json_object'
    query.select(
      db.raw(
        `(select ${object}('id', c.id, 'slug', c.slug, 'name', c.name) from categories c where c.id = products.category_id) as category_json`
      )
    )
    query.select(
      db.raw(
        isPostgres
          ? `(select coalesce(json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position)), '[]'::json) from product_images i where i.product_id = products.id) as images_json`
          : `(select json_group_array(json_object('id', i.id, 'url', i.url, 'alt', i.alt, 'position', i.position)) from product_images i where i.product_id = products.id) as images_json`
      )
    )
  }

  /**
   * The relations withRelations read, set on each product as if preloaded
   * (the serializer reads them the same way).
   */
  protected hydrateRelations(rows: Product[]) {
    for (const product of rows) {
      const category = jsonColumn(product.$extras.category_json) as Record<string, unknown> | null
      const images = (jsonColumn(product.$extras.images_json) ?? []) as Array<
        Record<string, unknown>
      >
      product.$setRelated(
        'category',
        category ? Category.$createFromAdapterResult(category)! : (null as never)
      )
      product.$setRelated(
        'images',
        images.map((image) => ProductImage.$createFromAdapterResult(image)!)
      )
    }
    return rows
  }

  protected async buildPage(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined,
    mode: SearchMode
  ): Promise<ListPage> {
    const isPostgres = db.connection().dialect.name === 'postgres'
    const query = this.filteredQuery(filters, categoryIds, mode, isPostgres)
    if (filters.sort !== RELEVANCE) {
      this.orderBySort(query, filters.sort, isPostgres)
    }
    const page = filters.page
    const perPage = filters.per_page
    query.offset((page - 1) * perPage).limit(perPage + 1)
    // The relations in the page's statement, unless the page is deep or
    // in order of relevance: the database computes a select list for
    // every row an OFFSET skips, and for every row it sorts (relevance is
    // a sort of every match; the other orders read an index in order).
    const inline = (page - 1) * perPage <= INLINE_RELATIONS_WITHIN && filters.sort !== RELEVANCE
    let read: JsonPage
    if (isPostgres && inline) {
      // The total in the page's statement too, unless it is cached: a
      // cold page is one round trip.
      const cached = await cache.get<Counted>({ key: this.countKey(filters, mode) })
      read = await jsonPage(query.toSQL(), {
        order: this.pageOrder(filters.sort as ProductSort),
        perPage,
        reversed: false,
        currency: catalogConfig().currency,
        total: cached
          ? undefined
          : {
              statement: this.countQuery(filters, categoryIds, mode, isPostgres).toSQL(),
              estimate: this.estimateQuery(filters, categoryIds, mode, isPostgres)?.toSQL(),
              above: ESTIMATE_ABOVE,
              pastTheEnd: page > 1,
            },
      })
      if (cached) {
        read.counted = cached
      } else if (read.counted) {
        await this.rememberCount(filters, mode, read.counted)
      }
    } else {
      read = await this.readModels(query, inline, isPostgres, perPage)
    }
    const more = read.fetched > perPage
    const shown = read.ids.length
    // A page that is not full (and not past the end) is the last one:
    // its rows give the total. Otherwise the count (cached per filter
    // set, or estimated).
    const counted =
      more || (shown === 0 && page > 1)
        ? (read.counted ?? (await this.countMatches(filters, categoryIds, mode, isPostgres)))
        : { total: (page - 1) * perPage + shown, estimate: false }
    // An estimate may be off: the rows read decide the end.
    const total = counted.estimate
      ? Math.max(counted.total, (page - 1) * perPage + shown + (more ? 1 : 0))
      : counted.total
    const lastPage = Math.max(1, Math.ceil(total / perPage))

    return {
      data: read.data,
      meta: {
        total,
        total_is_estimate: counted.estimate,
        per_page: perPage,
        current_page: page,
        last_page: lastPage,
        next_cursor: more ? this.cursorMeta(filters, mode, rowAt(read, shown - 1), 'n') : null,
        prev_cursor: page > 1 ? this.cursorMeta(filters, mode, rowAt(read, 0), 'p') : null,
      },
    }
  }

  /**
   * The page read by `query` as models, serialized in Node (SQLite, and
   * PostgreSQL's deep and relevance-ordered pages): the relations in the
   * statement (`inline`) or preloaded.
   */
  protected async readModels(
    query: ModelQueryBuilderContract<typeof Product>,
    inline: boolean,
    isPostgres: boolean,
    perPage: number,
    reversed = false
  ): Promise<JsonPage> {
    if (inline) {
      this.withRelations(query, isPostgres, false)
    } else {
      query.preload('category').preload('images')
    }
    const fetched = await query.then((rows) => (inline ? this.hydrateRelations(rows) : rows))
    const rows = fetched.slice(0, perPage)
    if (reversed) rows.reverse()
    return {
      data: JSON.stringify(rows.map((product) => serializeProduct(product))),
      fetched: fetched.length,
      keys: rows.map((product) => product.$extras.cursor_key),
      ids: rows.map((product) => product.id),
    }
  }

  /**
   * How many active products match the filters and the search (issue 21,
   * item 2), without counting them on every request:
   * - the count is cached per filter set, under the lists' tag: every
   *   sort and page of one filter set shares it, and it is cleared with
   *   the pages that show the products;
   * - on PostgreSQL, when the planner expects more than `ESTIMATE_ABOVE`
   *   rows, its estimate is the answer, marked `total_is_estimate`
   *   (counting 95,000 rows costs about 14 ms a request; a plan costs a
   *   fraction of a millisecond). Below it, the count is exact.
   */
  protected countMatches(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined,
    mode: SearchMode,
    isPostgres: boolean
  ): Promise<Counted> {
    return cache.getOrSet({
      key: this.countKey(filters, mode),
      ttl: this.countTtl(filters),
      tags: listTags({ in_stock: filters.in_stock }),
      factory: async () => {
        const query = this.countQuery(filters, categoryIds, mode, isPostgres)
        if (isPostgres) {
          // The plan first (a fraction of a millisecond): above the
          // threshold its estimate answers; below, an exact count. (A
          // count capped with LIMIT would tempt the planner into walking
          // an index in order, through every row, for a selective search.)
          // catalog_total does the same inside a page's statement.
          const { sql, bindings } = (
            this.estimateQuery(filters, categoryIds, mode, isPostgres) ?? query
          ).toSQL()
          const plan = await db.rawQuery(`explain (format json) ${sql}`, bindings as never[])
          const expected = Number(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows'])
          if (expected > ESTIMATE_ABOVE) {
            return { total: Math.round(expected), estimate: true }
          }
        }
        const [row] = await query.count('* as total')
        return { total: Number(row.$extras.total), estimate: false }
      },
    })
  }

  /**
   * The matching products of a filter set, unsorted (what is counted).
   */
  protected countQuery(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined,
    mode: SearchMode,
    isPostgres: boolean
  ) {
    return this.filteredQuery(
      { ...filters, sort: '-created_at' as ListSort },
      categoryIds,
      mode,
      isPostgres
    )
  }

  /**
   * What the planner is asked to estimate the count of, when it differs
   * from `countQuery`: with a price filter, the products whose price
   * range meets it, without the EXISTS over the variants that decides the
   * rest (planning that EXISTS was half of the estimate's cost, about
   * 0.35 ms, and its selectivity is a default guess). A superset of the
   * matches: when it is estimated at or below ESTIMATE_ABOVE, so are the
   * matches, and they are counted exactly; above it its estimate answers,
   * marked as one (it may overstate the matches, as a guess for the
   * EXISTS could too).
   */
  protected estimateQuery(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined,
    mode: SearchMode,
    isPostgres: boolean
  ) {
    if (filters.min_price === undefined && filters.max_price === undefined) {
      return null
    }
    return this.filteredQuery(
      { ...filters, sort: '-created_at' as ListSort },
      categoryIds,
      mode,
      isPostgres,
      true
    )
  }

  /**
   * The cache key of a filter set's count: every sort and page shares it.
   */
  protected countKey(filters: ListFilters & { sort: ListSort }, mode: SearchMode) {
    return `products:count:${JSON.stringify({
      category: filters.category,
      min_price: filters.min_price,
      max_price: filters.max_price,
      in_stock: filters.in_stock,
      q: filters.q,
      mode,
    })}`
  }

  protected countTtl(filters: ListFilters) {
    return `${filters.q ? catalogConfig().ttl.search : catalogConfig().ttl.products}s`
  }

  /**
   * Caches a count made in a page's statement, as countMatches would.
   */
  protected async rememberCount(
    filters: ListFilters & { sort: ListSort },
    mode: SearchMode,
    counted: Counted
  ) {
    await cache.set({
      key: this.countKey(filters, mode),
      value: counted,
      ttl: this.countTtl(filters),
      tags: listTags({ in_stock: filters.in_stock }),
    })
  }

  /**
   * A page after (`n`) or before (`p`) a cursor's row: a seek on the sort
   * key and the id (the index's order), never an OFFSET and no count, so
   * a deep page costs what the first one does. `per_page + 1` rows tell
   * whether there is a page beyond. `total`, `current_page` and
   * `last_page` are null on these pages.
   */
  protected async buildCursorPage(
    filters: ListFilters & { sort: ListSort },
    categoryIds: number[] | undefined,
    cursor: ListCursor
  ): Promise<ListPage> {
    const isPostgres = db.connection().dialect.name === 'postgres'
    const query = this.filteredQuery(filters, categoryIds, cursor.m, isPostgres)
    const backwards = cursor.d === 'p'
    const key = this.sortKey(cursor.s, isPostgres)
    /**
     * After the cursor in the sort's direction (or before it, backwards).
     */
    const operator = key.descending !== backwards ? '<' : '>'
    if (isPostgres) {
      query.whereRaw(`(${key.expression}, products.id) ${operator} (?, ?)`, [cursor.v, cursor.i])
    } else {
      query.whereRaw(
        `(${key.expression} ${operator} ? or (${key.expression} = ? and products.id ${operator} ?))`,
        [cursor.v, cursor.v, cursor.i]
      )
    }
    this.orderBySort(query, cursor.s, isPostgres, backwards)
    query.limit(filters.per_page + 1)
    const read = isPostgres
      ? await this.readJsonPage(query, cursor.s, filters.per_page, backwards)
      : await this.readModels(query, true, isPostgres, filters.per_page, backwards)
    const more = read.fetched > filters.per_page
    const first = rowAt(read, 0)
    const last = rowAt(read, read.ids.length - 1)

    return {
      data: read.data,
      meta: {
        total: null,
        per_page: filters.per_page,
        current_page: null,
        last_page: null,
        next_cursor: backwards || more ? this.cursorMeta(filters, cursor.m, last, 'n') : null,
        prev_cursor: !backwards || more ? this.cursorMeta(filters, cursor.m, first, 'p') : null,
      },
    }
  }

  /**
   * `q` (issue 21, item 4), on the products' full-text index: PostgreSQL's
   * `search_vector` (English stems, name weighted 'A' above description
   * 'B') or SQLite's `products_fts` (FTS5, Porter stems). The query reads
   * as `websearch_to_tsquery` does (words, "phrases", -exclusions, or).
   *
   * - `strict`: an active variant's exact SKU (as written or in capitals),
   *   or the query's words; a plain query also matches words its words
   *   begin. In order of relevance: the SKU's product first, then the
   *   products that match the words as written, by rank (ts_rank with
   *   length normalization, bm25 with the name weighted 10 to the
   *   description's 4 on SQLite), then the id.
   * - `fuzzy` (a plain query that matched nothing): PostgreSQL, names
   *   whose words are close to the query (pg_trgm's word similarity >=
   *   0.6, its trigram index on name), most similar first; SQLite, the
   *   words' first letters as prefixes (fts5Expressions).
   *
   * Nothing in `q` is SQL or FTS syntax: PostgreSQL parses it with
   * websearch_to_tsquery and the prefix query is built from its letters
   * and digits only; SQLite's terms are quoted FTS5 strings. `%` and `_`
   * are plain characters of a word.
   */
  protected search(
    query: ReturnType<typeof Product.query>,
    q: string,
    mode: SearchMode,
    options: { isPostgres: boolean; byRelevance: boolean }
  ) {
    const parsed = parseSearch(q)
    const skuMatch = (column: string) =>
      options.isPostgres
        ? `${column} = any(array(select v.product_id from product_variants v where v.sku in (?, ?) and v.is_active))`
        : `${column} in (select v.product_id from product_variants v where v.sku in (?, ?) and v.is_active = 1)`
    const skus = [q, q.toUpperCase()]

    if (options.isPostgres) {
      if (mode === 'fuzzy') {
        query.whereRaw('? <% products.name', [q])
        if (options.byRelevance) {
          query.orderByRaw('word_similarity(?, products.name) desc', [q]).orderBy('id', 'asc')
        }
        return
      }
      const full = "websearch_to_tsquery('english', ?)"
      const words = parsed.plain ? [full, "to_tsquery('english', ?)"] : [full]
      const wordBindings = parsed.plain
        ? [q, parsed.words.map((word) => `${word}:*`).join(' & ')]
        : [q]
      const tsquery = words.join(' || ')
      query.whereRaw(`(products.search_vector @@ (${tsquery}) or ${skuMatch('products.id')})`, [
        ...wordBindings,
        ...skus,
      ])
      if (options.byRelevance) {
        query
          .orderByRaw(`${skuMatch('products.id')} desc`, skus)
          .orderByRaw(`products.search_vector @@ ${full} desc`, [q])
          .orderByRaw(`ts_rank(products.search_vector, ${tsquery}, 1) desc`, wordBindings)
          .orderBy('id', 'asc')
      }
      return
    }

    const expressions = fts5Expressions(parsed)
    const matching = 'select rowid from products_fts where products_fts match ?'
    const rank = (expression: string) =>
      query.orderByRaw(
        '(select bm25(products_fts, 10.0, 4.0) from products_fts where products_fts match ? and rowid = products.id) asc',
        [expression]
      )
    if (mode === 'fuzzy') {
      query.whereRaw(`products.id in (${matching})`, [expressions.fuzzy ?? '""'])
      if (options.byRelevance && expressions.fuzzy) {
        rank(expressions.fuzzy)
        query.orderBy('id', 'asc')
      }
      return
    }
    const expression = [expressions.full, expressions.prefix]
      .filter((part): part is string => part !== null)
      .map((part) => `(${part})`)
      .join(' OR ')
    if (expression) {
      query.whereRaw(`(products.id in (${matching}) or ${skuMatch('products.id')})`, [
        expression,
        ...skus,
      ])
    } else if (expressions.excludedOnly) {
      query.whereRaw(`products.id not in (${matching})`, [expressions.excludedOnly])
    } else {
      query.whereRaw(skuMatch('products.id'), skus)
    }
    if (options.byRelevance) {
      query.orderByRaw(`${skuMatch('products.id')} desc`, skus)
      if (expressions.full) {
        query.orderByRaw(`products.id in (${matching}) desc`, [expressions.full])
      }
      if (expression) {
        rank(expression)
      }
      query.orderBy('id', 'asc')
    }
  }

  /**
   * `min_price`, `max_price` and `in_stock` match a product when ONE of its
   * active variants matches all of them together (issue 17, item 2): a
   * product whose only in-stock variant costs 80 is not found by
   * `in_stock=true&max_price=50` though its out-of-stock one costs 40.
   * The product's summary columns (the lowest and highest active price,
   * the active stock, indexed) narrow the rows first and decide the
   * products whose whole price range is inside the filter; the EXISTS over
   * the product's variants (index product_id, is_active, price) decides
   * the others. (A product whose variants are all inactive keeps the price
   * range of all of them in its summary, and matches on it: staff hide
   * such a product by deactivating it.)
   * `in_stock=false` is a product with no active variant in stock.
   */
  protected variantFilters(
    query: ReturnType<typeof Product.query>,
    filters: Pick<ProductListFilters, 'min_price' | 'max_price' | 'in_stock'>,
    isPostgres: boolean,
    superset = false
  ) {
    const min = filters.min_price === undefined ? undefined : toMinorUnits(filters.min_price)
    const max = filters.max_price === undefined ? undefined : toMinorUnits(filters.max_price)
    if (min === undefined && max === undefined && filters.in_stock === undefined) {
      return
    }
    if (min !== undefined) query.where('max_price', '>=', min)
    if (max !== undefined) query.where('price', '<=', max)
    if (filters.in_stock === 'true') query.where('stock', '>', 0)
    if (filters.in_stock === 'false') query.where('stock', '=', 0)
    if (min === undefined && max === undefined) {
      /**
       * Stock alone: the summary is exact (the active variants' units).
       */
      return
    }
    if (superset) {
      /**
       * The products whose price range meets the filter: every match and
       * maybe more (what a count's estimate is asked of: `estimateQuery`).
       */
      return
    }
    const conditions = [
      'v.product_id = products.id',
      isPostgres ? 'v.is_active' : 'v.is_active = 1',
    ]
    const bindings: number[] = []
    if (min !== undefined) {
      conditions.push('v.price >= ?')
      bindings.push(min)
    }
    if (max !== undefined) {
      conditions.push('v.price <= ?')
      bindings.push(max)
    }
    if (filters.in_stock === 'true') conditions.push('v.stock > 0')
    /**
     * When the product's whole active price range lies inside the filter
     * (and, for `in_stock=true`, it has units), every active variant
     * matches the price part and one of them has stock: the summary
     * decides without reading the variants, and only the products it
     * cannot decide run the EXISTS.
     */
    const sure = ['1 = 1']
    const sureBindings: number[] = []
    if (min !== undefined) {
      sure.push('products.price >= ?')
      sureBindings.push(min)
    }
    if (max !== undefined) {
      sure.push('products.max_price <= ?')
      sureBindings.push(max)
    }
    /**
     * `offset 0` (PostgreSQL) keeps the EXISTS a per-row probe of the
     * variants' index for the few products the summary leaves undecided;
     * without it the planner hashes every matching variant of the catalog
     * first (117 ms instead of 42 for a 100,000-product count).
     */
    const probe = isPostgres ? ' offset 0' : ''
    query.whereRaw(
      `((${sure.join(' and ')}) or exists (select 1 from product_variants v where ${conditions.join(' and ')}${probe}))`,
      [...sureBindings, ...bindings]
    )
  }

  /**
   * Every category, as plain rows (cached: the tree is small and read by
   * every category filter).
   */
  protected async allCategories(): Promise<CategoryNode[]> {
    return cache.getOrSet({
      key: 'categories:nodes',
      ttl: `${catalogConfig().ttl.categories}s`,
      tags: [CatalogTags.categories],
      factory: async () => {
        // Plain rows, no models: with the cache off (or on a miss) this is
        // read by every category filter, and hydrating a model per category
        // (its timestamps parsed into DateTimes) was a fifth of the app's
        // CPU on a cold filtered page.
        const rows: Array<{
          id: number | string
          parent_id: number | string | null
          slug: string
          name: string
          description: string | null
          position: number | string
        }> = await db
          .from('categories')
          .select('id', 'parent_id', 'slug', 'name', 'description', 'position')
          .orderBy('position', 'asc')
          .orderBy('id', 'asc')
        return rows.map((row) => ({
          id: Number(row.id),
          parentId: row.parent_id === null ? null : Number(row.parent_id),
          slug: row.slug,
          name: row.name,
          description: row.description,
          position: Number(row.position),
        }))
      },
    })
  }

  protected childrenIndex(nodes: CategoryNode[]) {
    const index = new Map<number | null, CategoryNode[]>()
    for (const node of nodes) {
      const siblings = index.get(node.parentId) ?? []
      siblings.push(node)
      index.set(node.parentId, siblings)
    }
    return index
  }

  /**
   * The ids of the category with this slug and of all its descendants, or
   * null when there is no such category.
   */
  protected async categoryWithDescendants(slug: string): Promise<number[] | null> {
    const nodes = await this.allCategories()
    const root = nodes.find((node) => node.slug === slug)
    if (!root) {
      return null
    }
    const childrenOf = this.childrenIndex(nodes)
    /**
     * Each category once (a visited set): a parent cycle that exists in the
     * database (written around the service, which refuses one) ends the
     * walk instead of looping forever.
     */
    const seen = new Set<number>([root.id])
    const ids: number[] = []
    const queue = [root]
    while (queue.length) {
      const node = queue.shift()!
      ids.push(node.id)
      for (const child of childrenOf.get(node.id) ?? []) {
        if (!seen.has(child.id)) {
          seen.add(child.id)
          queue.push(child)
        }
      }
    }
    return ids
  }
}
