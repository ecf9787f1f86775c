import { LucidResource } from '@adminjs/adonis'
import type { ActionResponse, After, RecordJSON, ResourceWithOptions } from 'adminjs'
import Category from '#models/category'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import { moneyFields, withShopCurrency } from '#admin/money'
import { dbConnection } from '#start/runtime'
import { Components } from '#admin/component_loader'
import { catalogActions } from '#admin/actions/catalog_actions'
import { adjustStockAction } from '#admin/actions/stock_actions'
import { exportCsvAction, importCsvAction } from '#admin/actions/csv_actions'

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
 * Marks a product whose stock is at or below its low-stock threshold
 * (params.lowStock), for the highlighted stock column.
 */
const markLowStock = (record?: RecordJSON) => {
  if (!record) return
  const stock = Number(record.params.stock)
  const threshold = Number(record.params.lowStockThreshold)
  record.params.lowStock =
    Number.isFinite(stock) && Number.isFinite(threshold) && stock <= threshold
}
const lowStock: After<ActionResponse> = async (response) => {
  markLowStock(response.record)
  for (const record of response.records ?? []) {
    markLowStock(record)
  }
  return response
}

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
      filterProperties: ['name', 'slug', 'categoryId', 'price', 'stock', 'isActive', 'createdAt'],
      sort: { sortBy: 'id', direction: 'desc' },
      properties: {
        categoryId: { reference: 'categories', custom: { label: 'Category' } },
        slug: { isRequired: false, description: 'Made from the name when left empty' },
        price: {
          type: 'currency',
          props: { decimalSeparator: '.', groupSeparator: ',' },
          components: { list: Components.MoneyCell, show: Components.MoneyCell },
        },
        stock: {
          isDisabled: true,
          components: { list: Components.StockCell, show: Components.StockCell },
          description:
            'Changed with the "Adjust stock" action (units added or removed, with a reason), never by saving this form',
        },
        description: { type: 'textarea', isVisible: { list: false, show: true, edit: true } },
        isActive: {
          components: { edit: Components.ActiveCheckbox },
          description: 'A new product is active unless this is unticked',
        },
        ...timestamps,
      },
      actions: {
        ...catalogActions('products', { present: price.present }),
        list: { after: [price.after, lowStock, withShopCurrency] },
        show: { after: [price.after, lowStock, withShopCurrency] },
        adjustStock: { ...adjustStockAction, after: [price.after, lowStock] },
        exportCsv: exportCsvAction,
        importCsv: importCsvAction,
      },
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
]
