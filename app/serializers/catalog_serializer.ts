import app from '@adonisjs/core/services/app'
import type Product from '#models/product'
import type Category from '#models/category'
import type ProductImage from '#models/product_image'
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
 * The public JSON of a product, with its category and images preloaded.
 */
export function serializeProduct(product: Product) {
  const currency = app.config.get<CatalogConfig>('catalog').currency
  const category = product.$preloaded.category as Category | null | undefined
  const images = (product.$preloaded.images ?? []) as ProductImage[]
  return {
    id: product.id,
    slug: product.slug,
    name: product.name,
    description: product.description,
    price: toDecimalString(product.price),
    currency,
    stock: product.stock,
    in_stock: product.stock > 0,
    low_stock_threshold: product.lowStockThreshold,
    is_active: product.isActive,
    category: category ? { id: category.id, slug: category.slug, name: category.name } : null,
    images: [...images]
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((image) => ({ id: image.id, url: image.url, alt: image.alt, position: image.position })),
    created_at: isoTimestamp(product.createdAt),
    updated_at: isoTimestamp(product.updatedAt),
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

export const catalogSchemas = {
  Product: object({
    id: integer,
    slug: string,
    name: string,
    description: nullable(string),
    price: money,
    currency: { type: 'string', examples: ['EUR'] },
    stock: { type: 'integer', minimum: 0 },
    in_stock: boolean,
    low_stock_threshold: integer,
    is_active: boolean,
    category: nullable(object({ id: integer, slug: string, name: string })),
    images: arrayOf(object({ id: integer, url: string, alt: nullable(string), position: integer })),
    created_at: dateTime,
    updated_at: dateTime,
  }),
  ProductList: object({ data: arrayOf(ref('Product')), meta: paginationMeta }),
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
