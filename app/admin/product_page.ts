import db from '@adonisjs/lucid/services/db'
import type { ActionContext, ActionResponse, After, RecordJSON } from 'adminjs'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import ProductOption from '#models/product_option'
import ProductVariant from '#models/product_variant'
import type StockMovement from '#models/stock_movement'
import { toDecimalString } from '#services/money'
import { currentShopSettings } from '#services/shop_settings_service'

/**
 * One variant as the product page's grid shows it: money in decimal
 * amounts, its option values by option name.
 */
export interface PanelVariant {
  id: number
  sku: string
  title: string
  options: Record<string, string>
  price: string
  compareAtPrice: string | null
  stock: number
  lowStockThreshold: number
  low: boolean
  weightGrams: number | null
  isActive: boolean
  position: number
  imageId: number | null
}

export interface PanelImage {
  id: number
  url: string
  alt: string | null
  position: number
  contentType: string | null
  width: number | null
  height: number | null
}

/**
 * What the product page (components/product_page.jsx) shows, read once
 * on the server so the component only renders: the options, the variants'
 * grid, the images, and the summary the catalog lists (price range over
 * the active variants, units in stock).
 */
export interface ProductPageData {
  id: number
  name: string
  slug: string
  description: string | null
  category: { name: string; url: string } | null
  isActive: boolean
  /**
   * Issue 19: the class that picks its tax rate ("standard", "reduced").
   */
  taxClass: string
  currency: string
  priceRange: { min: string; max: string }
  totalStock: number
  options: Array<{ name: string; values: string[] }>
  variants: PanelVariant[]
  images: PanelImage[]
  listUrl: string
  editUrl: string
}

/**
 * One row of a variant's stock ledger as the panel lists it: who or what
 * moved the stock (the order's number, the staff member's name).
 */
export interface PanelMovement {
  id: number
  at: string
  quantity: number
  reason: string
  note: string | null
  stockAfter: number
  orderNumber: string | null
  orderUrl: string | null
  staff: string | null
}

const money = (value: number | string | null) =>
  value === null || value === undefined ? null : toDecimalString(Number(value))

export function panelVariant(variant: ProductVariant, options: ProductOption[]): PanelVariant {
  return {
    id: variant.id,
    sku: variant.sku,
    title: variant.title,
    options: Object.fromEntries(
      options.map((option, index) => [option.name, variant.optionValues[index] ?? ''])
    ),
    price: money(variant.price)!,
    compareAtPrice: money(variant.compareAtPrice),
    stock: Number(variant.stock),
    lowStockThreshold: Number(variant.lowStockThreshold),
    low: Number(variant.stock) <= Number(variant.lowStockThreshold),
    weightGrams: variant.weightGrams === null ? null : Number(variant.weightGrams),
    isActive: Boolean(variant.isActive),
    position: Number(variant.position),
    imageId: variant.imageId === null ? null : Number(variant.imageId),
  }
}

export async function productPageData(
  productId: number,
  rootPath: string
): Promise<ProductPageData | null> {
  const product = await Product.query().where('id', productId).preload('category').first()
  if (!product) {
    return null
  }
  const [options, variants, images, settings] = await Promise.all([
    ProductOption.query().where('product_id', productId).orderBy('position').orderBy('id'),
    ProductVariant.query().where('product_id', productId).orderBy('position').orderBy('id'),
    ProductImage.query().where('product_id', productId).orderBy('position').orderBy('id'),
    currentShopSettings(),
  ])
  const active = variants.filter((variant) => variant.isActive)
  const priced = active.length ? active : variants
  const prices = priced.map((variant) => Number(variant.price))
  const base = `${rootPath}/resources/products/records/${productId}`
  return {
    id: product.id,
    name: product.name,
    slug: product.slug,
    description: product.description,
    category: product.category
      ? {
          name: product.category.name,
          url: `${rootPath}/resources/categories/records/${product.category.id}/show`,
        }
      : null,
    isActive: Boolean(product.isActive),
    taxClass: product.taxClass ?? 'standard',
    currency: settings.currency,
    priceRange: {
      min: money(prices.length ? Math.min(...prices) : product.price)!,
      max: money(prices.length ? Math.max(...prices) : product.price)!,
    },
    totalStock: active.reduce((sum, variant) => sum + Number(variant.stock), 0),
    options: options.map((option) => ({ name: option.name, values: option.values })),
    variants: variants.map((variant) => panelVariant(variant, options)),
    images: images.map((image) => ({
      id: image.id,
      url: image.url,
      alt: image.alt,
      position: Number(image.position),
      contentType: image.contentType,
      width: image.width,
      height: image.height,
    })),
    listUrl: `${rootPath}/resources/products`,
    editUrl: `${base}/edit`,
  }
}

/**
 * A page of a variant's ledger, newest first, with the orders' numbers
 * and the staff members' names. `movements` is the service's page.
 */
export async function panelMovements(
  movements: StockMovement[],
  rootPath: string
): Promise<PanelMovement[]> {
  const orderIds = [...new Set(movements.map((row) => row.orderId).filter(isId))]
  const userIds = [...new Set(movements.map((row) => row.userId).filter(isId))]
  const [orders, users] = await Promise.all([
    orderIds.length
      ? db.from('orders').whereIn('id', orderIds).select('id', 'number')
      : Promise.resolve([]),
    userIds.length
      ? db.from('users').whereIn('id', userIds).select('id', 'full_name')
      : Promise.resolve([]),
  ])
  const numbers = new Map(orders.map((row: any) => [Number(row.id), String(row.number)]))
  // Staff see a name, never an e-mail (as #admin/api_results does for references).
  const names = new Map(
    users.map((row: any) => [Number(row.id), row.full_name ? String(row.full_name) : null])
  )
  return movements.map((row) => {
    const orderNumber = row.orderId ? (numbers.get(Number(row.orderId)) ?? null) : null
    return {
      id: row.id,
      at: row.createdAt?.toISO() ?? '',
      quantity: Number(row.quantity),
      reason: row.reason,
      note: row.note,
      stockAfter: Number(row.stockAfter),
      orderNumber,
      orderUrl: row.orderId ? `${rootPath}/resources/orders/records/${row.orderId}/show` : null,
      staff: row.userId ? (names.get(Number(row.userId)) ?? `User #${row.userId}`) : null,
    }
  })
}

function isId(value: number | null): value is number {
  return value !== null && value !== undefined
}

/**
 * The show action's and the page's actions' answer carries the page's
 * data, so a change shows at once without a reload.
 */
export const withProductPage: After<ActionResponse> = async (response, _request, context) => {
  const record = response.record as
    (RecordJSON & { productPage?: ProductPageData | null }) | undefined
  if (record?.id && /^\d+$/.test(String(record.id))) {
    record.productPage = await productPageData(Number(record.id), rootPathOf(context))
  }
  return response
}

export const rootPathOf = (context: ActionContext) => context._admin.options.rootPath
