/**
 * Catalog latency on a large catalog.
 *
 *   node bench/catalog.mjs [--products 100000] [--db sqlite|pg] [--duration 10] [--quick]
 *
 * Generates the catalog into a fresh database, starts the app in
 * production mode and measures product pages: cold (every request a cache
 * miss, one at a time, so each is a full database query) and warm (one URL
 * under load from 32 connections), on page 1 and on a deep page, with and
 * without filters. `--db pg` uses PostgreSQL (and Redis when REDIS_HOST is
 * set); the default follows DB_CONNECTION.
 */
import { ace, flag, load, prepareDatabase, report, sequential, startApp } from './lib.mjs'

const quick = flag('quick', false) === true
const products = Number(flag('products', quick ? 20_000 : 100_000))
const kind = flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite')
const duration = Number(flag('duration', quick ? 3 : 10))
const coldRequests = quick ? 30 : 100

const env = await prepareDatabase(kind)
console.log(`database: ${kind}, generating ${products} products...`)
ace(env, 'migration:run', '--force')
ace(env, 'catalog:generate', '--products', String(products))

const app = await startApp(env)
const rows = []
try {
  const categories = await (await fetch(`${app.url}/api/v1/categories`)).json()
  const category = categories.data[0].slug
  const deepPage = Math.floor(products / 10 / 2)

  const scenarios = [
    ['page 1, newest first', '/api/v1/products'],
    ['page 1, price sort, in stock', '/api/v1/products?sort=price&in_stock=true'],
    [
      `category + price range, name sort`,
      `/api/v1/products?category=${category}&min_price=10.00&max_price=500.00&sort=name`,
    ],
    ['search q=steel, 100 per page', '/api/v1/products?q=steel&per_page=100'],
    [`deep page ${deepPage}, price sort`, `/api/v1/products?sort=price&page=${deepPage}`],
  ]

  for (const [name, path] of scenarios) {
    // Cold: a distinct (never cached) URL per request, the same rows: only
    // max_price moves, and only by cents above its value.
    const coldUrls = Array.from({ length: coldRequests }, (_, i) => {
      const url = new URL(`${app.url}${path}`)
      const max = Number(url.searchParams.get('max_price') ?? 100000)
      url.searchParams.set('max_price', (max + i / 100).toFixed(2))
      return url.toString()
    })
    const cold = await sequential(coldUrls)
    const warm = await load(`${app.url}${path}`, { duration })
    rows.push({
      'scenario': name,
      'cold p50 ms': cold.p50,
      'cold p99 ms': cold.p99,
      'warm req/s': warm.rps,
      'warm p50 ms': warm.p50,
      'warm p99 ms': warm.p99,
    })
  }
  const detail = await load(`${app.url}/api/v1/products/1`, { duration })
  rows.push({
    'scenario': 'product detail by id',
    'warm req/s': detail.rps,
    'warm p50 ms': detail.p50,
    'warm p99 ms': detail.p99,
  })
} finally {
  await app.stop()
}

console.log(`\n${products} products on ${kind}, boot to first answer ${Math.round(app.bootMs)} ms`)
report('catalog', rows, { products, database: kind, bootMs: Math.round(app.bootMs) })
