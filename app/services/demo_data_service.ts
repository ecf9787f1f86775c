import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User, { type UserRole } from '#models/user'
import Category from '#models/category'
import Product from '#models/product'
import ProductOption from '#models/product_option'
import ProductVariant from '#models/product_variant'
import { StockService } from '#services/stock_service'
import { slugify } from '#services/slug_service'

export const DEMO_PASSWORD = 'password123'

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; fullName: string; role: UserRole }> = [
  { email: 'admin@shop.test', fullName: 'Ada Admin', role: 'admin' },
  { email: 'staff@shop.test', fullName: 'Sam Staff', role: 'staff' },
  { email: 'customer@shop.test', fullName: 'Casey Customer', role: 'customer' },
]

/**
 * The demo category tree: top-level categories with their children.
 */
const CATEGORY_TREE: Record<string, string[]> = {
  'Electronics': ['Phones', 'Laptops', 'Audio'],
  'Home & Kitchen': ['Cookware', 'Furniture'],
  'Books': ['Fiction', 'Science'],
  'Sports': ['Running', 'Cycling'],
  'Apparel': ['T-shirts', 'Hoodies'],
}

const PRODUCT_NAMES: Record<string, string[]> = {
  Phones: ['Pocket Phone 12', 'Pocket Phone 12 Pro', 'Budget Phone Lite', 'Rugged Phone X'],
  Laptops: ['Workstation 16', 'Student Laptop 14', 'Gaming Laptop 17'],
  Audio: ['Wireless Earbuds', 'Studio Headphones', 'Bluetooth Speaker', 'Soundbar 2.1'],
  Cookware: ['Cast Iron Skillet', 'Non-stick Pan 28cm', 'Stock Pot 8L', 'Chef Knife'],
  Furniture: ['Oak Desk', 'Ergonomic Chair', 'Bookshelf 5 Tiers', 'Bedside Table'],
  Fiction: ['The Silent Harbor', 'Winter of Glass', 'Seven Lanterns', 'The Last Orchard'],
  Science: ['A Brief Tour of Physics', 'The Living Cell', 'Numbers Everywhere', 'Stars Up Close'],
  Running: ['Trail Shoes', 'Road Shoes', 'Running Vest', 'GPS Watch'],
  Cycling: ['City Helmet', 'Bike Lights Set', 'Cycling Gloves', 'Floor Pump'],
}

interface DemoVariant {
  /**
   * One value per option, in the options' order.
   */
  values: string[]
  price: number
  compareAtPrice?: number
  stock: number
  weightGrams?: number
}

interface DemoVariantProduct {
  category: string
  name: string
  /**
   * The SKU stem: a variant's SKU is the stem and its values.
   */
  sku: string
  description: string
  options: Array<{ name: string; values: string[] }>
  variants: DemoVariant[]
}

/**
 * Products sold in variants, each with its own SKU, price and stock: a
 * T-shirt in three sizes and two colours (one sold out, L dearer), a
 * hoodie, a laptop in two memory sizes (different prices).
 */
const tee = (size: string, colour: string, stock: number): DemoVariant => ({
  values: [size, colour],
  price: size === 'L' ? 2199 : 1999,
  compareAtPrice: 2499,
  stock,
  weightGrams: size === 'S' ? 160 : size === 'M' ? 180 : 200,
})
export const DEMO_VARIANT_PRODUCTS: DemoVariantProduct[] = [
  {
    category: 'T-shirts',
    name: 'Classic Cotton T-shirt',
    sku: 'TEE-CLASSIC',
    description:
      'Classic Cotton T-shirt: 100% cotton, regular fit, in three sizes and two colours.',
    options: [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['red', 'blue'] },
    ],
    variants: [
      tee('S', 'red', 12),
      tee('S', 'blue', 8),
      tee('M', 'red', 5),
      tee('M', 'blue', 20),
      tee('L', 'red', 0),
      tee('L', 'blue', 3),
    ],
  },
  {
    category: 'Hoodies',
    name: 'Zip Hoodie',
    sku: 'HOODIE-ZIP',
    description: 'Zip Hoodie: brushed fleece, full zip, in four sizes and two colours.',
    options: [
      { name: 'Size', values: ['S', 'M', 'L', 'XL'] },
      { name: 'Colour', values: ['grey', 'black'] },
    ],
    variants: ['S', 'M', 'L', 'XL'].flatMap((size, index) =>
      ['grey', 'black'].map((colour) => ({
        values: [size, colour],
        price: size === 'XL' ? 5499 : 4999,
        stock: (index * 7 + colour.length) % 15,
        weightGrams: 450 + index * 50,
      }))
    ),
  },
  {
    category: 'Laptops',
    name: 'Ultrabook 13',
    sku: 'ULTRABOOK-13',
    description: 'Ultrabook 13: a 1.1 kg laptop with a 13" display, with 16 GB or 32 GB of memory.',
    options: [{ name: 'Memory', values: ['16 GB', '32 GB'] }],
    variants: [
      { values: ['16 GB'], price: 119_900, stock: 7, weightGrams: 1100 },
      { values: ['32 GB'], price: 149_900, compareAtPrice: 159_900, stock: 2, weightGrams: 1100 },
    ],
  },
]

/**
 * Demo accounts, a category tree and a few dozen products: what the
 * embedded default shows at first start, and what `node ace db:seed` writes.
 * Most products are simple (one default variant); a few are sold in
 * variants (DEMO_VARIANT_PRODUCTS: sizes and colours, memory sizes).
 * Idempotent: existing accounts, categories and products are kept.
 */
export class DemoDataService {
  /**
   * Seeds only when the database holds no user at all.
   */
  async seedIfEmpty(): Promise<boolean> {
    const row = await db.from('users').count('* as total').first()
    if (Number(row?.total ?? 0) > 0) {
      return false
    }
    await this.seed()
    return true
  }

  async seed(): Promise<void> {
    await db.transaction(async (trx) => {
      await this.seedAccounts(trx)
      await this.seedCatalog(trx)
    })
  }

  private async seedAccounts(trx: TransactionClientContract) {
    for (const account of DEMO_ACCOUNTS) {
      const existing = await User.query({ client: trx }).where('email', account.email).first()
      if (existing) {
        continue
      }
      await User.create(
        {
          ...account,
          password: DEMO_PASSWORD,
          addressLine1: '1 Demo Street',
          addressCity: 'Springfield',
          addressPostalCode: '12345',
          addressCountry: 'US',
        },
        { client: trx }
      )
    }
  }

  private async seedCatalog(trx: TransactionClientContract) {
    let position = 0
    let productIndex = 0
    for (const [parentName, children] of Object.entries(CATEGORY_TREE)) {
      const parent = await this.category(trx, parentName, null, position++)
      for (const childName of children) {
        const child = await this.category(trx, childName, parent.id, position++)
        for (const productName of PRODUCT_NAMES[childName] ?? []) {
          productIndex++
          const slug = slugify(productName)
          const existing = await Product.query({ client: trx }).where('slug', slug).first()
          if (existing) {
            continue
          }
          const price = 499 + ((productIndex * 1733) % 49_500)
          await Product.create(
            {
              categoryId: child.id,
              name: productName,
              slug,
              description: `${productName}: a demo product in ${childName}.`,
              price,
              maxPrice: price,
              stock: productIndex % 7 === 0 ? 0 : 3 + ((productIndex * 7) % 40),
              lowStockThreshold: 5,
              isActive: productIndex % 13 !== 0,
            },
            { client: trx }
          )
        }
        for (const spec of DEMO_VARIANT_PRODUCTS.filter((item) => item.category === childName)) {
          await this.seedVariantProduct(trx, spec, child.id)
        }
      }
    }
  }

  /**
   * A product sold in variants, as the API would make it: its options,
   * its variants and each variant's opening ledger row (StockService
   * .opened, which also sets the product's price range and stock).
   */
  private async seedVariantProduct(
    trx: TransactionClientContract,
    spec: DemoVariantProduct,
    categoryId: number
  ) {
    const slug = slugify(spec.name)
    if (await Product.query({ client: trx }).where('slug', slug).first()) {
      return
    }
    const prices = spec.variants.map((variant) => variant.price)
    const product = new Product()
    product.useTransaction(trx)
    product.merge({
      categoryId,
      name: spec.name,
      slug,
      description: spec.description,
      price: Math.min(...prices),
      maxPrice: Math.max(...prices),
      stock: 0,
      lowStockThreshold: 5,
      isActive: true,
    })
    product.withoutDefaultVariant = true
    await product.save()
    for (const [position, option] of spec.options.entries()) {
      await ProductOption.create(
        { productId: product.id, name: option.name, values: option.values, position },
        { client: trx }
      )
    }
    for (const [position, item] of spec.variants.entries()) {
      const variant = await ProductVariant.create(
        {
          productId: product.id,
          sku: [spec.sku, ...item.values]
            .join('-')
            .toUpperCase()
            .replace(/[^A-Z0-9]+/g, '-'),
          title: item.values.join(' / '),
          optionValues: item.values,
          price: item.price,
          compareAtPrice: item.compareAtPrice ?? null,
          stock: item.stock,
          lowStockThreshold: 5,
          weightGrams: item.weightGrams ?? null,
          isActive: true,
          position,
        },
        { client: trx }
      )
      await StockService.opened(trx, variant)
    }
  }

  private async category(
    trx: TransactionClientContract,
    name: string,
    parentId: number | null,
    position: number
  ) {
    const slug = slugify(name)
    const existing = await Category.query({ client: trx }).where('slug', slug).first()
    if (existing) {
      return existing
    }
    return Category.create(
      { name, slug, parentId, position, description: `Everything in ${name}.` },
      { client: trx }
    )
  }
}
