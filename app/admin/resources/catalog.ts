import { LucidResource } from '@adminjs/adonis'
import type { ResourceWithOptions } from 'adminjs'
import Category from '#models/category'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import { moneyFields } from '#admin/money'
import { auditAfter, rememberOriginal } from '#admin/audit'
import { withoutTimestamps } from '#admin/payload'
import { dbConnection } from '#start/runtime'

const navigation = { name: 'Catalog', icon: 'ShoppingBag' }
const timestamps = {
  createdAt: { isVisible: { list: false, filter: true, show: true, edit: false } },
  updatedAt: { isVisible: { list: false, filter: true, show: true, edit: false } },
}

/**
 * Logged, hook-firing catalog edits: AdminJS saves through the Lucid
 * models, so the Product/Category hooks clear the caches and announce stock
 * changes exactly as the API does.
 */
function auditedActions(extra: { before?: any[]; after?: any[] } = {}) {
  return {
    new: {
      before: [withoutTimestamps, ...(extra.before ?? [])],
      after: [...(extra.after ?? []), auditAfter('new')],
    },
    edit: {
      before: [withoutTimestamps, ...(extra.before ?? []), rememberOriginal],
      after: [...(extra.after ?? []), auditAfter('edit')],
    },
    delete: { after: [auditAfter('delete')] },
    bulkDelete: { isAccessible: false },
  }
}

const price = moneyFields('price')

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
      actions: auditedActions(),
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
        price: { type: 'currency', props: { decimalSeparator: '.', groupSeparator: ',' } },
        description: { type: 'textarea', isVisible: { list: false, show: true, edit: true } },
        ...timestamps,
      },
      actions: {
        ...auditedActions({ before: [price.before], after: [price.after] }),
        list: { after: [price.after] },
        show: { after: [price.after] },
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
      actions: auditedActions(),
    },
  },
]
