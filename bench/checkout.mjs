/**
 * Checkout throughput on PostgreSQL, next to its ceiling.
 *
 *   node bench/checkout.mjs [--clients 32] [--duration 15] [--products 1000] [--variants 1-4] [--quick]
 *
 * Prepares a fresh database with 1,000 products of 1 to 4 variants each
 * (plenty of stock, put there as a ledger adjustment so every variant's
 * stock stays the sum of its movements) and 32 customers, starts the app
 * in production mode (PostgreSQL, plus Redis when REDIS_HOST is set) and
 * has 32 concurrent clients place orders of two random variants of
 * different products through `POST /api/v1/orders` ({ variant_id,
 * quantity }). Then pgbench runs the same transaction (lock the products
 * in id order, insert the order and its event, per line a guarded stock
 * decrement of the variant, its ledger row, the product's summary and the
 * order line) straight against PostgreSQL with the same concurrency: the
 * database's ceiling. Prints both and the ratio.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import pg from 'pg'
import {
  ace,
  flag,
  isMain,
  percentile,
  prepareDatabase,
  report,
  root,
  round,
  startApp,
} from './lib.mjs'

export async function benchCheckout({ clients, duration, productCount, variants = '1-4' }) {
  const env = {
    ...(await prepareDatabase('pg')),
    RATE_LIMIT_REGISTER_PER_HOUR: '100000',
    JWT_ACCESS_TTL: '1h',
  }
  console.log(`preparing ${productCount} products and ${clients} customers...`)
  ace(env, 'migration:run', '--force')
  ace(env, 'catalog:generate', '--products', String(productCount), '--variants', variants)

  const database = new pg.Client({
    host: env.DB_HOST,
    user: env.DB_USER,
    password: process.env.DB_PASSWORD,
    database: env.DB_DATABASE,
  })
  await database.connect()
  // Plenty of stock, as a staff adjustment in the ledger; the summaries.
  await database.query('BEGIN')
  await database.query(
    `INSERT INTO stock_movements (variant_id, product_id, quantity, reason, note, stock_after, created_at)
     SELECT id, product_id, 100000000, 'adjustment', 'bench', stock + 100000000, now() FROM product_variants`
  )
  await database.query(
    'UPDATE product_variants SET stock = stock + 100000000, is_active = true, updated_at = now()'
  )
  await database.query(
    `UPDATE products SET is_active = true,
       stock = (SELECT sum(v.stock) FROM product_variants v WHERE v.product_id = products.id)`
  )
  await database.query('COMMIT')
  const { rows: variantRows } = await database.query(
    'SELECT id, product_id FROM product_variants ORDER BY id'
  )
  const variantIds = variantRows.map((row) => row.id)
  const productOf = new Map(variantRows.map((row) => [row.id, row.product_id]))

  const app = await startApp(env)
  let appResult
  try {
    const tokens = []
    for (let index = 0; index < clients; index++) {
      const response = await fetch(`${app.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `bench${index}@shop.test`,
          password: 'bench-password-1',
          full_name: `Bench ${index}`,
          address: { line1: '1 Bench St', city: 'Bench', postal_code: '12345', country: 'US' },
        }),
      })
      if (response.status !== 201) throw new Error(`register: ${response.status}`)
      tokens.push((await response.json()).data.tokens.access_token)
    }

    const pick = () => variantIds[Math.floor(Math.random() * variantIds.length)]
    const order = (token) => {
      const first = pick()
      let second = pick()
      while (productOf.get(second) === productOf.get(first)) second = pick()
      return fetch(`${app.url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: JSON.stringify({
          items: [
            { variant_id: first, quantity: 1 },
            { variant_id: second, quantity: 1 },
          ],
        }),
      })
    }

    // Warm-up, then the measured run: each client places orders back to back.
    await Promise.all(
      tokens.map((token) => order(token).then((response) => response.arrayBuffer()))
    )
    const latencies = []
    let failures = 0
    const started = performance.now()
    const deadline = started + duration * 1000
    await Promise.all(
      tokens.map(async (token) => {
        while (performance.now() < deadline) {
          const sent = performance.now()
          const response = await order(token)
          await response.arrayBuffer()
          if (response.status === 201) latencies.push(performance.now() - sent)
          else failures++
        }
      })
    )
    const elapsed = (performance.now() - started) / 1000
    latencies.sort((a, b) => a - b)
    appResult = {
      ordersPerSecond: round(latencies.length / elapsed),
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      failures,
    }
  } finally {
    await app.stop()
  }

  /**
   * One order line of a variant, as StockService does it: the guarded
   * decrement (its level and threshold returned), the ledger row, the
   * product's units moved by one statement, and the line with its SKU and
   * title.
   */
  const line = (variable, product) => `
  UPDATE product_variants SET stock = stock - 1, updated_at = now() WHERE id = :${variable} AND stock >= 1 RETURNING stock AS after_${variable}, low_stock_threshold AS threshold_${variable} \\gset
  INSERT INTO stock_movements (variant_id, product_id, quantity, reason, order_id, stock_after, created_at) VALUES (:${variable}, :${product}, -1, 'sale', :order_id, :after_${variable}, now());
  UPDATE products SET stock = stock - 1, updated_at = now() WHERE id = :${product} RETURNING stock AS product_${variable} \\gset
  INSERT INTO order_items (order_id, product_id, variant_id, sku, variant_title, product_name, unit_price, quantity, line_total, created_at) SELECT :order_id, :${product}, id, sku, title, 'x', price, 1, price, now() FROM product_variants WHERE id = :${variable};`

  /**
   * The same transaction as the API's checkout, in SQL (two variants of
   * two products).
   */
  const script = `
  \\set v1 random(1, ${variantIds.length})
  \\set step random(1, ${variantIds.length - 1})
  \\set v2 ((:v1 + :step - 1) % ${variantIds.length}) + 1
  \\set uid random(1, ${clients})
  SELECT product_id AS p1 FROM product_variants WHERE id = :v1 \\gset
  SELECT product_id AS p2 FROM product_variants WHERE id = :v2 \\gset
  BEGIN;
  SELECT id FROM products WHERE id IN (:p1, :p2) ORDER BY id FOR UPDATE;
  SELECT id, product_id, sku, title, price, stock, is_active FROM product_variants WHERE id IN (:v1, :v2);
  INSERT INTO orders (number, user_id, status, currency, subtotal, total, item_count, ship_full_name, ship_line1, ship_city, ship_postal_code, ship_country, created_at, updated_at)
    VALUES ('SO-' || substr(md5(random()::text), 1, 20), :uid, 'pending', 'USD', 2000, 2000, 2, 'Bench', '1 Bench St', 'Bench', '12345', 'US', now(), now()) RETURNING id AS order_id \\gset
  INSERT INTO order_events (order_id, user_id, type, to_status, actor_id, actor_role, created_at) VALUES (:order_id, :uid, 'status', 'pending', :uid, 'customer', now());
  SELECT id FROM webhook_endpoints WHERE is_active;
  INSERT INTO outbox_messages (job_name, payload, dedupe_key, available_at, created_at) VALUES ('mail.send', '{"kind":"order_placed","orderId":' || :order_id || '}', 'mail:order_placed:' || :order_id, 0, 0);
  ${line('v1', 'p1')}
  ${line('v2', 'p2')}
  COMMIT;
  `
  const scriptFile = `${root}tmp/bench/checkout.pgbench.sql`
  mkdirSync(`${root}tmp/bench`, { recursive: true })
  writeFileSync(scriptFile, script)
  await database.end()

  const pgbench = spawnSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(clients),
      '-j',
      '2',
      '-T',
      String(duration),
      '-f',
      scriptFile,
      '-h',
      env.DB_HOST,
      '-U',
      env.DB_USER,
      env.DB_DATABASE,
    ],
    { encoding: 'utf8', env: { ...process.env, PGPASSWORD: process.env.DB_PASSWORD ?? '' } }
  )
  if (pgbench.status !== 0) {
    throw new Error(`pgbench failed: ${pgbench.stderr}`)
  }
  const tps = Number(/tps = ([\d.]+)/.exec(pgbench.stdout)?.[1])
  const pgLatency = Number(/latency average = ([\d.]+) ms/.exec(pgbench.stdout)?.[1])
  return {
    clients,
    duration,
    products: productCount,
    variants: variantIds.length,
    api: appResult,
    pgbench: { ordersPerSecond: round(tps), latencyAverageMs: pgLatency },
    ratio: round(appResult.ordersPerSecond / tps),
  }
}

if (isMain(import.meta)) {
  const quick = flag('quick', false) === true
  const result = await benchCheckout({
    clients: Number(flag('clients', 32)),
    duration: Number(flag('duration', quick ? 5 : 15)),
    productCount: Number(flag('products', 1000)),
    variants: String(flag('variants', '1-4')),
  })
  const rows = [
    {
      'what': `POST /api/v1/orders, ${result.clients} clients`,
      'orders/s': result.api.ordersPerSecond,
      'p50 ms': result.api.p50,
      'p99 ms': result.api.p99,
      'failures': result.api.failures,
    },
    {
      'what': `pgbench, same transaction, ${result.clients} clients`,
      'orders/s': result.pgbench.ordersPerSecond,
      'p50 ms': result.pgbench.latencyAverageMs,
    },
    { 'what': 'ratio API / database', 'orders/s': result.ratio },
  ]
  report('checkout', rows, result)
}
