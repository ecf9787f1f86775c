import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User, { type UserRole } from '#models/user'
import Category from '#models/category'
import Product from '#models/product'
import ProductOption from '#models/product_option'
import ProductVariant from '#models/product_variant'
import ShippingZone from '#models/shipping_zone'
import ShippingMethod from '#models/shipping_method'
import TaxRate from '#models/tax_rate'
import Promotion from '#models/promotion'
import PaymentMethod from '#models/payment_method'
import { StockService } from '#services/stock_service'
import { slugify } from '#services/slug_service'
import { ShopSettingsService } from '#services/shop_settings_service'
import { emitAfterCommit } from '#events/after_commit'
import type { WeightBand } from '#domain/pricing'
import { stripeSettings } from '#services/payments/stripe_provider'

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

/**
 * The categories whose products are taxed at the "reduced" rate (books).
 */
const REDUCED_TAX_CATEGORIES = new Set(['Fiction', 'Science'])

/**
 * Where the demo ships outside the shop's own country (minus that one).
 */
const INTERNATIONAL_COUNTRIES = [
  'US',
  'CA',
  'GB',
  'IE',
  'DE',
  'AT',
  'CH',
  'FR',
  'BE',
  'NL',
  'LU',
  'IT',
  'ES',
  'PT',
  'DK',
  'SE',
  'NO',
  'FI',
  'PL',
  'CZ',
]

/**
 * The demo's pricing rules (issue 19), around the shop's country: a
 * domestic zone ("Standard": 4.90, free from 50.00 after discounts;
 * "Express" by weight) and an international one ("International" by
 * weight), a 20% standard rate and a 7% "reduced" rate (books) in the
 * shop's country, and the WELCOME10 code: 10% off a customer's first
 * order, once per customer. Prices are entered without tax (the shop
 * setting's default).
 */
export const DEMO_PRICING = {
  domesticZone: 'Domestic',
  internationalZone: 'International',
  methods: {
    Domestic: [
      {
        name: 'Standard',
        deliveryEstimate: '2-4 business days',
        rateType: 'free_over' as const,
        price: 490,
        freeOver: 5000,
        weightBands: [] as WeightBand[],
      },
      {
        name: 'Express',
        deliveryEstimate: 'next business day',
        rateType: 'weight' as const,
        price: 0,
        freeOver: null,
        weightBands: [
          { maxGrams: 1000, price: 990 },
          { maxGrams: 5000, price: 1490 },
          { maxGrams: null, price: 2490 },
        ],
      },
    ],
    International: [
      {
        name: 'International',
        deliveryEstimate: '5-10 business days',
        rateType: 'weight' as const,
        price: 0,
        freeOver: null,
        weightBands: [
          { maxGrams: 1000, price: 1490 },
          { maxGrams: 5000, price: 2990 },
          { maxGrams: null, price: 5990 },
        ],
      },
    ],
  },
  taxRates: [
    { taxClass: 'standard', name: 'VAT', rateBp: 2000 },
    { taxClass: 'reduced', name: 'VAT reduced', rateBp: 700 },
  ],
  welcome: {
    name: 'Welcome 10% off',
    code: 'WELCOME10',
    effect: 'percentage' as const,
    value: 1000,
    target: 'order' as const,
    firstOrderOnly: true,
    perCustomerLimit: 1,
  },
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
 * The demo's ways to pay (issue 20): a bank transfer (manual: staff record
 * the money when it arrives; unpaid orders expire after a week), cash on
 * delivery (ships unpaid, paid when delivered; never expires) and a card
 * through Stripe (charged at once; unpaid orders expire after 30
 * minutes), active only on a server with a Stripe secret key.
 * The demo has no orders of its own: once these are active, every
 * checkout names one of them (`payment_method`), so demo orders placed
 * through the API carry a method. (`orders:generate` writes a benchmark
 * history straight into the tables, without methods, like orders from
 * before issue 20.)
 */
export const DEMO_PAYMENT_METHODS = [
  {
    code: 'bank-transfer',
    name: 'Bank transfer',
    provider: 'manual' as const,
    payOnDelivery: false,
    capture: 'automatic' as const,
    expiresAfterMinutes: 10_080,
    instructions:
      'Transfer the order total to Demo Shop, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX. ' +
      'Use the order number as reference. Unpaid orders are cancelled after 7 days.',
  },
  {
    code: 'cash-on-delivery',
    name: 'Cash on delivery',
    provider: 'manual' as const,
    payOnDelivery: true,
    capture: 'automatic' as const,
    expiresAfterMinutes: null,
    instructions: 'Pay the courier in cash when your order arrives.',
  },
  {
    code: 'card',
    name: 'Card',
    provider: 'stripe' as const,
    payOnDelivery: false,
    capture: 'automatic' as const,
    expiresAfterMinutes: 30,
    instructions: null,
  },
]

/**
 * Demo accounts, a category tree and a few dozen products: what the
 * embedded default shows at first start, and what `node ace db:seed` writes.
 * Most products are simple (one default variant); a few are sold in
 * variants (DEMO_VARIANT_PRODUCTS: sizes and colours, memory sizes).
 * Books are taxed at the "reduced" rate, everything else at "standard";
 * the pricing rules are DEMO_PRICING's, the payment methods
 * DEMO_PAYMENT_METHODS.
 * Idempotent: existing accounts, categories, products, pricing rules and
 * payment methods are kept.
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
      await this.seedPricing(trx)
      await this.seedPaymentMethods(trx)
    })
  }

  /**
   * DEMO_PAYMENT_METHODS, in that order; a code that exists already is
   * kept as it is (staff may have changed it). The card is active only
   * when Stripe is configured (STRIPE_SECRET_KEY): without a key no
   * stripe method can take a payment.
   */
  private async seedPaymentMethods(trx: TransactionClientContract) {
    const stripeReady = Boolean(stripeSettings().secretKey)
    for (const [position, method] of DEMO_PAYMENT_METHODS.entries()) {
      if (await PaymentMethod.query({ client: trx }).where('code', method.code).first()) {
        continue
      }
      await PaymentMethod.create(
        { ...method, isActive: method.provider !== 'stripe' || stripeReady, position },
        { client: trx }
      )
    }
  }

  /**
   * DEMO_PRICING, in the shop's country (its settings; the default
   * config's "US"). A zone, rate or code that exists already (by name,
   * country and class, code) is kept as it is. Each write clears the
   * pricing cache after commit, as a staff write does.
   */
  private async seedPricing(trx: TransactionClientContract) {
    const settings = await new ShopSettingsService().row(trx)
    const home = (settings.country || 'US').toUpperCase()
    const zones: Array<[string, string[]]> = [
      [DEMO_PRICING.domesticZone, [home]],
      [
        DEMO_PRICING.internationalZone,
        INTERNATIONAL_COUNTRIES.filter((country) => country !== home),
      ],
    ]
    for (const [name, countries] of zones) {
      if (await ShippingZone.query({ client: trx }).where('name', name).first()) {
        continue
      }
      const zone = await ShippingZone.create({ name, countries }, { client: trx })
      await emitAfterCommit(trx, 'pricing:changed', { resource: 'shipping_zones', id: zone.id })
      const methods = DEMO_PRICING.methods[name as keyof typeof DEMO_PRICING.methods]
      for (const [position, method] of methods.entries()) {
        const created = await ShippingMethod.create(
          { ...method, zoneId: zone.id, isActive: true, position },
          { client: trx }
        )
        await emitAfterCommit(trx, 'pricing:changed', {
          resource: 'shipping_methods',
          id: created.id,
        })
      }
    }
    for (const rate of DEMO_PRICING.taxRates) {
      const existing = await TaxRate.query({ client: trx })
        .where('country', home)
        .where('tax_class', rate.taxClass)
        .first()
      if (existing) {
        continue
      }
      const created = await TaxRate.create({ ...rate, country: home }, { client: trx })
      await emitAfterCommit(trx, 'pricing:changed', { resource: 'tax_rates', id: created.id })
    }
    const welcome = DEMO_PRICING.welcome
    if (!(await Promotion.query({ client: trx }).where('code', welcome.code).first())) {
      const created = await Promotion.create(
        {
          ...welcome,
          isActive: true,
          productIds: [],
          categoryIds: [],
          variantIds: [],
          minSubtotal: null,
          startsAt: null,
          endsAt: null,
          usageLimit: null,
          timesUsed: 0,
        },
        { client: trx }
      )
      await emitAfterCommit(trx, 'pricing:changed', { resource: 'promotions', id: created.id })
    }
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
              taxClass: REDUCED_TAX_CATEGORIES.has(childName) ? 'reduced' : 'standard',
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
