/**
 * Quote throughput (issue 19) next to a cart read, in the same run.
 *
 *   node bench/quote.mjs [--db sqlite|pg] [--duration 10] [--connections 32] [--products 1000] [--quick]
 *
 * Prepares a fresh database with a generated catalog and the pricing rules
 * of a real shop: a domestic zone (DE) with a flat and a weight-band
 * method, 19% standard and 7% reduced VAT, an automatic promotion (10% off
 * the order) and a coupon code (BENCH20: 20% off the lines of three of the
 * cart's products). Starts the app in production mode, registers a
 * customer living in DE and fills the cart with 5 lines (5 products, one
 * of them in the reduced class). Checks once that the quote applies both
 * promotions, a shipping method and tax, then loads, with the same number
 * of connections on the same app process:
 * - GET /api/v1/cart (the cart read);
 * - POST /api/v1/cart/quote { shipping_method_id, coupon_code }.
 * Prints both in req/s and the quote's ratio to the cart read. `--db pg`
 * uses PostgreSQL (and Redis when REDIS_HOST is set); the default follows
 * DB_CONNECTION.
 */
import pg from 'pg'
import { ace, flag, isMain, load, prepareDatabase, report, round, startApp } from './lib.mjs'

/**
 * A connection to the bench database for seeding, with `?` placeholders
 * on both databases.
 */
async function openDatabase(env) {
  if (env.DB_CONNECTION === 'pg') {
    const client = new pg.Client({
      host: env.DB_HOST,
      user: env.DB_USER,
      password: process.env.DB_PASSWORD,
      database: env.DB_DATABASE,
    })
    await client.connect()
    return {
      async query(sql, params = []) {
        let index = 0
        const text = sql.replace(/\?/g, () => `$${++index}`)
        return (await client.query(text, params)).rows
      },
      now: () => new Date(),
      close: () => client.end(),
    }
  }
  const { default: Database } = await import('better-sqlite3')
  const sqlite = new Database(env.SQLITE_FILE)
  return {
    async query(sql, params = []) {
      const statement = sqlite.prepare(sql)
      if (statement.reader) return statement.all(...params)
      statement.run(...params)
      return []
    },
    // What Lucid writes on SQLite: UTC text.
    now: () => new Date().toISOString().replace('T', ' ').slice(0, 19),
    close: () => sqlite.close(),
  }
}

/**
 * The pricing rules and the 5 variants of the cart (5 products, active,
 * in stock, weighing 300 g each); returns the variant ids and the flat
 * method's id.
 */
async function seedPricing(env) {
  const database = await openDatabase(env)
  try {
    const now = database.now()
    const variants = await database.query(
      `SELECT v.id, v.product_id FROM product_variants v
       JOIN products p ON p.id = v.product_id
       WHERE v.is_active = ? AND p.is_active = ? AND v.stock >= 10 AND v.price >= 500
       ORDER BY v.id`,
      env.DB_CONNECTION === 'pg' ? [true, true] : [1, 1]
    )
    const picked = []
    const products = new Set()
    for (const variant of variants) {
      if (products.has(variant.product_id)) continue
      products.add(variant.product_id)
      picked.push(variant)
      if (picked.length === 5) break
    }
    if (picked.length < 5)
      throw new Error('the generated catalog has fewer than 5 products for sale')
    for (const variant of picked) {
      await database.query('UPDATE product_variants SET weight_grams = 300 WHERE id = ?', [
        variant.id,
      ])
    }
    await database.query("UPDATE products SET tax_class = 'reduced' WHERE id = ?", [
      picked[4].product_id,
    ])

    const [zone] = await database.query(
      'INSERT INTO shipping_zones (name, countries, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id',
      ['Domestic', JSON.stringify(['DE', 'AT']), now, now]
    )
    const [standard] = await database.query(
      `INSERT INTO shipping_methods (zone_id, name, delivery_estimate, rate_type, price, free_over, weight_bands, position, created_at, updated_at)
       VALUES (?, 'Standard', '2-4 days', 'flat', 490, NULL, '[]', 0, ?, ?) RETURNING id`,
      [zone.id, now, now]
    )
    await database.query(
      `INSERT INTO shipping_methods (zone_id, name, delivery_estimate, rate_type, price, free_over, weight_bands, position, created_at, updated_at)
       VALUES (?, 'Express', '1 day', 'weight', 0, NULL, ?, 1, ?, ?)`,
      [
        zone.id,
        JSON.stringify([
          { maxGrams: 1000, price: 990 },
          { maxGrams: 5000, price: 1490 },
          { maxGrams: null, price: 2990 },
        ]),
        now,
        now,
      ]
    )
    await database.query(
      `INSERT INTO tax_rates (country, tax_class, name, rate_bp, created_at, updated_at)
       VALUES ('DE', 'standard', 'MwSt', 1900, ?, ?), ('DE', 'reduced', 'MwSt reduced', 700, ?, ?)`,
      [now, now, now, now]
    )
    await database.query(
      `INSERT INTO promotions (name, code, effect, value, target, created_at, updated_at)
       VALUES ('10% off every order', NULL, 'percentage', 1000, 'order', ?, ?)`,
      [now, now]
    )
    await database.query(
      `INSERT INTO promotions (name, code, effect, value, target, product_ids, created_at, updated_at)
       VALUES ('20% off three products', 'BENCH20', 'percentage', 2000, 'lines', ?, ?, ?)`,
      [JSON.stringify(picked.slice(0, 3).map((variant) => variant.product_id)), now, now]
    )
    return { variantIds: picked.map((variant) => variant.id), methodId: standard.id }
  } finally {
    await database.close()
  }
}

export async function benchQuote({ kind, duration, connections = 32, products = 1000 }) {
  const env = {
    ...(await prepareDatabase(kind)),
    RATE_LIMIT_REGISTER_PER_HOUR: '100000',
    JWT_ACCESS_TTL: '1h',
  }
  console.log(`quote: ${kind}, ${products} products, a 5-line cart with two promotions...`)
  ace(env, 'migration:run', '--force')
  ace(env, 'catalog:generate', '--products', String(products), '--variants', '1-4')
  const { variantIds, methodId } = await seedPricing(env)

  const app = await startApp(env)
  try {
    const registered = await fetch(`${app.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'quote-bench@shop.test',
        password: 'bench-password-1',
        full_name: 'Quote Bench',
        address: { line1: '1 Bench Str.', city: 'Berlin', postal_code: '10115', country: 'DE' },
      }),
    })
    if (registered.status !== 201) throw new Error(`register: ${registered.status}`)
    const token = (await registered.json()).data.tokens.access_token
    const authorization = `Bearer ${token}`
    for (const [index, variantId] of variantIds.entries()) {
      const added = await fetch(`${app.url}/api/v1/cart/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ variant_id: variantId, quantity: 1 + (index % 3) }),
      })
      if (added.status !== 201) throw new Error(`cart: ${added.status} ${await added.text()}`)
    }

    const quoteRequest = {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ shipping_method_id: methodId, coupon_code: 'bench20' }),
    }
    const checked = await fetch(`${app.url}/api/v1/cart/quote`, quoteRequest)
    const quote = (await checked.json()).data
    if (
      checked.status !== 200 ||
      quote.lines.length !== 5 ||
      quote.discounts.length !== 2 ||
      !quote.coupon?.applied ||
      !quote.shipping_method ||
      quote.taxes.length !== 2
    ) {
      throw new Error(`the quote does not price what the bench means: ${JSON.stringify(quote)}`)
    }
    const cartRequest = { method: 'GET', headers: { authorization } }

    // JIT warm-up of both, then each measured with the same connections.
    await load(`${app.url}/api/v1/cart`, { duration: 2, connections, request: cartRequest })
    await load(`${app.url}/api/v1/cart/quote`, { duration: 2, connections, request: quoteRequest })
    const cart = await load(`${app.url}/api/v1/cart`, {
      duration,
      connections,
      request: cartRequest,
    })
    const priced = await load(`${app.url}/api/v1/cart/quote`, {
      duration,
      connections,
      request: quoteRequest,
    })
    return {
      database: kind,
      connections,
      duration,
      products,
      cart,
      quote: priced,
      ratio: round(priced.rps / cart.rps),
      sample: {
        subtotal: quote.subtotal,
        discounts: quote.discounts.map((discount) => `${discount.name}: ${discount.amount}`),
        shipping: quote.shipping_total,
        tax: quote.tax_total,
        total: quote.total,
      },
    }
  } finally {
    await app.stop()
  }
}

if (isMain(import.meta)) {
  const quick = flag('quick', false) === true
  const result = await benchQuote({
    kind: flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite'),
    duration: Number(flag('duration', quick ? 3 : 10)),
    connections: Number(flag('connections', 32)),
    products: Number(flag('products', 1000)),
  })
  const rows = [
    {
      'what': `GET /api/v1/cart, 5 lines, ${result.connections} connections`,
      'req/s': result.cart.rps,
      'p50 ms': result.cart.p50,
      'p99 ms': result.cart.p99,
    },
    {
      'what': `POST /api/v1/cart/quote, 5 lines, 2 promotions, ${result.connections} connections`,
      'req/s': result.quote.rps,
      'p50 ms': result.quote.p50,
      'p99 ms': result.quote.p99,
    },
    { 'what': 'ratio quote / cart read', 'req/s': result.ratio },
  ]
  report('quote', rows, result)
}
