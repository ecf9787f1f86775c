import factory from '@adonisjs/lucid/factories'
import db from '@adonisjs/lucid/services/db'
import Category from '#models/category'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import ProductVariant from '#models/product_variant'
import { StockService } from '#services/stock_service'

let sequence = 0

export const CategoryFactory = factory
  .define(Category, ({ faker }) => {
    sequence++
    const name = `${faker.commerce.department()} ${sequence}`
    return {
      name,
      slug: `category-${sequence}-${faker.string.alphanumeric(4).toLowerCase()}`,
      description: faker.lorem.sentence(),
      parentId: null,
      position: sequence,
    }
  })
  .build()

export const ProductImageFactory = factory
  .define(ProductImage, ({ faker }) => ({
    url: `https://images.example.test/${faker.string.alphanumeric(10)}.jpg`,
    alt: faker.commerce.productAdjective(),
    position: 0,
  }))
  .build()

/**
 * Active products in stock by default. States: inactive, outOfStock.
 * Each gets its default variant (SKU `P-<id>`) with its price and stock
 * from the Product create hook; ProductVariantFactory adds more.
 */
export const ProductFactory = factory
  .define(Product, ({ faker }) => {
    sequence++
    const name = `${faker.commerce.productName()} ${sequence}`
    return {
      name,
      slug: `product-${sequence}-${faker.string.alphanumeric(4).toLowerCase()}`,
      description: faker.commerce.productDescription(),
      price: faker.number.int({ min: 100, max: 100_000 }),
      stock: faker.number.int({ min: 1, max: 50 }),
      lowStockThreshold: 5,
      isActive: true,
    }
  })
  .state('inactive', (product) => {
    product.isActive = false
  })
  .state('outOfStock', (product) => {
    product.stock = 0
  })
  /**
   * The summary's highest price (NOT NULL on PostgreSQL) until the default
   * variant made on create refreshes it: the price, whatever a test merged.
   */
  .before('create', (_factory, product) => {
    if (product.maxPrice === undefined || product.maxPrice === null) {
      product.maxPrice = product.price
    }
  })
  .relation('category', () => CategoryFactory)
  .relation('images', () => ProductImageFactory)
  .build()

/**
 * A variant of an existing product, active, in stock: merge `productId`
 * and `optionValues` (one value per option of the product, as
 * ProductOption rows say; the title is made from them). Its opening stock
 * gets its `initial` ledger row and the product's summary is refreshed
 * (StockService.opened), as VariantAdminService does, so the ledger adds
 * up. States: inactive, outOfStock.
 */
export const ProductVariantFactory = factory
  .define(ProductVariant, ({ faker }) => {
    sequence++
    return {
      sku: `VAR-${sequence}-${faker.string.alphanumeric(5).toUpperCase()}`,
      optionValues: [] as string[],
      price: faker.number.int({ min: 100, max: 100_000 }),
      compareAtPrice: null,
      stock: faker.number.int({ min: 1, max: 50 }),
      lowStockThreshold: 5,
      weightGrams: null,
      isActive: true,
      position: sequence,
    }
  })
  .state('inactive', (variant) => {
    variant.isActive = false
  })
  .state('outOfStock', (variant) => {
    variant.stock = 0
  })
  .before('create', (_factory, variant) => {
    variant.title = variant.optionValues.length ? variant.optionValues.join(' / ') : 'Default'
  })
  .after('create', async (_factory, variant, ctx) => {
    await StockService.opened(ctx.$trx ?? db.connection(), variant)
  })
  .build()
