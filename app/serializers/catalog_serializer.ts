import app from '@adonisjs/core/services/app'
import type Product from '#models/product'
import type Category from '#models/category'
import type ProductImage from '#models/product_image'
import type ProductVariant from '#models/product_variant'
import type ProductOption from '#models/product_option'
import type StockMovement from '#models/stock_movement'
import type { CatalogConfig } from '#config/catalog'
import { toDecimalString } from '#domain/money'
import {
  arrayOf,
  boolean,
  dateTime,
  integer,
  money,
  nullable,
  object,
  paginationMeta,
  ref,
  string,
} from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

export interface CategoryNode {
  id: number
  parentId: number | null
  slug: string
  name: string
  description: string | null
  position: number
}

/**
 * A variant as product answers list it: its options as `{ name: value }`
 * in the product's option order.
 */
export function serializeVariant(variant: ProductVariant, options: ProductOption[]) {
  const named: Record<string, string> = {}
  options.forEach((option, index) => {
    const value = variant.optionValues[index]
    if (value !== undefined) named[option.name] = value
  })
  return {
    id: variant.id,
    sku: variant.sku,
    title: variant.title,
    options: named,
    price: toDecimalString(variant.price),
    compare_at_price:
      variant.compareAtPrice === null || variant.compareAtPrice === undefined
        ? null
        : toDecimalString(variant.compareAtPrice),
    stock: variant.stock,
    in_stock: variant.stock > 0,
    low_stock_threshold: variant.lowStockThreshold,
    weight_grams: variant.weightGrams ?? null,
    image_id: variant.imageId ?? null,
    is_active: variant.isActive,
    position: variant.position,
  }
}

function byPosition<T extends { position: number; id: number }>(rows: T[]) {
  return [...rows].sort((a, b) => a.position - b.position || a.id - b.id)
}

/**
 * The public JSON of a product, with its category and images preloaded.
 * Its price range and stock are the summary of its active variants
 * (`price` the lowest price, `max_price` the highest). With its options and
 * variants preloaded (the detail, the staff answers), they are listed too:
 * the active variants only, unless `includeInactive` (staff).
 */
export function serializeProduct(product: Product, view: { includeInactive?: boolean } = {}) {
  const currency = app.config.get<CatalogConfig>('catalog').currency
  const category = product.$preloaded.category as Category | null | undefined
  const images = (product.$preloaded.images ?? []) as ProductImage[]
  const options = product.$preloaded.options as ProductOption[] | undefined
  const variants = product.$preloaded.variants as ProductVariant[] | undefined
  const ordered = byPosition(options ?? [])
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    price: toDecimalString(product.price),
    max_price: toDecimalString(product.maxPrice ?? product.price),
    currency,
    stock: product.stock,
    in_stock: product.stock > 0,
    low_stock_threshold: product.lowStockThreshold,
    is_active: product.isActive,
    category: category ? { id: category.id, slug: category.slug, name: category.name } : null,
    images: byPosition(images).map((image) => ({
      id: image.id,
      url: image.url,
      alt: image.alt,
      position: image.position,
    })),
    ...(options && {
      options: ordered.map((option) => ({
        id: option.id,
        name: option.name,
        values: option.values,
        position: option.position,
      })),
    }),
    ...(variants && {
      tax_class: product.taxClass,
      variants: byPosition(variants)
        .filter((variant) => view.includeInactive || variant.isActive)
        .map((variant) => serializeVariant(variant, ordered)),
    }),
    created_at: isoTimestamp(product.createdAt),
    updated_at: isoTimestamp(product.updatedAt),
  }
}

/**
 * GET /api/v1/variants/{sku}: the variant with a summary of its product.
 */
export function serializeVariantWithProduct(
  variant: ProductVariant,
  product: Product,
  options: ProductOption[]
) {
  return {
    ...serializeVariant(variant, byPosition(options)),
    product: {
      id: product.id,
      slug: product.slug,
      name: product.name,
      price: toDecimalString(product.price),
      max_price: toDecimalString(product.maxPrice ?? product.price),
      currency: app.config.get<CatalogConfig>('catalog').currency,
      in_stock: product.stock > 0,
    },
  }
}

/**
 * One row of a variant's stock ledger.
 */
export function serializeStockMovement(movement: StockMovement) {
  return {
    id: movement.id,
    variant_id: movement.variantId,
    product_id: movement.productId,
    quantity: movement.quantity,
    reason: movement.reason,
    order_id: movement.orderId ?? null,
    user_id: movement.userId ?? null,
    note: movement.note ?? null,
    stock_after: movement.stockAfter,
    created_at: isoTimestamp(movement.createdAt),
  }
}

export function serializeCategory(category: CategoryNode) {
  return {
    id: category.id,
    slug: category.slug,
    name: category.name,
    description: category.description,
    parent_id: category.parentId,
    position: category.position,
  }
}

/**
 * The OpenAPI schemas of the catalog's answers.
 */
const categoryFields = {
  id: integer,
  slug: string,
  name: string,
  description: nullable(string),
  parent_id: nullable(integer),
  position: integer,
}

const variantFields = {
  id: integer,
  sku: string,
  title: {
    ...string,
    examples: ['M / red'],
    description: '"Default" for a product without options',
  },
  options: {
    type: 'object',
    additionalProperties: string,
    description: 'Option name to value, e.g. { "Size": "M", "Colour": "red" }',
  },
  price: money,
  compare_at_price: nullable(money),
  stock: { type: 'integer', minimum: 0 },
  in_stock: boolean,
  low_stock_threshold: integer,
  weight_grams: nullable(integer),
  image_id: nullable(integer),
  is_active: {
    ...boolean,
    description: 'Always true in public answers (staff also see inactive variants)',
  },
  position: integer,
}

const productSummaryFields = {
  id: integer,
  slug: string,
  name: string,
  price: { ...money, description: 'The lowest price of its active variants' },
  max_price: { ...money, description: 'The highest price of its active variants' },
  currency: { type: 'string', examples: ['EUR'] },
  in_stock: { ...boolean, description: 'Whether any active variant is in stock' },
}

/**
 * The meta of GET /products: a `page` answer has a total (`total`,
 * `current_page`, `last_page`; `total_is_estimate` says whether it was
 * counted or estimated); a `cursor` answer does not (null: a deep
 * page costs what the first does). Both carry the cursors of the pages
 * after and before (null at the ends, and always null in order of
 * relevance).
 */
const productListMeta = object(
  {
    total: nullable(integer),
    total_is_estimate: {
      ...boolean,
      description:
        "true: `total` (and `last_page`) are PostgreSQL's estimate, given above 10,000 matching " +
        'products instead of counting them on every request; false: an exact count.',
    },
    per_page: integer,
    current_page: nullable(integer),
    last_page: nullable(integer),
    next_cursor: nullable(string),
    prev_cursor: nullable(string),
  },
  ['total_is_estimate']
)

export const catalogSchemas = {
  Product: object(
    {
      id: integer,
      slug: string,
      name: string,
      description: nullable(string),
      price: { ...money, description: 'The lowest price of its active variants' },
      max_price: { ...money, description: 'The highest price of its active variants' },
      currency: { type: 'string', examples: ['EUR'] },
      stock: {
        type: 'integer',
        minimum: 0,
        description:
          'Units of its active variants together. Exact in the detail; in a list, as when the ' +
          'page was cached (a sale that leaves the product in stock does not clear the lists): ' +
          '`in_stock` is always current there.',
      },
      in_stock: { ...boolean, description: 'Whether any active variant is in stock' },
      low_stock_threshold: { ...integer, description: 'The threshold new variants start with' },
      is_active: boolean,
      category: nullable(object({ id: integer, slug: string, name: string })),
      images: arrayOf(
        object({ id: integer, url: string, alt: nullable(string), position: integer })
      ),
      options: {
        ...arrayOf(
          object({ id: integer, name: string, values: arrayOf(string), position: integer })
        ),
        description: 'In one product (detail, staff answers); not in lists',
      },
      tax_class: {
        type: 'string',
        examples: ['standard', 'reduced'],
        description:
          'The tax class its rates are looked up by (issue 19). In one product, not in lists',
      },
      variants: {
        ...arrayOf(ref('Variant')),
        description:
          'In one product (detail, staff answers), by position; active ones only unless you are staff. Not in lists',
      },
      created_at: dateTime,
      updated_at: dateTime,
    },
    ['options', 'tax_class', 'variants']
  ),
  Variant: object(variantFields),
  VariantWithProduct: object({
    ...variantFields,
    product: object(productSummaryFields),
  }),
  StockMovement: object({
    id: integer,
    variant_id: integer,
    product_id: integer,
    quantity: { ...integer, description: 'Units in (positive) or out (negative)' },
    reason: {
      type: 'string',
      enum: ['initial', 'sale', 'cancellation', 'adjustment', 'import', 'return'],
    },
    order_id: nullable(integer),
    user_id: nullable(integer),
    note: nullable(string),
    stock_after: integer,
    created_at: dateTime,
  }),
  StockMovementList: object({ data: arrayOf(ref('StockMovement')), meta: paginationMeta }),
  ProductList: object({ data: arrayOf(ref('Product')), meta: productListMeta }),
  Category: object(categoryFields),
  CategoryNode: object({ ...categoryFields, children: arrayOf(ref('CategoryNode')) }),
  CategoryDetail: object({
    ...categoryFields,
    path: {
      ...arrayOf(object({ id: integer, slug: string, name: string })),
      description: 'The ancestors, root first (a breadcrumb).',
    },
    children: arrayOf(ref('Category')),
  }),
}
