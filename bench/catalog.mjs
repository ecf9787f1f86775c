/**
 * Catalog throughput and latency on a large catalog, next to the
 * framework's ceiling.
 *
 *   node bench/catalog.mjs [--products 100000] [--variants 1-4] [--db sqlite|pg] [--duration 10] [--quick]
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
}) {
  const env = { ...(await prepareDatabase(kind)), BENCH_ROUTES: 'true' }
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
    const deepPage = Math.floor(products / 10 / 2)
    scenarios = [
      ['page 1, newest first', '/api/v1/products'],
      [`deep page ${deepPage}, price sort`, `/api/v1/products?sort=price&page=${deepPage}`],
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

if (isMain(import.meta)) {
  const quick = flag('quick', false) === true
  const result = await benchCatalog({
    products: Number(flag('products', quick ? 20_000 : 100_000)),
    kind: flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite'),
    duration: Number(flag('duration', quick ? 3 : 10)),
    variants: String(flag('variants', '1-4')),
  })
  console.log(`boot to first answer ${result.bootMs} ms, idle RSS ${result.idleRssMb} MB`)
  report('catalog', result.rows, result)
}
