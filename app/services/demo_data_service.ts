import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User, { type UserRole } from '#models/user'
import Category from '#models/category'
import Product from '#models/product'
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
}

const PRODUCT_NAMES: Record<string, string[]> = {
  Phones: ['Pocket Phone 12', 'Pocket Phone 12 Pro', 'Budget Phone Lite', 'Rugged Phone X'],
  Laptops: ['Ultrabook 13', 'Workstation 16', 'Student Laptop 14', 'Gaming Laptop 17'],
  Audio: ['Wireless Earbuds', 'Studio Headphones', 'Bluetooth Speaker', 'Soundbar 2.1'],
  Cookware: ['Cast Iron Skillet', 'Non-stick Pan 28cm', 'Stock Pot 8L', 'Chef Knife'],
  Furniture: ['Oak Desk', 'Ergonomic Chair', 'Bookshelf 5 Tiers', 'Bedside Table'],
  Fiction: ['The Silent Harbor', 'Winter of Glass', 'Seven Lanterns', 'The Last Orchard'],
  Science: ['A Brief Tour of Physics', 'The Living Cell', 'Numbers Everywhere', 'Stars Up Close'],
  Running: ['Trail Shoes', 'Road Shoes', 'Running Vest', 'GPS Watch'],
  Cycling: ['City Helmet', 'Bike Lights Set', 'Cycling Gloves', 'Floor Pump'],
}

/**
 * Demo accounts, a category tree and a few dozen products: what the
 * embedded default shows at first start, and what `node ace db:seed` writes.
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
          await Product.create(
            {
              categoryId: child.id,
              name: productName,
              slug,
              description: `${productName}: a demo product in ${childName}.`,
              price: 499 + ((productIndex * 1733) % 49_500),
              stock: productIndex % 7 === 0 ? 0 : 3 + ((productIndex * 7) % 40),
              lowStockThreshold: 5,
              isActive: productIndex % 13 !== 0,
            },
            { client: trx }
          )
        }
      }
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
