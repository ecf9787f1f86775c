import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Product from '#models/product'
import Category from '#models/category'
import ProductImage from '#models/product_image'
import { ApiError } from '#exceptions/api_error'
import { parsePrice, toMinorUnits } from '#services/money'
import { uniqueSlug } from '#services/slug_service'
import { StockService } from '#services/stock_service'
import { ProductSummary } from '#services/product_summary'
import {
  VariantAdminService,
  stockMoveOf,
  type OptionInput,
  type VariantInput,
} from '#services/variant_admin_service'
import ProductVariant from '#models/product_variant'
import { emitAfterCommit } from '#events/after_commit'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { publishWebhookEvent } from '#services/webhook_outbox'
import { serializeProduct } from '#serializers/catalog_serializer'
import { ProductImageFiles } from '#services/product_image_service'
import { STANDARD_TAX_CLASS } from '#domain/pricing'

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
  low_stock_threshold?: number
  is_active?: boolean
  category_id?: number | null
  images?: ImageInput[]
  tax_class?: string
}

/**
 * A new product: the simple form (`price` and `stock`: one default
 * variant) or its `options` and `variants`.
 */
export interface NewProductInput extends ProductInput {
  name: string
  stock?: number
  options?: OptionInput[]
  variants?: VariantInput[]
}

export interface CategoryInput {
  name?: string
  slug?: string
  description?: string | null
  parent_id?: number | null
  position?: number
}

export interface ProductImageInput {
  product_id: number
  url: string
  alt?: string | null
  position?: number
}

export interface StockAdjustmentInput {
  delta?: number
  set?: number
  expected?: number
  reason: string
}

/**
 * The changed attributes of a model about to be saved, as
 * `{ field: { from, to } }` for the audit log.
 */
function changesOf(model: Product | Category | ProductImage) {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const [key, to] of Object.entries(model.$dirty)) {
    if (key === 'updatedAt' || key === 'createdAt') continue
    const column = (
      model.constructor as typeof Product | typeof Category | typeof ProductImage
    ).$getColumn(key)
    changes[column?.columnName ?? key] = {
      from: model.$isPersisted ? (model.$original[key] ?? null) : null,
      to: to ?? null,
    }
  }
  return changes
}

/**
 * Staff writes to the catalog, one transaction per change. The model hooks
 * clear the caches after the commit; the panel goes through the same
 * models, so through the same hooks. With an `actor`, each change is
 * written to the audit log in its transaction (issue 14, finding 22).
 */
export class CatalogAdminService {
  /**
   * `outer`: a caller's transaction to run in, e.g. a CSV import applying
   * every row or none (a failure rolls the caller's transaction back).
   */
  async createProduct(
    input: NewProductInput,
    actor?: StaffActor,
    outer?: TransactionClientContract
  ) {
    const withVariants = input.variants !== undefined
    if (withVariants) {
      if (input.price !== undefined || input.stock !== undefined) {
        throw ApiError.unprocessable(
          'Give either price and stock (a product with one variant) or options and variants, not both',
          input.price !== undefined ? 'price' : 'stock'
        )
      }
      if (!input.variants!.length) {
        throw ApiError.unprocessable('A product needs at least one variant', 'variants')
      }
    } else {
      if (input.options?.length) {
        throw ApiError.unprocessable(
          'A product with options needs its variants (one per combination sold)',
          'variants'
        )
      }
      if (input.price === undefined) {
        throw ApiError.unprocessable(
          'The price field is required (or give options and variants)',
          'price'
        )
      }
    }
    return this.inTransaction(outer, async (trx) => {
      const product = new Product()
      product.useTransaction(trx)
      product.slug = input.slug ?? (await uniqueSlug('products', input.name, { client: trx }))
      this.applyProduct(product, input)
      if (withVariants) {
        /**
         * The summary columns until the variants below set them.
         */
        product.withoutDefaultVariant = true
        const prices = input.variants!.map((variant) => parsePrice(variant.price))
        product.price = Math.min(...prices.map((parsed) => (parsed.ok ? parsed.minorUnits : 1)))
        product.stock = 0
      } else {
        product.stock = input.stock ?? 0
      }
      const changes = changesOf(product)
      product.maxPrice = product.price
      await product.save()
      if (withVariants) {
        await this.createVariants(product.id, input, actor, trx)
      }
      if (input.images) {
        await this.replaceImages(product, input.images, trx)
      }
      await this.audit(
        actor,
        'create',
        'products',
        product.id,
        this.withImages(changes, input),
        trx
      )
      const created = await this.reloadProduct(product.id, trx)
      await publishWebhookEvent(trx, 'product.created', {
        product: serializeProduct(created, { includeInactive: true }),
      })
      return created
    })
  }

  /**
   * The options and variants of a product being created, each error
   * naming the variant it is about (`variants.1.sku`).
   */
  protected async createVariants(
    productId: number,
    input: NewProductInput,
    actor: StaffActor | undefined,
    trx: TransactionClientContract
  ) {
    const variants = new VariantAdminService()
    if (input.options?.length) {
      await variants.writeOptions(trx, productId, input.options, actor, false)
    }
    for (const [index, variant] of input.variants!.entries()) {
      try {
        await variants.writeVariant(trx, productId, variant, actor, false)
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) {
          throw new ApiError(
            422,
            error.code ?? 'E_VALIDATION_ERROR',
            error.message,
            error.items.map((item) => ({
              ...item,
              field: `variants.${index}${item.field ? `.${item.field}` : ''}`,
            }))
          )
        }
        throw error
      }
    }
    await ProductSummary.refresh(trx, productId)
  }

  /**
   * Never touches stock: stock moves only through `adjustStock` (issue 14,
   * finding 7).
   */
  async updateProduct(
    id: number,
    input: ProductInput,
    actor?: StaffActor,
    outer?: TransactionClientContract
  ) {
    return this.inTransaction(outer, async (trx) => {
      const product = await Product.query({ client: trx }).where('id', id).forUpdate().first()
      if (!product) {
        throw ApiError.notFound('Product not found')
      }
      if (input.slug !== undefined) {
        product.slug = input.slug
      }
      this.applyProduct(product, input)
      const changes: Record<string, unknown> = changesOf(product)
      await product.save()
      const priceChange = await this.applyToOnlyVariant(product, input, trx)
      if (priceChange) {
        changes.price = priceChange
      }
      if (input.images) {
        await this.replaceImages(product, input.images, trx)
      }
      await this.audit(
        actor,
        'update',
        'products',
        product.id,
        this.withImages(changes, input),
        trx
      )
      const updated = await this.reloadProduct(product.id, trx)
      await publishWebhookEvent(trx, 'product.updated', {
        product: serializeProduct(updated, { includeInactive: true }),
      })
      return updated
    })
  }

  /**
   * A staff stock movement: `delta` units added (negative: removed), or
   * `set` to a counted level if the stock is still `expected` (409
   * otherwise). One guarded update, audited with the reason and the
   * levels before and after; the caches and the stock channel hear about
   * it after commit, as for a sale (issue 14, finding 7).
   */
  async adjustStock(id: number, input: StockAdjustmentInput, actor?: StaffActor) {
    const movement = stockMoveOf(input)
    return db.transaction(async (trx) => {
      const variant = await this.onlyVariant(id, trx, 'stock')
      const { before, after } = await StockService.adjust(variant.id, movement, trx, {
        reason: 'adjustment',
        userId: actor?.id ?? null,
        note: input.reason,
      })
      await this.audit(
        actor,
        'stock_adjustment',
        'products',
        id,
        {
          reason: input.reason,
          variant_id: variant.id,
          ...movement,
          stock: { from: before, to: after },
        },
        trx
      )
      return this.reloadProduct(id, trx)
    })
  }

  /**
   * The product's one variant, for the product-level price, threshold and
   * stock writes; with several variants those are per variant (422 naming
   * where).
   */
  protected async onlyVariant(
    productId: number,
    trx: TransactionClientContract,
    field: 'price' | 'stock'
  ) {
    await ProductSummary.lock(trx, productId)
    const variants = await ProductVariant.query({ client: trx })
      .where('product_id', productId)
      .orderBy('position')
      .orderBy('id')
    if (!variants.length) {
      throw ApiError.notFound('Product not found')
    }
    if (variants.length > 1) {
      const where =
        field === 'price'
          ? "PATCH /api/v1/variants/{variant} with its price (in the panel: the product page's variants grid)"
          : "POST /api/v1/variants/{variant}/stock-adjustments (in the panel: the product page's stock form of the variant)"
      throw ApiError.unprocessable(
        `This product has ${variants.length} variants (${variants.map((variant) => `${variant.sku}: id ${variant.id}`).join(', ')}): change the ${field} of one variant with ${where}`,
        field
      )
    }
    return variants[0]
  }

  /**
   * A product's `price` and `low_stock_threshold` on PATCH: its one
   * variant's (the summary follows); the threshold is also the default of
   * new variants. Returns the price change for the audit entry.
   */
  protected async applyToOnlyVariant(
    product: Product,
    input: ProductInput,
    trx: TransactionClientContract
  ) {
    if (input.price === undefined && input.low_stock_threshold === undefined) {
      return null
    }
    const count = await trx
      .from('product_variants')
      .where('product_id', product.id)
      .count('* as total')
    if (input.price === undefined && Number(count[0].total) !== 1) {
      return null
    }
    const variant = await this.onlyVariant(product.id, trx, 'price')
    variant.useTransaction(trx)
    const from = variant.price
    if (input.price !== undefined) variant.price = toMinorUnits(input.price)
    if (input.low_stock_threshold !== undefined) {
      variant.lowStockThreshold = input.low_stock_threshold
    }
    await variant.save()
    await ProductSummary.refresh(trx, product.id)
    return input.price !== undefined && from !== variant.price ? { from, to: variant.price } : null
  }

  protected withImages(changes: Record<string, unknown>, input: ProductInput) {
    return input.images ? { ...changes, images: input.images.map((image) => image.url) } : changes
  }

  protected async audit(
    actor: StaffActor | undefined,
    action: string,
    resource: string,
    recordId: number,
    changes: Record<string, unknown> | null,
    trx: TransactionClientContract
  ) {
    if (actor) {
      await StaffAudit.record(actor, { action, resource, recordId, changes }, trx)
    }
  }

  /**
   * A product that was ever ordered cannot be deleted (409): deactivate it
   * instead, so order history keeps its lines.
   */
  async deleteProduct(id: number, actor?: StaffActor) {
    const storedImages = await db.transaction(async (trx) => {
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
      const keys = await ProductImageFiles.keysOfProduct(id, trx)
      await product.delete()
      await this.audit(actor, 'delete', 'products', id, { name: product.name }, trx)
      await publishWebhookEvent(trx, 'product.deleted', {
        product: { id, slug: product.slug, name: product.name },
      })
      return keys
    })
    // The stored image files go once the deletion has committed.
    await ProductImageFiles.remove(storedImages)
  }

  async createCategory(input: CategoryInput & { name: string }, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      const category = new Category()
      category.useTransaction(trx)
      category.slug = input.slug ?? (await uniqueSlug('categories', input.name, { client: trx }))
      this.applyCategory(category, input)
      const changes = changesOf(category)
      await category.save()
      await this.audit(actor, 'create', 'categories', category.id, changes, trx)
      return category
    })
  }

  async updateCategory(id: number, input: CategoryInput, actor?: StaffActor) {
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
      const changes = changesOf(category)
      await category.save()
      await this.audit(actor, 'update', 'categories', category.id, changes, trx)
      return category
    })
  }

  /**
   * A category with products or subcategories cannot be deleted (409).
   */
  async deleteCategory(id: number, actor?: StaffActor) {
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
      await this.audit(actor, 'delete', 'categories', id, { name: category.name }, trx)
    })
  }

  /**
   * One product image (the panel's image forms): the product's caches are
   * cleared by the image's hooks after commit.
   */
  async createImage(input: ProductImageInput, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      const image = new ProductImage()
      image.useTransaction(trx)
      this.applyImage(image, input)
      const changes = changesOf(image)
      await image.save()
      await this.audit(actor, 'create', 'product_images', image.id, changes, trx)
      return image
    })
  }

  async updateImage(id: number, input: Partial<ProductImageInput>, actor?: StaffActor) {
    return db.transaction(async (trx) => {
      const image = await ProductImage.find(id, { client: trx })
      if (!image) {
        throw ApiError.notFound('Image not found')
      }
      this.applyImage(image, input)
      const changes = changesOf(image)
      await image.save()
      await this.audit(actor, 'update', 'product_images', image.id, changes, trx)
      return image
    })
  }

  async deleteImage(id: number, actor?: StaffActor) {
    const storageKey = await db.transaction(async (trx) => {
      const image = await ProductImage.find(id, { client: trx })
      if (!image) {
        throw ApiError.notFound('Image not found')
      }
      await image.delete()
      await this.audit(
        actor,
        'delete',
        'product_images',
        id,
        { product_id: image.productId, url: image.url },
        trx
      )
      return image.storageKey
    })
    await ProductImageFiles.remove([storageKey])
  }

  protected applyImage(image: ProductImage, input: Partial<ProductImageInput>) {
    if (input.product_id !== undefined) image.productId = input.product_id
    if (input.url !== undefined) image.url = input.url
    if (input.alt !== undefined) image.alt = input.alt
    if (input.position !== undefined) {
      image.position = input.position
    } else if (!image.$isPersisted) {
      image.position = 0
    }
    if (!image.$isPersisted && image.alt === undefined) {
      image.alt = null
    }
  }

  protected applyProduct(product: Product, input: ProductInput) {
    if (input.name !== undefined) product.name = input.name
    if (input.description !== undefined) product.description = input.description
    /**
     * The summary columns are the variants' (ProductSummary): set here
     * only on create, as the default variant's.
     */
    if (input.price !== undefined && !product.$isPersisted) {
      product.price = toMinorUnits(input.price)
    }
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
    if (input.tax_class !== undefined) {
      product.taxClass = input.tax_class
    } else if (!product.$isPersisted) {
      product.taxClass = STANDARD_TAX_CLASS
    }
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

  /**
   * The product's images become the list given. An uploaded image listed
   * again by its `url` stays the stored file; the files of uploaded images
   * left out are removed once the change commits.
   */
  protected async replaceImages(
    product: Product,
    images: ImageInput[],
    trx: TransactionClientContract
  ) {
    const uploaded = await ProductImage.query({ client: trx })
      .where('product_id', product.id)
      .whereNotNull('storage_key')
    const stored = new Map(uploaded.map((image) => [image.url, image]))
    await ProductImage.query({ client: trx }).where('product_id', product.id).delete()
    await emitAfterCommit(trx, 'catalog:product_changed', { productId: product.id })
    for (const [index, image] of images.entries()) {
      const file = stored.get(image.url)
      stored.delete(image.url)
      await ProductImage.create(
        {
          productId: product.id,
          url: image.url,
          alt: image.alt ?? null,
          position: image.position ?? index,
          ...(file && {
            storageKey: file.storageKey,
            contentType: file.contentType,
            size: file.size,
            width: file.width,
            height: file.height,
          }),
        },
        { client: trx }
      )
    }
    const dropped = [...stored.values()].map((image) => image.storageKey)
    if (dropped.length) {
      trx.after('commit', () => ProductImageFiles.remove(dropped))
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

  /**
   * `work` in the caller's transaction when there is one, else in its own.
   */
  protected inTransaction<T>(
    outer: TransactionClientContract | undefined,
    work: (trx: TransactionClientContract) => Promise<T>
  ): Promise<T> {
    return outer ? work(outer) : db.transaction(work)
  }

  /**
   * The product as staff answers show it: with all its variants.
   */
  protected reloadProduct(id: number, trx: TransactionClientContract) {
    return Product.query({ client: trx })
      .where('id', id)
      .preload('category')
      .preload('images')
      .preload('options', (query) => query.orderBy('position').orderBy('id'))
      .preload('variants', (query) => query.orderBy('position').orderBy('id'))
      .firstOrFail()
  }
}
