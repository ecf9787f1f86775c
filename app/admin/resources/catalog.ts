import { LucidResource } from '@adminjs/adonis'
import type { ActionResponse, After, Before, ResourceWithOptions } from 'adminjs'
import Category from '#models/category'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import ProductVariant from '#models/product_variant'
import StockMovement, { STOCK_MOVEMENT_REASONS } from '#models/stock_movement'
import { moneyFields, withShopCurrency } from '#admin/money'
import { dbConnection } from '#start/runtime'
import { Components } from '#admin/component_loader'
import { catalogActions } from '#admin/actions/catalog_actions'
import { adjustStockAction } from '#admin/actions/stock_actions'
import { exportCsvAction, importCsvAction } from '#admin/actions/csv_actions'
import { productPageActions } from '#admin/actions/variant_actions'
import { lowStockListAction } from '#admin/actions/low_stock_actions'
import { withProductPage } from '#admin/product_page'
import { toDecimalString } from '#services/money'

const navigation = { name: 'Catalog', icon: 'ShoppingBag' }
const timestamps = {
  createdAt: { isVisible: { list: false, filter: true, show: true, edit: false } },
  updatedAt: { isVisible: { list: false, filter: true, show: true, edit: false } },
}

/*
 * Catalog edits in the panel run the API's use cases (catalogActions ->
 * CatalogAdminService): each form is checked by the API's validator, then
 * saved by the same service method as the REST API, with its rules (cycle
 * check, delete guards, unique slug, money parsing, defaults) and its audit
 * entry in the change's transaction (issue 13). A refusal is shown as field
 * errors or an error notice.
 */

const price = moneyFields('price')

/**
 * Marks a product one of whose active variants is at or below its own
 * low-stock threshold (params.lowStock), for the highlighted stock
 * column: one query for the page's products.
 */
const lowStock: After<ActionResponse> = async (response) => {
  const records = [...(response.records ?? []), ...(response.record ? [response.record] : [])]
  const ids = records.map((record) => Number(record.id)).filter(Number.isSafeInteger)
  if (!ids.length) return response
  const rows: Array<{ product_id: number }> = await ProductVariant.query()
    .whereIn('product_id', ids)
    .where('is_active', true)
    .whereRaw('stock <= low_stock_threshold')
    .distinct('product_id')
    .pojo()
  const low = new Set(rows.map((row) => Number(row.product_id)))
  for (const record of records) {
    record.params.lowStock = low.has(Number(record.id))
  }
  return response
}

/**
 * The price column shows the range of the active variants' prices
 * ("12.00 – 18.00") when they differ (the summary columns price and
 * max_price); runs after the money hook made `price` a decimal amount.
 */
const priceRange: After<ActionResponse> = async (response) => {
  for (const record of [
    ...(response.records ?? []),
    ...(response.record ? [response.record] : []),
  ]) {
    const max = record.params.maxPrice
    if (max === undefined || max === null || max === '' || !/^\d+$/.test(String(max))) continue
    const high = toDecimalString(Number(max))
    if (high !== record.params.price) {
      record.params.price = `${record.params.price} – ${high}`
    }
  }
  return response
}

/**
 * A variant marked low when its stock is at or below its threshold.
 */
const markLowVariants: After<ActionResponse> = async (response) => {
  for (const record of [
    ...(response.records ?? []),
    ...(response.record ? [response.record] : []),
  ]) {
    const stock = Number(record.params.stock)
    const threshold = Number(record.params.lowStockThreshold)
    record.params.lowStock =
      Number.isFinite(stock) && Number.isFinite(threshold) && stock <= threshold
  }
  return response
}

/**
 * A product form saved with its price as it was shown leaves the price
 * alone: with several variants the price is each variant's (changed on
 * the product page), and only a price the staff member changed goes to
 * the service (which refuses it then, naming the variants).
 */
const unchangedPrice: Before = async (request, context) => {
  const payload = request.payload
  const shown = context.record?.params.price
  if (
    request.method === 'post' &&
    payload &&
    typeof payload.price === 'string' &&
    shown !== undefined &&
    shown !== null &&
    /^\d+$/.test(String(shown)) &&
    payload.price.trim() === toDecimalString(Number(shown))
  ) {
    const rest = { ...payload }
    delete rest.price
    return { ...request, payload: rest }
  }
  return request
}

const variantMoney = moneyFields('price', 'compareAtPrice')
const readOnly = {
  new: { isAccessible: false },
  edit: { isAccessible: false },
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
}
const moneyColumn = {
  components: { list: Components.MoneyCell, show: Components.MoneyCell },
}

const productActions = catalogActions('products', { present: price.present })

export const catalogResources: ResourceWithOptions[] = [
  {
    resource: new LucidResource(Category, dbConnection),
    options: {
      id: 'categories',
      navigation,
      titleProperty: 'name',
      listProperties: ['id', 'name', 'slug', 'parentId', 'position'],
      filterProperties: ['name', 'slug', 'parentId', 'createdAt'],
      properties: {
        slug: { isRequired: false, description: 'Made from the name when left empty' },
        // parentId stays a plain id: a self-reference breaks the Lucid adapter's populator.
        description: { type: 'textarea', isVisible: { list: false, show: true, edit: true } },
        ...timestamps,
      },
      actions: catalogActions('categories'),
    },
  },
  {
    resource: new LucidResource(Product, dbConnection),
    options: {
      id: 'products',
      navigation,
      titleProperty: 'name',
      listProperties: ['id', 'name', 'categoryId', 'price', 'stock', 'isActive'],
      showProperties: [
        'id',
        'name',
        'slug',
        'categoryId',
        'price',
        'stock',
        'isActive',
        'taxClass',
      ],
      filterProperties: [
        'name',
        'slug',
        'categoryId',
        'price',
        'stock',
        'isActive',
        'taxClass',
        'createdAt',
      ],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        categoryId: { reference: 'categories', custom: { label: 'Category' } },
        slug: { isRequired: false, description: 'Made from the name when left empty' },
        price: {
          type: 'currency',
          props: { decimalSeparator: '.', groupSeparator: ',' },
          components: { list: Components.MoneyCell, show: Components.MoneyCell },
          description:
            'The lowest price of the active variants (the list shows their range); a new product starts with one variant at this price',
        },
        maxPrice: { isVisible: false },
        stock: {
          isDisabled: true,
          components: { list: Components.StockCell, show: Components.StockCell },
          description:
            'Units of all active variants together; changed per variant with "Adjust stock" or on the product page (with a reason), never by saving this form',
        },
        description: { type: 'textarea', isVisible: { list: false, show: true, edit: true } },
        isActive: {
          components: { edit: Components.ActiveCheckbox },
          description: 'A new product is active unless this is unticked',
        },
        /**
         * Issue 19: the tax class picks the product's tax rate per country
         * ("standard" when the country has no rate for it); the form's
         * reader (#admin/catalog_validation) passes it to the service.
         */
        taxClass: {
          isVisible: { list: false, filter: true, show: true, edit: true },
          // NOT NULL with a default: an empty field keeps "standard".
          isRequired: false,
          description:
            'Picks the tax rate per country (Pricing > Tax rates); "standard" when the country has no rate for this class',
        },
        ...timestamps,
      },
      actions: {
        ...productActions,
        edit: { ...productActions.edit, before: [unchangedPrice] },
        list: { after: [price.after, priceRange, lowStock, withShopCurrency] },
        /**
         * The product's page: its fields, then its options, variants (a
         * grid), images and each variant's stock and ledger, edited in
         * place (components/product_page.jsx, #admin/actions/variant_actions).
         */
        show: {
          component: Components.ProductPage,
          after: [price.after, priceRange, lowStock, withShopCurrency, withProductPage],
        },
        adjustStock: { ...adjustStockAction, after: [price.after, lowStock] },
        ...productPageActions,
        exportCsv: exportCsvAction,
        importCsv: importCsvAction,
      },
      // The page's header names what it shows (its own title is the product's name).
      translations: { en: { actions: { show: 'Product', adjustStock: 'Adjust stock' } } },
    },
  },
  {
    resource: new LucidResource(ProductImage, dbConnection),
    options: {
      id: 'product_images',
      navigation,
      listProperties: ['id', 'productId', 'url', 'alt', 'position'],
      properties: {
        productId: { reference: 'products' },
        ...timestamps,
      },
      actions: catalogActions('product_images'),
    },
  },
  {
    resource: new LucidResource(ProductVariant, dbConnection),
    options: {
      id: 'product_variants',
      navigation,
      titleProperty: 'sku',
      listProperties: [
        'sku',
        'productId',
        'title',
        'price',
        'stock',
        'lowStockThreshold',
        'isActive',
      ],
      filterProperties: ['sku', 'productId', 'title', 'isActive', 'stock'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        productId: { reference: 'products' },
        imageId: { reference: 'product_images' },
        optionValues: { isVisible: false },
        price: moneyColumn,
        compareAtPrice: moneyColumn,
        stock: { components: { list: Components.StockCell, show: Components.StockCell } },
        ...timestamps,
      },
      /**
       * Variants are listed and found here (by SKU, by product); they are
       * created, changed and deleted on their product's page, through
       * VariantAdminService. "Low stock" lists the variants at or below
       * their threshold.
       */
      actions: {
        ...readOnly,
        list: { after: [variantMoney.after, markLowVariants, withShopCurrency] },
        show: { after: [variantMoney.after, markLowVariants, withShopCurrency] },
        lowStock: lowStockListAction,
      },
      translations: {
        en: {
          labels: { product_variants: 'Variants' },
          actions: { lowStock: 'Low stock' },
          properties: {
            sku: 'SKU',
            title: 'Variant',
            compareAtPrice: 'Compare-at price',
            weightGrams: 'Weight (g)',
            imageId: 'Image',
          },
        },
      },
    },
  },
  {
    resource: new LucidResource(StockMovement, dbConnection),
    options: {
      id: 'stock_movements',
      navigation,
      listProperties: [
        'createdAt',
        'variantId',
        'productId',
        'quantity',
        'reason',
        'note',
        'orderId',
        'userId',
        'stockAfter',
      ],
      filterProperties: ['variantId', 'productId', 'reason', 'orderId', 'userId', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        variantId: { reference: 'product_variants' },
        productId: { reference: 'products' },
        orderId: { reference: 'orders' },
        userId: { reference: 'users' },
        reason: {
          availableValues: STOCK_MOVEMENT_REASONS.map((reason) => ({
            value: reason,
            label: reason,
          })),
        },
        createdAt: { isVisible: { list: true, filter: true, show: true, edit: false } },
      },
      /**
       * The stock ledger is written only with the stock changes it
       * records (StockService): read-only here.
       */
      actions: readOnly,
      translations: {
        en: {
          labels: { stock_movements: 'Stock ledger' },
          properties: {
            variantId: 'Variant',
            quantity: 'Units',
            stockAfter: 'Stock after',
            userId: 'Staff member',
            note: 'Reason',
          },
        },
      },
    },
  },
]
