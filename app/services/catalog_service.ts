import app from '@adonisjs/core/services/app'
import bentoCache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import Category from '#models/category'
import ProductVariant from '#models/product_variant'
import { ApiError } from '#exceptions/api_error'
import { CatalogTags } from '#services/catalog_cache'
import { toMinorUnits } from '#services/money'
import {
  serializeCategory,
  serializeProduct,
  serializeVariantWithProduct,
  type CategoryNode,
} from '#serializers/catalog_serializer'
import type { CatalogConfig } from '#config/catalog'
import type { ProductSort } from '#domain/product_sorts'

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
}

function catalogConfig(): CatalogConfig {
  return app.config.get<CatalogConfig>('catalog')
}

/**
 * `%`, `_` and `\` match themselves in a search, not as wildcards.
 */
function likePattern(term: string) {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

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
      sort: filters.sort ?? '-created_at',
      page: filters.page ?? 1,
      per_page: filters.per_page ?? config.perPage.default,
    }
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
      tags: [CatalogTags.lists],
      factory: async () => JSON.stringify(await this.buildList(normalized, categoryIds)),
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
    for (const [column, value] of lookups) {
      const query = Product.query().where(column, value)
      if (options.activeOnly) query.where('is_active', true)
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
      tags: [CatalogTags.product(product.id), CatalogTags.details, CatalogTags.categories],
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
      tags: [CatalogTags.product(product.id), CatalogTags.details],
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
    filters: Required<Pick<ProductListFilters, 'sort' | 'page' | 'per_page'>> & ProductListFilters,
    categoryIds: number[] | undefined
  ) {
    const query = Product.query().where('is_active', true)
    const isPostgres = db.connection().dialect.name === 'postgres'

    if (categoryIds) {
      query.whereIn('category_id', categoryIds)
    }
    this.variantFilters(query, filters, isPostgres)
    if (filters.q !== undefined) {
      const pattern = likePattern(filters.q)
      const operator = isPostgres ? 'ILIKE' : 'LIKE'
      query.where((search) => {
        search
          .whereRaw(`name ${operator} ? ESCAPE '\\'`, [pattern])
          .orWhereRaw(`description ${operator} ? ESCAPE '\\'`, [pattern])
      })
    }

    const descending = filters.sort.startsWith('-')
    const column = descending ? filters.sort.slice(1) : filters.sort
    const direction = descending ? 'desc' : 'asc'
    if (column === 'name') {
      /**
       * Case-insensitive, byte order: the same on both databases.
       */
      query.orderByRaw(
        isPostgres ? `lower(name) COLLATE "C" ${direction}` : `name COLLATE NOCASE ${direction}`
      )
    } else {
      query.orderBy(column, direction)
    }
    query.orderBy('id', direction)

    const page = await query
      .preload('category')
      .preload('images')
      .paginate(filters.page, filters.per_page)

    return {
      data: page.all().map((product) => serializeProduct(product)),
      meta: {
        total: page.total,
        per_page: page.perPage,
        current_page: page.currentPage,
        last_page: page.lastPage,
      },
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
    filters: ProductListFilters,
    isPostgres: boolean
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
        const rows = await Category.query().orderBy('position', 'asc').orderBy('id', 'asc')
        return rows.map((row) => ({
          id: row.id,
          parentId: row.parentId,
          slug: row.slug,
          name: row.name,
          description: row.description,
          position: row.position,
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
