import { test } from '@japa/runner'
import { request as httpRequest } from 'node:http'
import { startApp } from '#tests/support/app_process'
import {
  createScratchDatabase,
  createScratchSqlite,
  OwnRedis,
  type ScratchDatabase,
} from '#tests/support/faults'
import { ProductFactory } from '#database/factories/catalog_factory'
import { DateTime } from 'luxon'
import { jwtSigner } from '#config/auth'

/**
 * One POST over node:http, answered with its status and JSON body. Not
 * fetch: undici gives up on a connection after 10 s, and 1,000 connections
 * opened at once can wait longer than that in the kernel's queue while the
 * app is busy (the SYNs past its listen backlog are retried), which is the
 * client's limit, not an answer of the app's. This waits for every answer.
 */
function postJson(url: string, token: string, body: unknown) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const payload = JSON.stringify(body)
    const request = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'authorization': `Bearer ${token}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          try {
            resolve({
              status: response.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            })
          } catch (error) {
            reject(error)
          }
        })
        response.on('error', reject)
      }
    )
    request.on('error', reject)
    request.end(payload)
  })
}

const BUYERS = 1_000
const PRODUCTS = 10
const UNITS_PER_PRODUCT = 10
const SEED = 9_2024

/**
 * A small seeded PRNG (mulberry32), so the mix of orders is the same on
 * every run.
 */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Target {
  name: string
  setup(): Promise<{ scratch: ScratchDatabase; env: Record<string, string>; stop(): Promise<void> }>
}

/**
 * Each target is a real app process on a database of the test's own, so
 * both run whatever the run's own mode is.
 */
const targets: Target[] = [
  {
    name: 'PostgreSQL + Redis',
    async setup() {
      const scratch = await createScratchDatabase('checkout')
      const redis = await OwnRedis.start()
      return {
        scratch,
        env: {
          ...scratch.appEnv(),
          REDIS_URL: '',
          REDIS_HOST: '127.0.0.1',
          REDIS_PORT: String(redis.port),
          REDIS_KEY_PREFIX: 'resilience:',
        },
        stop: async () => {
          await redis.kill()
          await scratch.drop()
        },
      }
    },
  },
  {
    name: 'SQLite (embedded default)',
    async setup() {
      const scratch = await createScratchSqlite('checkout')
      return {
        scratch,
        env: { ...scratch.appEnv(), REDIS_URL: '', REDIS_HOST: '' },
        stop: () => scratch.drop(),
      }
    },
  },
]

test.group('Resilience: 1,000 concurrent checkouts for 100 units', () => {
  test('{name}: exactly 100 units sold, stock 0 everywhere, totals add up, the rest 409')
    .with(targets)
    .run(async ({ assert, cleanup }, target) => {
      const { scratch, env, stop } = await target.setup()
      cleanup(stop)
      /**
       * The storm measures checkout alone: the order e-mails it queues are
       * run by `jobs:work` processes (JOBS_IN_PROCESS=false, a documented
       * deployment), not by a worker competing with 1,000 requests for the
       * same two cores (the e-mail and webhook suites test the workers).
       */
      const app = await startApp({ ...env, JOBS_IN_PROCESS: 'false' })
      cleanup(() => app.stop())

      const products = await ProductFactory.connection(scratch.name)
        .merge({ stock: UNITS_PER_PRODUCT })
        .createMany(PRODUCTS)
      const prices = new Map(products.map((product) => [product.id, product.price]))

      /**
       * Buyers straight into the database (hashing 1,000 passwords or
       * registering over HTTP is not what is under test), each with a token.
       */
      const now = DateTime.utc().toFormat(scratch.client.dialect.dateTimeFormat)
      const rows = Array.from({ length: BUYERS }, (_, index) => ({
        email: `storm${index}@example.test`,
        password: 'not-a-valid-hash-nobody-signs-in',
        full_name: `Buyer ${index}`,
        address_line1: `${index} Storm Street`,
        address_city: 'Springfield',
        address_postal_code: '12345',
        address_country: 'US',
        role: 'customer',
        created_at: now,
        updated_at: now,
      }))
      for (let start = 0; start < rows.length; start += 250) {
        await scratch.client.table('users').multiInsert(rows.slice(start, start + 250))
      }
      const users = await scratch.client.from('users').select('id').orderBy('id')
      assert.lengthOf(users, BUYERS)
      const tokens = await Promise.all(
        users.map(async (user) => (await jwtSigner.sign({ id: user.id, role: 'customer' })).value)
      )

      /**
       * 80% buy one unit of one product (80 buyers per product, so every
       * product sells out whatever the order of arrival), the rest 2 or 3
       * products at 1 or 2 units each.
       */
      const next = random(SEED)
      const bodies = tokens.map((_, index) => {
        if (index < BUYERS * 0.8) {
          return { items: [{ product_id: products[index % PRODUCTS].id, quantity: 1 }] }
        }
        const shuffled = [...products].sort(() => next() - 0.5)
        const lines = shuffled.slice(0, 2 + Math.floor(next() * 2))
        return {
          items: lines.map((product) => ({
            product_id: product.id,
            quantity: 1 + Math.floor(next() * 2),
          })),
          ...(index % 2
            ? {
                shipping_address: {
                  full_name: `Buyer ${index}`,
                  line1: '1 Elsewhere Road',
                  city: 'Shelbyville',
                  postal_code: '54321',
                  country: 'us',
                },
              }
            : {}),
        }
      })

      const started = performance.now()
      const outcomes = await Promise.all(
        tokens.map(async (token, index) => {
          const sent = performance.now()
          try {
            const response = await postJson(`${app.url}/api/v1/orders`, token, bodies[index])
            return { ...response, ms: performance.now() - sent }
          } catch (error) {
            // What failed, with its cause (the error code of the socket).
            const cause = (error as { cause?: { code?: string } }).cause?.code
            return {
              status: 0,
              body: `${String(error)}${cause ? ` (${cause})` : ''}`,
              ms: performance.now() - sent,
            }
          }
        })
      )
      const seconds = (performance.now() - started) / 1000

      const statuses = new Map<number, number>()
      for (const outcome of outcomes) {
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1)
        if (outcome.status === 201) {
          continue
        }
        const label = `${outcome.status} ${JSON.stringify(outcome.body)}`
        if (outcome.status !== 409) {
          // What the app logged, to say why (in a failing run only).
          const log = app.output().split('\n').slice(-40).join('\n')
          assert.fail(
            `${label} after ${Math.round(outcome.ms)} ms; the app's last log lines:\n${log}`
          )
        }
        assert.isArray(outcome.body.errors, label)
        assert.isAbove(outcome.body.errors.length, 0, label)
        for (const error of outcome.body.errors) {
          assert.equal(error.code, 'E_INSUFFICIENT_STOCK', label)
          assert.isString(error.message, label)
        }
      }
      const placed = outcomes.filter((outcome) => outcome.status === 201)

      const items = await scratch.client.from('order_items').select('*')
      const sold = items.reduce((sum, item) => sum + Number(item.quantity), 0)
      assert.equal(sold, PRODUCTS * UNITS_PER_PRODUCT, 'exactly the units in stock were sold')
      for (const product of products) {
        const fresh = await scratch.client.from('products').where('id', product.id).firstOrFail()
        assert.equal(Number(fresh.stock), 0, `stock of product ${product.id}`)
        const soldOfProduct = items
          .filter((item) => Number(item.product_id) === product.id)
          .reduce((sum, item) => sum + Number(item.quantity), 0)
        assert.equal(soldOfProduct, UNITS_PER_PRODUCT, `units of product ${product.id} sold`)
      }
      const negative = await scratch.client.from('products').where('stock', '<', 0).count('* as n')
      assert.equal(Number(negative[0].n), 0)

      const orders = await scratch.client.from('orders').select('*')
      assert.lengthOf(orders, placed.length, 'one order per 201')
      assert.sameMembers(
        orders.map((order) => order.number),
        placed.map((outcome) => outcome.body.data.number)
      )
      assert.equal(new Set(orders.map((order) => order.user_id)).size, orders.length)
      for (const order of orders) {
        const lines = items.filter((item) => Number(item.order_id) === Number(order.id))
        assert.isAbove(lines.length, 0)
        for (const line of lines) {
          assert.equal(Number(line.unit_price), prices.get(Number(line.product_id)))
          assert.equal(Number(line.line_total), Number(line.quantity) * Number(line.unit_price))
        }
        const sum = lines.reduce(
          (total, line) => total + Number(line.quantity) * Number(line.unit_price),
          0
        )
        assert.equal(Number(order.total), sum, `total of order ${order.number}`)
        assert.equal(Number(order.subtotal), sum)
        assert.equal(
          Number(order.item_count),
          lines.reduce((count, line) => count + Number(line.quantity), 0)
        )
      }

      const latencies = outcomes.map((outcome) => outcome.ms).sort((x, y) => x - y)
      const percentile = (p: number) =>
        Math.round(latencies[Math.floor((latencies.length - 1) * p)])
      console.info(
        `  ${target.name}: ${BUYERS} checkouts in ${seconds.toFixed(1)} s (p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms, max ${percentile(1)} ms), statuses ${JSON.stringify(Object.fromEntries(statuses))}, seed ${SEED}`
      )
    })
    .timeout(180_000)
})
