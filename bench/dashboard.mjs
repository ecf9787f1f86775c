/**
 * The staff dashboard on a large data set.
 *
 *   node bench/dashboard.mjs [--products 100000] [--orders 100000] [--db pg|sqlite] [--quick]
 *
 * Fills a fresh database with the products and an order history, starts
 * the app in production mode, signs in to the panel as staff and times the
 * dashboard's data call (GET /admin/api/dashboard): the first call and
 * the p50/p99 of the following ones. The target is under a second.
 */
import { ace, flag, percentile, prepareDatabase, report, round, startApp } from './lib.mjs'

const quick = flag('quick', false) === true
const products = Number(flag('products', quick ? 20_000 : 100_000))
const orders = Number(flag('orders', quick ? 20_000 : 100_000))
const kind = flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite')
const rounds = quick ? 10 : 30

const env = { ...(await prepareDatabase(kind)), DEMO_DATA: 'true', SESSION_SECURE_COOKIE: 'false' }
console.log(`database: ${kind}, ${products} products, ${orders} orders...`)
ace(env, 'migration:run', '--force')
ace(env, 'db:seed')
ace(env, 'catalog:generate', '--products', String(products), '--variants', '1-4')
ace(env, 'orders:generate', '--orders', String(orders))

const app = await startApp(env)
let result
try {
  const cookies = new Map()
  const keep = (response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...value] = pair.split('=')
      cookies.set(name, value.join('='))
    }
  }
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')

  const login = await fetch(`${app.url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'email=staff%40shop.test&password=password123',
  })
  keep(login)
  if (login.status !== 302) throw new Error(`panel sign-in: ${login.status}`)
  const home = await fetch(`${app.url}/admin`, { headers: { cookie: cookieHeader() } })
  keep(home)
  await home.arrayBuffer()

  const call = async () => {
    const started = performance.now()
    const response = await fetch(`${app.url}/admin/api/dashboard`, {
      headers: {
        'cookie': cookieHeader(),
        'x-xsrf-token': decodeURIComponent(cookies.get('XSRF-TOKEN')),
      },
    })
    const body = await response.json()
    if (!response.ok || !body.last30Days) throw new Error(`dashboard: ${response.status}`)
    keep(response)
    return { ms: performance.now() - started, body }
  }
  const first = await call()
  const times = []
  for (let index = 0; index < rounds; index++) times.push((await call()).ms)
  times.sort((a, b) => a - b)
  result = {
    firstMs: round(first.ms),
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
    orders30d: first.body.last30Days.orders,
    lowStock: first.body.lowStock.total,
  }
} finally {
  await app.stop()
}

report(
  'dashboard',
  [
    {
      'what': `GET /admin/api/dashboard, ${products} products, ${orders} orders (${kind})`,
      'first ms': result.firstMs,
      'p50 ms': result.p50,
      'p99 ms': result.p99,
      'orders in 30 days': result.orders30d,
      'low-stock products': result.lowStock,
    },
  ],
  { database: kind, products, orders, ...result }
)
