/**
 * A 1,000-row product import through the staff panel.
 *
 *   node bench/csv_import.mjs [--rows 1000] [--db pg|sqlite]
 *
 * Starts the app on a fresh database (PostgreSQL: its own database,
 * shop_bench_csv), signs in to the panel as staff, and times the
 * products' "Import CSV" action on rows of variants (products of four
 * sizes, one row per variant): the preview (every row checked by the
 * API's validators, then the writes run in a transaction rolled back)
 * and the apply (checked again, then every row written in one
 * transaction through CatalogAdminService and VariantAdminService). Then
 * the same file again, where every row is a price change of the variants
 * just made. The target is under 10 s for 1,000 rows on PostgreSQL.
 */
import { randomBytes } from 'node:crypto'
import { ace, adminStatements, flag, prepareDatabase, report, round, startApp } from './lib.mjs'

const rows = Number(flag('rows', 1000))
const kind = flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite')

/**
 * The benchmark's environment. On PostgreSQL a database of its own
 * (never lib.mjs's shop_bench, which another benchmark may be using).
 */
async function databaseFor(name) {
  if (kind !== 'pg') return prepareDatabase(kind)
  await adminStatements(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`)
  return {
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    ADMIN_JS_SKIP_BUNDLE: 'true',
    REDIS_KEY_PREFIX: `shop_bench_csv_${randomBytes(3).toString('hex')}:`,
    DB_CONNECTION: 'pg',
    DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
    DB_USER: process.env.DB_USER ?? 'postgres',
    DB_DATABASE: name,
    DATABASE_URL: '',
  }
}

/**
 * `count` rows: products of four variants each (Size S, M, L, XL), one
 * row per variant grouped by slug, as the export writes them.
 */
function csvOf(count, priceOf) {
  const sizes = ['S', 'M', 'L', 'XL']
  const lines = [
    'slug,name,description,category_slug,is_active,sku,option1_name,option1_value,price,low_stock_threshold,variant_is_active',
  ]
  for (let index = 1; index <= count; index++) {
    const product = Math.ceil(index / sizes.length)
    const size = sizes[(index - 1) % sizes.length]
    lines.push(
      `bench-import-${product},Bench product ${product},"Imported by the benchmark, product ${product}",,true,BENCH-${product}-${size},Size,${size},${priceOf(index)},5,true`
    )
  }
  return `${lines.join('\n')}\n`
}

const env = {
  ...(await databaseFor('shop_bench_csv')),
  DEMO_DATA: 'true',
  SESSION_SECURE_COOKIE: 'false',
}
console.log(`database: ${kind}, ${rows} rows...`)
ace(env, 'migration:run', '--force')
ace(env, 'db:seed')

const app = await startApp(env)
const results = []
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

  const importCsv = async (mode, csv) => {
    const form = new FormData()
    form.append('mode', mode)
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'products.csv')
    const started = performance.now()
    const response = await fetch(`${app.url}/admin/api/resources/products/actions/importCsv`, {
      method: 'POST',
      headers: {
        'cookie': cookieHeader(),
        'origin': app.url,
        'x-xsrf-token': decodeURIComponent(cookies.get('XSRF-TOKEN')),
      },
      body: form,
    })
    const body = await response.json()
    const ms = performance.now() - started
    if (response.status !== 200) {
      throw new Error(`${mode}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`)
    }
    keep(response)
    return { ms, counts: body.importPlan.counts }
  }

  for (const [what, csv] of [
    [`${rows} new variants`, csvOf(rows, (index) => `${(index % 500) + 1}.99`)],
    [`${rows} price changes`, csvOf(rows, (index) => `${(index % 500) + 2}.49`)],
  ]) {
    const preview = await importCsv('preview', csv)
    const apply = await importCsv('apply', csv)
    results.push({
      'what': `${what} (${kind})`,
      'preview ms': round(preview.ms),
      'apply ms': round(apply.ms),
      'created': apply.counts.create,
      'updated': apply.counts.update,
    })
  }
} finally {
  await app.stop()
}

report('csv_import', results, { database: kind, rows })
