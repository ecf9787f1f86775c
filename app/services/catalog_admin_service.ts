import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Product from '#models/product'
import Category from '#models/category'
import ProductImage from '#models/product_image'
import { ApiError } from '#exceptions/api_error'
import { toMinorUnits } from '#services/money'
import { uniqueSlug } from '#services/slug_service'
import { CatalogCache } from '#services/catalog_cache'

export interface ImageInput {
  url: string
  alt?: string | null
  position?: number
}

export interface ProductInput {
  name?: string
  slug?: string
  description?: string | null
  price?: string
  stock?: number
  low_stock_threshold?: number
  is_active?: boolean
  category_id?: number | null
  images?: ImageInput[]
}

export interface CategoryInput {
  name?: string
  slug?: string
  description?: string | null
  parent_id?: number | null
  position?: number
}

/**
 * Staff writes to the catalog, one transaction per change. The model hooks
 * clear the caches after the commit; the panel goes through the same
 * models, so through the same hooks.
 */
export class CatalogAdminService {
  async createProduct(input: ProductInput & { name: string; price: string; stock: number }) {
    return db.transaction(async (trx) => {
      const product = new Product()
      product.useTransaction(trx)
      product.slug = input.slug ?? (await uniqueSlug('products', input.name, { client: trx }))
      this.applyProduct(product, input)
      await product.save()
      if (input.images) {
        await this.replaceImages(product, input.images, trx)
      }
      return this.reloadProduct(product.id, trx)
    })
  }

  async updateProduct(id: number, input: ProductInput) {
    return db.transaction(async (trx) => {
      const product = await Product.query({ client: trx }).where('id', id).forUpdate().first()
      if (!product) {
        throw ApiError.notFound('Product not found')
      }
      if (input.slug !== undefined) {
        product.slug = input.slug
      }
      this.applyProduct(product, input)
      await product.save()
      if (input.images) {
        await this.replaceImages(product, input.images, trx)
      }
      return this.reloadProduct(product.id, trx)
    })
  }

  /**
   * A product that was ever ordered cannot be deleted (409): deactivate it
   * instead, so order history keeps its lines.
   */
  async deleteProduct(id: number) {
    await db.transaction(async (trx) => {
      const product = await Product.find(id, { client: trx })
      if (!product) {
        throw ApiError.notFound('Product not found')
      }
      const ordered = await trx.from('order_items').where('product_id', id).select('id').first()
      if (ordered) {
        throw ApiError.conflict(
          'This product appears on orders: deactivate it (is_active: false) instead of deleting it'
        )
      }
      await product.delete()
    })
  }

  async createCategory(input: CategoryInput & { name: string }) {
    return db.transaction(async (trx) => {
      const category = new Category()
      category.useTransaction(trx)
      category.slug = input.slug ?? (await uniqueSlug('categories', input.name, { client: trx }))
      this.applyCategory(category, input)
      await category.save()
      return category
    })
  }

  async updateCategory(id: number, input: CategoryInput) {
    return db.transaction(async (trx) => {
      const category = await Category.find(id, { client: trx })
      if (!category) {
        throw ApiError.notFound('Category not found')
      }
      if (input.parent_id !== undefined && input.parent_id !== null) {
        await this.assertNoCycle(category.id, input.parent_id, trx)
      }
      if (input.slug !== undefined) {
        category.slug = input.slug
      }
      this.applyCategory(category, input)
      await category.save()
      return category
    })
  }

  /**
   * A category with products or subcategories cannot be deleted (409).
   */
  async deleteCategory(id: number) {
    await db.transaction(async (trx) => {
      const category = await Category.find(id, { client: trx })
      if (!category) {
        throw ApiError.notFound('Category not found')
      }
      const [children, products] = await Promise.all([
        trx.from('categories').where('parent_id', id).count('* as total'),
        trx.from('products').where('category_id', id).count('* as total'),
      ])
      if (Number(children[0].total) > 0 || Number(products[0].total) > 0) {
        throw ApiError.conflict(
          'The category still has subcategories or products: move or delete them first'
        )
      }
      await category.delete()
    })
  }

  protected applyProduct(product: Product, input: ProductInput) {
    if (input.name !== undefined) product.name = input.name
    if (input.description !== undefined) product.description = input.description
    if (input.price !== undefined) product.price = toMinorUnits(input.price)
    if (input.stock !== undefined) product.stock = input.stock
    if (input.low_stock_threshold !== undefined) {
      product.lowStockThreshold = input.low_stock_threshold
    } else if (!product.$isPersisted) {
      product.lowStockThreshold = 5
    }
    if (input.is_active !== undefined) {
      product.isActive = input.is_active
    } else if (!product.$isPersisted) {
      product.isActive = true
    }
    if (input.category_id !== undefined) product.categoryId = input.category_id
  }

  protected applyCategory(category: Category, input: CategoryInput) {
    if (input.name !== undefined) category.name = input.name
    if (input.description !== undefined) category.description = input.description
    if (input.parent_id !== undefined) category.parentId = input.parent_id
    if (input.position !== undefined) {
      category.position = input.position
    } else if (!category.$isPersisted) {
      category.position = 0
    }
  }

  protected async replaceImages(
    product: Product,
    images: ImageInput[],
    trx: TransactionClientContract
  ) {
    await ProductImage.query({ client: trx }).where('product_id', product.id).delete()
    trx.after('commit', () => CatalogCache.productChanged(product.id))
    for (const [index, image] of images.entries()) {
      await ProductImage.create(
        {
          productId: product.id,
          url: image.url,
          alt: image.alt ?? null,
          position: image.position ?? index,
        },
        { client: trx }
      )
    }
  }

  /**
   * A category cannot become its own ancestor.
   */
  protected async assertNoCycle(
    categoryId: number,
    parentId: number,
    trx: TransactionClientContract
  ) {
    const rows: Array<{ id: number; parent_id: number | null }> = await trx
      .from('categories')
      .select('id', 'parent_id')
    const parentOf = new Map(rows.map((row) => [row.id, row.parent_id]))
    let cursor: number | null | undefined = parentId
    for (let depth = 0; cursor !== null && cursor !== undefined && depth <= rows.length; depth++) {
      if (cursor === categoryId) {
        throw ApiError.unprocessable(
          'A category cannot be moved under itself or one of its subcategories',
          'parent_id'
        )
      }
      cursor = parentOf.get(cursor)
    }
  }

  protected reloadProduct(id: number, trx: TransactionClientContract) {
    return Product.query({ client: trx })
      .where('id', id)
      .preload('category')
      .preload('images')
      .firstOrFail()
  }
}
