/**
 * The whole benchmark suite: `npm run bench` (`-- --quick` for a run under
 * two minutes).
 *
 * Runs on PostgreSQL + Redis (DB_HOST/DB_USER/DB_PASSWORD and REDIS_HOST, by
 * default 127.0.0.1), the app compiled (`node ace build`) and in production
 * mode, all traffic on 127.0.0.1, and writes tmp/bench/results.json. Each figure is shown with
 * its ceiling where one exists:
 * - catalog pages over products of 1 to 4 variants each (warm: cache on;
 *   cold: CATALOG_CACHE=false) against a bare
 *   AdonisJS route answering the same bytes from memory, in the same run;
 * - checkout (32 clients buying variants of 1,000 products) against pgbench running the same
 *   transaction straight on PostgreSQL, and the same on hot rows (every client buys the same 2
 *   variants; issue 22, item 2), each with a stock check after the run;
 * - the quote of a 5-line cart with two promotions (POST /api/v1/cart/quote) next to a read of
 *   the same cart (GET /api/v1/cart), same app process and connections;
 * - Transmit fan-out: delivery p50/p99 and memory per subscriber at 2,000, 5,000 and 10,000
 *   subscribers on one instance (issue 22, item 3);
 * - boot to the first answer (target 1.5 s) and idle memory, the median of several boots
 *   (bench/boot.mjs), and the staff panel's first answer (it loads on first use).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { hostname, cpus, totalmem } from 'node:os'
import { buildApp, flag, root, round } from './lib.mjs'
import { benchCatalog } from './catalog.mjs'
import { benchCheckout } from './checkout.mjs'
import { benchQuote } from './quote.mjs'
import { benchTransmit } from './transmit.mjs'
import { benchBoot } from './boot.mjs'

const quick = flag('quick', false) === true
process.env.DB_HOST ??= '127.0.0.1'
process.env.DB_USER ??= 'postgres'
if (!process.env.REDIS_URL) process.env.REDIS_HOST ??= '127.0.0.1'

// --products N: the catalog's size (1,000,000 for issue 21's figures).
const products = Number(flag('products', quick ? 20_000 : 100_000))
const settings = quick
  ? { products, duration: 3, checkoutDuration: 4, subscriberCounts: [300, 1_000], rounds: 5 }
  : {
      products,
      duration: 10,
      checkoutDuration: 15,
      subscriberCounts: [2_000, 5_000, 10_000],
      rounds: 20,
    }

const started = performance.now()
console.log('building the app (node ace build)...')
buildApp()
const catalog = await benchCatalog({
  products: settings.products,
  kind: 'pg',
  duration: settings.duration,
})
const checkout = await benchCheckout({
  clients: 32,
  duration: settings.checkoutDuration,
  productCount: 1_000,
})
const hotCheckout = await benchCheckout({
  clients: 32,
  duration: settings.checkoutDuration,
  productCount: 1_000,
  hot: true,
})
const quote = await benchQuote({ kind: 'pg', duration: settings.duration })
const transmit = await benchTransmit({
  subscribers: settings.subscriberCounts.at(-1),
  counts: settings.subscriberCounts,
  rounds: settings.rounds,
  kind: 'pg',
})

// Boot (issue 22, item 4): several boots of the compiled app, the median.
const boot = await benchBoot({ runs: quick ? 3 : 5, compiled: true })

const bare = catalog.rows[0]
const table = [
  {
    'measure': 'bare route (framework ceiling)',
    'req/s': bare.rps,
    'p50 ms': bare.p50,
    'p99 ms': bare.p99,
    'ratio to ceiling': 1,
  },
  ...catalog.rows.slice(1).map((row) => ({
    'measure': `${row.scenario} (${row.cache === 'warm' ? 'warm' : 'cold, cache off'})`,
    'req/s': row.rps,
    'p50 ms': row.p50,
    'p99 ms': row.p99,
    'ratio to ceiling': row.ratio,
  })),
  {
    'measure': 'checkout, 32 clients (orders/s)',
    'req/s': checkout.api.ordersPerSecond,
    'p50 ms': checkout.api.p50,
    'p99 ms': checkout.api.p99,
    'ratio to ceiling': checkout.ratio,
  },
  {
    'measure': 'pgbench, same transaction (ceiling)',
    'req/s': checkout.pgbench.ordersPerSecond,
    'p50 ms': checkout.pgbench.latencyAverageMs,
    'ratio to ceiling': 1,
  },
  {
    'measure': `checkout on hot rows, 32 clients on 2 variants (orders/s; ${hotCheckout.api.serverErrors} 5xx, stock ${hotCheckout.stock.ok ? 'exact' : 'WRONG'})`,
    'req/s': hotCheckout.api.ordersPerSecond,
    'p50 ms': hotCheckout.api.p50,
    'p99 ms': hotCheckout.api.p99,
    'ratio to ceiling': hotCheckout.ratio,
  },
  {
    'measure': 'pgbench on the same hot rows (ceiling)',
    'req/s': hotCheckout.pgbench.ordersPerSecond,
    'p50 ms': hotCheckout.pgbench.latencyAverageMs,
    'ratio to ceiling': 1,
  },
  {
    'measure': 'cart read, 5 lines, 32 connections (GET /api/v1/cart)',
    'req/s': quote.cart.rps,
    'p50 ms': quote.cart.p50,
    'p99 ms': quote.cart.p99,
  },
  {
    'measure': 'quote, 5 lines, 2 promotions (ratio: to the cart read)',
    'req/s': quote.quote.rps,
    'p50 ms': quote.quote.p50,
    'p99 ms': quote.quote.p99,
    'ratio to ceiling': quote.ratio,
  },
  ...transmit.levels.map((level) => ({
    'measure': `Transmit, ${level.subscribers} subscribers: delivery (target p99 50 ms at 10,000; KB each: ${level.kbPerSubscriber}, target 20)`,
    'p50 ms': level.p50,
    'p99 ms': level.p99,
  })),
  {
    measure: `catalog:generate, ${catalog.products} products (${catalog.variants} variants each), s`,
    value: catalog.generateSeconds,
  },
  {
    'measure': `boot to first answer ms, median of ${boot.runs} (target 1,500; ${boot.hangs} hung)`,
    'value': boot.bootMs,
    'ratio to ceiling': boot.bootMs ? round(1500 / boot.bootMs) : undefined,
  },
  {
    'measure': `idle RSS MB, median (target 160)`,
    'value': boot.idleRssMb.median,
  },
  {
    'measure': `staff panel's first answer ms (loads the panel), median`,
    'value': boot.panelFirstAnswerMs.median,
  },
]
console.table(table)

const results = {
  at: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  seconds: Math.round((performance.now() - started) / 1000),
  machine: {
    hostname: hostname(),
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: round(totalmem() / 1024 ** 3),
    node: process.version,
  },
  database: 'PostgreSQL + Redis',
  catalog,
  checkout,
  hotCheckout,
  quote,
  transmit,
  boot: { ...boot, targetMs: 1500, targetIdleRssMb: 160 },
  table,
}
mkdirSync(`${root}tmp/bench`, { recursive: true })
writeFileSync(`${root}tmp/bench/results.json`, JSON.stringify(results, null, 2))
console.log(`${results.seconds} s; written to tmp/bench/results.json`)
