/**
 * Catalog throughput and latency on a large catalog, next to the
 * framework's ceiling.
 *
 *   node bench/catalog.mjs [--products 100000] [--variants 1-4] [--db sqlite|pg] [--duration 10] [--quick] [--mixed false]
 *
 * Generates the catalog into a fresh database (each product with 1 to 4
 * variants by default: `catalog:generate --variants`, timed) and starts the app in
 * production mode twice:
 * - with the cache: boot time to the first answer, idle memory, then under
 *   load from 32 connections a bare route answering the same bytes as page 1
 *   from memory (`/__bench/bare`, the ceiling), and the warm product pages
 *   (page 1, a deep page, filters) and a product detail;
 * - with the cache disabled (CATALOG_CACHE=false): the same pages, every
 *   request a full database read (cold).
 * With the cache, also a mixed load (issue 21, item 5): 32 connections
 * reading a mix of lists alone, then while 16 customers check out, with
 * the cache's hit ratio of each (`--mixed false` skips it).
 * `--db pg` uses PostgreSQL (and Redis when REDIS_HOST is set); the default
 * follows DB_CONNECTION.
 */
import { ace, flag, isMain, load, prepareDatabase, report, round, rssMb, startApp } from './lib.mjs'

export async function benchCatalog({
  products,
  kind,
  duration,
  connections = 32,
  variants = '1-4',
  mixed = true,
}) {
  const env = {
    ...(await prepareDatabase(kind)),
    BENCH_ROUTES: 'true',
    RATE_LIMIT_REGISTER_PER_HOUR: '100000',
    JWT_ACCESS_TTL: '1h',
  }
  console.log(`catalog: ${kind}, generating ${products} products (${variants} variants each)...`)
  ace(env, 'migration:run', '--force')
  const generateStarted = performance.now()
  ace(env, 'catalog:generate', '--products', String(products), '--variants', variants)
  const generateSeconds = round((performance.now() - generateStarted) / 1000)

  const rows = []
  let boot
  let app = await startApp(env)
  let scenarios
  try {
    boot = { bootMs: Math.round(app.bootMs), idleRssMb: rssMb(app.pid) }
    const categories = await (await fetch(`${app.url}/api/v1/categories`)).json()
    const category = categories.data[0].slug
    // Page 5,000 (50,000 rows in) whatever the size: past it, only a cursor
    // is a sane way down (an OFFSET of 500,000 rows outlasts the statement timeout).
    const deepPage = Math.min(5_000, Math.floor(products / 10 / 2))
    // The cursor of that deep page (issue 21, item 1): reading on from it
    // seeks, as deep as the page above walks.
    const deep = await (
      await fetch(`${app.url}/api/v1/products?sort=price&page=${deepPage - 1}`)
    ).json()
    const deepCursor = encodeURIComponent(deep.meta.next_cursor)
    scenarios = [
      ['page 1, newest first', '/api/v1/products'],
      [`deep page ${deepPage}, price sort`, `/api/v1/products?sort=price&page=${deepPage}`],
      [`deep page ${deepPage}, price sort, by cursor`, `/api/v1/products?sort=price&cursor=${deepCursor}`],
      [
        'category + price range, name sort',
        `/api/v1/products?category=${category}&min_price=10.00&max_price=500.00&sort=name`,
      ],
      ['search q=steel, in stock', '/api/v1/products?q=steel&in_stock=true'],
      ['product detail', '/api/v1/products/1'],
    ]

    // JIT warm-up, then the ceiling.
    await load(`${app.url}/__bench/bare`, { duration: 2, connections })
    const bare = await load(`${app.url}/__bench/bare`, { duration, connections })
    const page1 = await (await fetch(`${app.url}/api/v1/products`)).arrayBuffer()
    const bareBytes = await (await fetch(`${app.url}/__bench/bare`)).arrayBuffer()
    if (page1.byteLength !== bareBytes.byteLength) {
      throw new Error('the bare route does not answer the bytes of page 1')
    }
    rows.push({ scenario: 'bare route, same bytes as page 1 (ceiling)', cache: 'n/a', ...bare })
    for (const [name, path] of scenarios) {
      const warm = await load(`${app.url}${path}`, { duration, connections })
      rows.push({ scenario: name, cache: 'warm', ...warm, ratio: round(warm.rps / bare.rps) })
    }
    if (mixed) {
      rows.push(...(await mixedLoad(app, { duration, readers: connections, buyers: 16, bare })))
    }
  } finally {
    await app.stop()
  }

  app = await startApp({ ...env, CATALOG_CACHE: 'false' })
  try {
    for (const [name, path] of scenarios) {
      const cold = await load(`${app.url}${path}`, { duration, connections })
      const ceiling = rows[0].rps
      rows.push({ scenario: name, cache: 'off', ...cold, ratio: round(cold.rps / ceiling) })
    }
  } finally {
    await app.stop()
  }
  return { products, variants, generateSeconds, database: kind, ...boot, rows }
}

/**
 * Lists read during a sale (issue 21, item 5): 32 connections read a mix
 * of list pages, first alone, then while 16 customers check out one
 * unit of an in-stock variant after another. Prints the read throughput
 * and the cache's hit ratio of both runs.
 */
async function mixedLoad(app, { duration, readers, buyers, bare }) {
  const categories = await (await fetch(`${app.url}/api/v1/categories`)).json()
  const lists = [
    '/api/v1/products',
    '/api/v1/products?page=2',
    '/api/v1/products?sort=price',
    '/api/v1/products?in_stock=true',
    `/api/v1/products?category=${categories.data[0].slug}`,
    `/api/v1/products?category=${categories.data[1]?.slug ?? categories.data[0].slug}&sort=name`,
    '/api/v1/products?q=steel',
    '/api/v1/products?min_price=10.00&max_price=100.00',
  ]
  // Variants with plenty of units, from the first products' details.
  const variantIds = []
  for (let id = 1; variantIds.length < 200 && id <= 2000; id++) {
    const response = await fetch(`${app.url}/api/v1/products/${id}`)
    if (!response.ok) continue
    for (const variant of (await response.json()).data.variants ?? []) {
      if (variant.stock > 20) variantIds.push(variant.id)
    }
  }
  const tokens = []
  for (let index = 0; index < buyers; index++) {
    const response = await fetch(`${app.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `mixed${index}-${Date.now()}@shop.test`,
        password: 'bench-password-1',
        full_name: `Buyer ${index}`,
        address: { line1: '1 Bench St', city: 'Bench', postal_code: '12345', country: 'US' },
      }),
    })
    if (response.status !== 201) throw new Error(`register: ${response.status}`)
    tokens.push((await response.json()).data.tokens.access_token)
  }
  const requests = lists.map((path) => ({ method: 'GET', path }))
  const read = async () => {
    await fetch(`${app.url}/__bench/cache-stats`, { method: 'DELETE' })
    const result = await load(app.url, { duration, connections: readers, request: { requests } })
    const stats = await (await fetch(`${app.url}/__bench/cache-stats`)).json()
    return { ...result, hitRatio: round(stats.hits / Math.max(1, stats.hits + stats.misses)) }
  }

  await read() // every list cached once
  const readOnly = await read()
  let orders = 0
  let failures = 0
  let selling = true
  const sale = Promise.all(
    tokens.map(async (token) => {
      while (selling) {
        const variant = variantIds[Math.floor(Math.random() * variantIds.length)]
        const response = await fetch(`${app.url}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
          body: JSON.stringify({ items: [{ variant_id: variant, quantity: 1 }] }),
        })
        await response.arrayBuffer()
        if (response.status === 201) orders++
        else failures++
      }
    })
  )
  const started = performance.now()
  let mixedRead
  try {
    mixedRead = await read()
  } finally {
    selling = false
    await sale
  }
  const ordersPerSecond = round(orders / ((performance.now() - started) / 1000))
  return [
    {
      scenario: `list mix, ${readers} readers (read only)`,
      cache: 'warm',
      rps: readOnly.rps,
      p50: readOnly.p50,
      p99: readOnly.p99,
      ratio: round(readOnly.rps / bare.rps),
      hitRatio: readOnly.hitRatio,
    },
    {
      scenario: `list mix, ${readers} readers while ${buyers} check out (${ordersPerSecond} orders/s, ${failures} refused)`,
      cache: 'warm',
      rps: mixedRead.rps,
      p50: mixedRead.p50,
      p99: mixedRead.p99,
      ratio: round(mixedRead.rps / bare.rps),
      hitRatio: mixedRead.hitRatio,
      vsReadOnly: round(mixedRead.rps / readOnly.rps),
    },
  ]
}

if (isMain(import.meta)) {
  const quick = flag('quick', false) === true
  const result = await benchCatalog({
    products: Number(flag('products', quick ? 20_000 : 100_000)),
    kind: flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite'),
    duration: Number(flag('duration', quick ? 3 : 10)),
    variants: String(flag('variants', '1-4')),
    mixed: flag('mixed', true) !== 'false',
  })
  console.log(`boot to first answer ${result.bootMs} ms, idle RSS ${result.idleRssMb} MB`)
  report('catalog', result.rows, result)
}
