import { LucidResource } from '@adminjs/adonis'
import type { ResourceWithOptions } from 'adminjs'
import Category from '#models/category'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import { moneyFields } from '#admin/money'
import { auditAfter, rememberOriginal } from '#admin/audit'
import { withoutTimestamps } from '#admin/payload'
import { dbConnection } from '#start/runtime'
import { deletableLikeTheApi, validatedLikeTheApi } from '#admin/catalog_validation'
import { adjustStockAction, withoutStock } from '#admin/actions/stock_actions'

const navigation = { name: 'Catalog', icon: 'ShoppingBag' }
const timestamps = {
  createdAt: { isVisible: { list: false, filter: true, show: true, edit: false } },
  updatedAt: { isVisible: { list: false, filter: true, show: true, edit: false } },
}

/**
 * Logged, hook-firing catalog edits: AdminJS saves through the Lucid
 * models, so the Product/Category hooks clear the caches and announce stock
 * changes exactly as the API does. Every form is checked by the API's own
 * validators first (issue 14, finding 17).
 */
function auditedActions(
  resourceId: 'categories' | 'products' | 'product_images',
  extra: { before?: any[]; editBefore?: any[]; after?: any[] } = {}
) {
  return {
    new: {
      before: [withoutTimestamps, validatedLikeTheApi(resourceId, 'new'), ...(extra.before ?? [])],
      after: [...(extra.after ?? []), auditAfter('new')],
    },
    edit: {
      before: [
        withoutTimestamps,
        ...(extra.editBefore ?? []),
        validatedLikeTheApi(resourceId, 'edit'),
        ...(extra.before ?? []),
        rememberOriginal,
      ],
      after: [...(extra.after ?? []), auditAfter('edit')],
    },
    delete: {
      before: resourceId === 'product_images' ? [] : [deletableLikeTheApi(resourceId)],
      after: [auditAfter('delete')],
    },
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
      actions: auditedActions('categories'),
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
        stock: {
          isDisabled: true,
          description:
            'Changed with the "Adjust stock" action (units added or removed, with a reason), never by saving this form',
        },
        description: { type: 'textarea', isVisible: { list: false, show: true, edit: true } },
        ...timestamps,
      },
      actions: {
        ...auditedActions('products', {
          before: [price.before],
          editBefore: [withoutStock],
          after: [price.after],
        }),
        list: { after: [price.after] },
        show: { after: [price.after] },
        adjustStock: { ...adjustStockAction, after: [price.after] },
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
      actions: auditedActions('product_images'),
    },
  },
]
