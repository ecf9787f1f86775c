/**
 * Checkout throughput on PostgreSQL, next to its ceiling.
 *
 *   node bench/checkout.mjs [--clients 32] [--duration 15] [--products 1000] [--variants 1-4]
 *     [--hot] [--statements] [--quick]
 *
 * Prepares a fresh database of its own (`shop_bench_checkout_*`, dropped at
 * the end) with 1,000 products of 1 to 4 variants each (plenty of stock,
 * put there as a ledger adjustment so every variant's stock stays the sum
 * of its movements) and 32 customers, starts the app in production mode
 * (PostgreSQL, plus Redis when REDIS_HOST is set) and has 32 concurrent
 * clients place orders of two random variants of different products
 * through `POST /api/v1/orders` ({ variant_id, quantity }). `--hot`: every
 * client buys the same two variants (of two products) in every order.
 * Then pgbench runs the same transaction (lock the products in id order,
 * insert the order and its event, per line a guarded stock decrement of
 * the variant, its ledger row, the product's summary and the order line)
 * straight against PostgreSQL with the same concurrency and the same
 * variants (hot or random): the database's ceiling. Prints both, the
 * ratio, and a stock check after both runs: every variant's stock equals
 * its ledger, every product's units its active variants', the units sold
 * equal the order lines', none negative.
 *
 * `--statements`: before the load, the app runs once more behind a
 * counting proxy and places 20 orders one at a time: the round trips
 * (statements) one order sends to PostgreSQL, listed.
 *
 * Exported: `benchCheckout({ clients, duration, productCount, variants,
 * hot, statements })` resolves to `{ clients, duration, products, variants,
 * hot, api: { ordersPerSecond, p50, p99, failures, serverErrors, statuses },
 * pgbench: { ordersPerSecond, latencyAverageMs }, ratio, stock: { ok,
 * variantsOffLedger, productsOffVariants, negative, unitsSold, unitsInLines,
 * hotVariants? }, statements?: { perOrder, list } }`.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { ace, cpuMs, flag, isMain, percentile, report, root, round, startApp } from './lib.mjs'

/**
 * A database of this run's own (several benchmarks may run at once on the
 * shared machine; `shop_bench` belongs to the others).
 */
async function ownDatabase() {
  const name = `shop_bench_checkout_${randomBytes(3).toString('hex')}`
  const connection = {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'postgres',
    password: process.env.DB_PASSWORD,
  }
  const admin = new pg.Client({ ...connection, database: 'postgres' })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  return {
    name,
    env: {
      NODE_ENV: 'production',
      APP_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      RATE_LIMIT_API_PER_MINUTE: '0',
      ADMIN_JS_SKIP_BUNDLE: 'true',
      REDIS_KEY_PREFIX: `${name}:`,
      DB_CONNECTION: 'pg',
      DB_HOST: connection.host,
      DB_PORT: String(connection.port),
      DB_USER: connection.user,
      DB_DATABASE: name,
      DATABASE_URL: '',
      RATE_LIMIT_REGISTER_PER_HOUR: '100000',
      JWT_ACCESS_TTL: '1h',
    },
    async drop() {
      const dropper = new pg.Client({ ...connection, database: 'postgres' })
      await dropper.connect()
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await dropper.end()
    },
  }
}

/**
 * A TCP proxy in front of PostgreSQL that counts what the app sends while
 * `counting`: every simple Query ('Q') and every extended-protocol Sync
 * ('S', closing a Parse/Bind/Execute batch) is one statement and one round
 * trip; the SQL text comes from the Query or Parse ('P') message.
 */
async function countingProxy(host, port) {
  const state = { counting: false, statements: [] }
  const server = createServer((client) => {
    const upstream = createConnection({ host, port })
    let pending = Buffer.alloc(0)
    let started = false
    let parsed = null
    client.on('data', (chunk) => {
      upstream.write(chunk)
      pending = Buffer.concat([pending, chunk])
      for (;;) {
        if (!started) {
          if (pending.length < 4) break
          const length = pending.readInt32BE(0)
          if (pending.length < length) break
          pending = pending.subarray(length)
          started = true
          continue
        }
        if (pending.length < 5) break
        const type = String.fromCharCode(pending[0])
        const length = pending.readInt32BE(1)
        if (pending.length < 1 + length) break
        const body = pending.subarray(5, 1 + length)
        if (type === 'Q') {
          if (state.counting) state.statements.push(body.toString('utf8', 0, body.length - 1))
        } else if (type === 'P') {
          const nameEnd = body.indexOf(0)
          parsed = body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1))
        } else if (type === 'S') {
          if (state.counting) state.statements.push(parsed ?? '(prepared)')
          parsed = null
        }
        pending = pending.subarray(1 + length)
      }
    })
    upstream.pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: server.address().port,
    state,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

async function register(url, index) {
  const response = await fetch(`${url}/api/v1/auth/register`, {
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
  return (await response.json()).data.tokens.access_token
}

/**
 * Stock after the runs: every variant's stock is the sum of its ledger,
 * every product's units those of its active variants, the units sold (the
 * ledger's sales) those of the order lines, nothing below 0.
 */
async function checkStock(database, hotVariants) {
  const one = async (sql) => Number(Object.values((await database.query(sql)).rows[0])[0])
  const variantsOffLedger = await one(`
    SELECT count(*) FROM product_variants v
    LEFT JOIN (SELECT variant_id, sum(quantity) AS units FROM stock_movements GROUP BY variant_id) m
      ON m.variant_id = v.id
    WHERE v.stock <> coalesce(m.units, 0)`)
  const productsOffVariants = await one(`
    SELECT count(*) FROM products p
    LEFT JOIN (SELECT product_id, sum(stock) AS units FROM product_variants WHERE is_active GROUP BY product_id) v
      ON v.product_id = p.id
    WHERE p.stock <> coalesce(v.units, 0)`)
  const negative = await one('SELECT count(*) FROM product_variants WHERE stock < 0')
  const unitsSold = await one(
    `SELECT coalesce(-sum(quantity), 0) FROM stock_movements WHERE reason = 'sale'`
  )
  const unitsInLines = await one('SELECT coalesce(sum(quantity), 0) FROM order_items')
  const stock = {
    ok:
      variantsOffLedger === 0 &&
      productsOffVariants === 0 &&
      negative === 0 &&
      unitsSold === unitsInLines,
    variantsOffLedger,
    productsOffVariants,
    negative,
    unitsSold,
    unitsInLines,
  }
  if (hotVariants) {
    const { rows } = await database.query(
      `SELECT v.id, v.stock, (SELECT coalesce(sum(quantity), 0) FROM order_items i WHERE i.variant_id = v.id) AS sold
       FROM product_variants v WHERE v.id = ANY($1) ORDER BY v.id`,
      [hotVariants]
    )
    stock.hotVariants = rows.map((row) => ({
      id: row.id,
      stock: Number(row.stock),
      sold: Number(row.sold),
      expected: INITIAL_STOCK - Number(row.sold),
    }))
    stock.ok &&= stock.hotVariants.every((variant) => variant.stock === variant.expected)
  }
  return stock
}

/**
 * Every variant starts with this many units (from 0: catalog:generate's
 * stock is zeroed by the same adjustment).
 */
const INITIAL_STOCK = 100_000_000

export async function benchCheckout({
  clients,
  duration,
  productCount,
  variants = '1-4',
  hot = false,
  statements = false,
}) {
  const own = await ownDatabase()
  try {
    return await run(own.env, { clients, duration, productCount, variants, hot, statements })
  } finally {
    await own.drop()
  }
}

async function run(env, { clients, duration, productCount, variants, hot, statements }) {
  console.log(`preparing ${productCount} products and ${clients} customers...`)
  ace(env, 'migration:run', '--force')
  ace(env, 'catalog:generate', '--products', String(productCount), '--variants', variants)

  const database = new pg.Client({
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USER,
    password: process.env.DB_PASSWORD,
    database: env.DB_DATABASE,
  })
  await database.connect()
  try {
    // Every variant at INITIAL_STOCK, as a staff adjustment in the ledger; the summaries.
    await database.query('BEGIN')
    await database.query(
      `INSERT INTO stock_movements (variant_id, product_id, quantity, reason, note, stock_after, created_at)
       SELECT id, product_id, ${INITIAL_STOCK} - stock, 'adjustment', 'bench', ${INITIAL_STOCK}, now()
       FROM product_variants`
    )
    await database.query(
      `UPDATE product_variants SET stock = ${INITIAL_STOCK}, is_active = true, updated_at = now()`
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
    // Hot: the first variant of the first two products.
    const hotVariants = hot
      ? [
          variantRows[0].id,
          variantRows.find((row) => row.product_id !== variantRows[0].product_id).id,
        ]
      : null

    const pick = () => variantIds[Math.floor(Math.random() * variantIds.length)]
    const orderBody = () => {
      if (hotVariants) {
        return JSON.stringify({
          items: hotVariants.map((id) => ({ variant_id: id, quantity: 1 })),
        })
      }
      const first = pick()
      let second = pick()
      while (productOf.get(second) === productOf.get(first)) second = pick()
      return JSON.stringify({
        items: [
          { variant_id: first, quantity: 1 },
          { variant_id: second, quantity: 1 },
        ],
      })
    }
    const order = (url, token) =>
      fetch(`${url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: orderBody(),
      })

    let counted
    if (statements) {
      // The app behind the counting proxy: round trips of one order, one at a time.
      const proxy = await countingProxy(env.DB_HOST, Number(env.DB_PORT))
      const counter = await startApp({ ...env, DB_PORT: String(proxy.port) })
      try {
        const token = await register(counter.url, 'count')
        for (let index = 0; index < 3; index++)
          await (await order(counter.url, token)).arrayBuffer()
        const orders = 20
        proxy.state.counting = true
        for (let index = 0; index < orders; index++) {
          const response = await order(counter.url, token)
          await response.arrayBuffer()
          if (response.status !== 201) throw new Error(`counted order: ${response.status}`)
        }
        proxy.state.counting = false
        const list = proxy.state.statements
        const one = list.slice(0, list.length / orders)
        counted = {
          perOrder: round(list.length / orders),
          list: one.map((sql) => sql.replace(/\s+/g, ' ').slice(0, 110)),
        }
      } finally {
        await counter.stop()
        await proxy.close()
      }
    }

    const app = await startApp(env)
    let appResult
    try {
      const tokens = []
      for (let index = 0; index < clients; index++) {
        tokens.push(await register(app.url, index))
      }
      // Warm-up, then the measured run: each client places orders back to back.
      await Promise.all(
        tokens.map((token) => order(app.url, token).then((response) => response.arrayBuffer()))
      )
      const latencies = []
      const statuses = {}
      let failures = 0
      const started = performance.now()
      const cpuBefore = cpuMs(app.pid)
      const deadline = started + duration * 1000
      await Promise.all(
        tokens.map(async (token) => {
          while (performance.now() < deadline) {
            const sent = performance.now()
            const response = await order(app.url, token)
            await response.arrayBuffer()
            if (response.status === 201) latencies.push(performance.now() - sent)
            else {
              failures++
              statuses[response.status] = (statuses[response.status] ?? 0) + 1
            }
          }
        })
      )
      const elapsed = (performance.now() - started) / 1000
      const cpuUsed = cpuMs(app.pid) - cpuBefore
      latencies.sort((a, b) => a - b)
      appResult = {
        ordersPerSecond: round(latencies.length / elapsed),
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        failures,
        serverErrors: Object.entries(statuses)
          .filter(([status]) => Number(status) >= 500)
          .reduce((sum, [, count]) => sum + count, 0),
        statuses,
        // The app's CPU time per order placed (what a checkout costs in Node).
        cpuMsPerOrder: round(cpuUsed / Math.max(1, latencies.length)),
        // Confirmations the bench's SMTP sink accepted by the end of the run.
        mailsAccepted: app.mailsReceived(),
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
     * two products; with --hot, the same two every time).
     */
    const pickVariants = hotVariants
      ? `\\set v1 ${hotVariants[0]}
  \\set v2 ${hotVariants[1]}`
      : `\\set v1 random(1, ${variantIds.length})
  \\set step random(1, ${variantIds.length - 1})
  \\set v2 ((:v1 + :step - 1) % ${variantIds.length}) + 1`
    const script = `
  ${pickVariants}
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
    const scriptFile = `${root}tmp/bench/checkout${hot ? '_hot' : ''}.pgbench.sql`
    mkdirSync(`${root}tmp/bench`, { recursive: true })
    writeFileSync(scriptFile, script)

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
        '-p',
        env.DB_PORT,
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
    const pgFailed = Number(/number of failed transactions: (\d+)/.exec(pgbench.stdout)?.[1] ?? 0)
    const stock = await checkStock(database, hotVariants)
    return {
      clients,
      duration,
      products: productCount,
      variants: variantIds.length,
      hot,
      api: appResult,
      pgbench: { ordersPerSecond: round(tps), latencyAverageMs: pgLatency, failed: pgFailed },
      ratio: round(appResult.ordersPerSecond / tps),
      stock,
      ...(counted ? { statements: counted } : {}),
    }
  } finally {
    await database.end()
  }
}

if (isMain(import.meta)) {
  const quick = flag('quick', false) === true
  const result = await benchCheckout({
    clients: Number(flag('clients', 32)),
    duration: Number(flag('duration', quick ? 5 : 15)),
    productCount: Number(flag('products', 1000)),
    variants: String(flag('variants', '1-4')),
    hot: flag('hot', false) === true,
    statements: flag('statements', false) === true,
  })
  const mode = result.hot ? 'the same 2 variants' : 'random variants'
  const rows = [
    {
      'what': `POST /api/v1/orders, ${result.clients} clients, ${mode}`,
      'orders/s': result.api.ordersPerSecond,
      'p50 ms': result.api.p50,
      'p99 ms': result.api.p99,
      'failures': result.api.failures,
      '5xx': result.api.serverErrors,
    },
    {
      'what': `pgbench, same transaction, ${result.clients} clients, ${mode}`,
      'orders/s': result.pgbench.ordersPerSecond,
      'p50 ms': result.pgbench.latencyAverageMs,
      'failures': result.pgbench.failed,
    },
    { 'what': 'ratio API / database', 'orders/s': result.ratio },
  ]
  if (result.statements) {
    console.log(`statements per order: ${result.statements.perOrder}`)
    for (const sql of result.statements.list) console.log(`  ${sql}`)
  }
  console.log(
    `the app's CPU per order: ${result.api.cpuMsPerOrder} ms; e-mails accepted by the sink: ${result.api.mailsAccepted}`
  )
  console.log(`stock after both runs: ${JSON.stringify(result.stock)}`)
  report(result.hot ? 'checkout_hot' : 'checkout', rows, result)
  if (!result.stock.ok || result.api.serverErrors) process.exitCode = 1
}
