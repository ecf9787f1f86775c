/**
 * Transmit fan-out: N subscribers on one instance, delivery latency and
 * memory per subscriber.
 *
 *   node bench/transmit.mjs [--subscribers 2000] [--rounds 20] [--db sqlite|pg] [--quick]
 *
 * Starts the app in production mode with the demo data, opens N
 * EventSource streams (the `eventsource` package, as
 * @adonisjs/transmit-client uses in Node), subscribes each to
 * `staff/orders` with a staff token, then changes the status of an order
 * `rounds` times and measures, for every subscriber, the time from the
 * status change request to the receipt of its event. The server's memory
 * (RSS, from /proc) is read before and after the subscribers connect.
 */
import { randomUUID } from 'node:crypto'
import { EventSource } from 'eventsource'
import {
  ace,
  flag,
  isMain,
  percentile,
  prepareDatabase,
  report,
  round,
  rssMb,
  startApp,
} from './lib.mjs'

async function login(url, email) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'password123' }),
  })
  if (!response.ok) throw new Error(`login ${email}: ${response.status}`)
  return (await response.json()).data.tokens.access_token
}

async function inBatches(count, size, task) {
  for (let start = 0; start < count; start += size) {
    await Promise.all(
      Array.from({ length: Math.min(size, count - start) }, (_, i) => task(start + i))
    )
  }
}

export async function benchTransmit({ subscribers, rounds, kind }) {
  const env = { ...(await prepareDatabase(kind)), DEMO_DATA: 'true' }
  ace(env, 'migration:run', '--force')
  const app = await startApp(env)

  const streams = []
  let result
  try {
    const staffToken = await login(app.url, 'staff@shop.test')
    const customerToken = await login(app.url, 'customer@shop.test')
    const products = (
      await (await fetch(`${app.url}/api/v1/products?per_page=100&in_stock=true`)).json()
    ).data
    // Orders buy variants: an in-stock variant of each of the first products.
    const variantIds = []
    for (const product of products.slice(0, Math.min(products.length, rounds))) {
      const detail = (await (await fetch(`${app.url}/api/v1/products/${product.id}`)).json()).data
      const variant = (detail.variants ?? []).find((candidate) => candidate.stock > 0)
      if (variant) variantIds.push(variant.id)
    }
    if (!variantIds.length) throw new Error('no variant in stock in the demo data')
    // The demo ships by zone: orders name a method that ships to the
    // customer's address (the first the quote lists).
    const quote = await fetch(`${app.url}/api/v1/cart/quote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${customerToken}` },
      body: JSON.stringify({ items: [{ variant_id: variantIds[0], quantity: 1 }] }),
    })
    if (quote.status !== 200) throw new Error(`quote: ${quote.status}`)
    const shippingMethodId = (await quote.json()).data.shipping_methods[0]?.id ?? null

    // Idle memory, after a few requests have warmed the app up.
    const idleMb = rssMb(app.pid)

    const pending = new Map()
    await inBatches(subscribers, 100, async (index) => {
      const uid = randomUUID()
      const source = new EventSource(`${app.url}/__transmit/events?uid=${uid}`)
      streams.push(source)
      await new Promise((resolve, reject) => {
        source.onopen = resolve
        source.onerror = () => reject(new Error(`stream ${index} failed`))
      })
      source.onerror = null
      source.onmessage = (event) => {
        const { payload } = JSON.parse(event.data)
        const waiting = pending.get(payload.order_number)
        if (waiting && payload.to === 'shipped') waiting.receive(performance.now())
      }
      const response = await fetch(`${app.url}/__transmit/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
        body: JSON.stringify({ uid, channel: 'staff/orders' }),
      })
      if (response.status !== 204) throw new Error(`subscribe ${index}: ${response.status}`)
    })
    const connectedMb = rssMb(app.pid)

    const latencies = []
    for (let index = 0; index < rounds; index++) {
      const variantId = variantIds[index % variantIds.length]
      const placed = await fetch(`${app.url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${customerToken}` },
        body: JSON.stringify({
          items: [{ variant_id: variantId, quantity: 1 }],
          shipping_method_id: shippingMethodId,
          // Cash on delivery ships unpaid (the demo data has payment methods).
          payment_method: 'cash-on-delivery',
        }),
      })
      if (placed.status !== 201) throw new Error(`order: ${placed.status}`)
      const number = (await placed.json()).data.number

      let received = 0
      let sentAt = 0
      const done = new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received}/${subscribers} deliveries after 60 s`)),
          60_000
        )
        pending.set(number, {
          receive(at) {
            latencies.push(at - sentAt)
            if (++received === subscribers) {
              clearTimeout(timer)
              resolve()
            }
          },
        })
      })
      sentAt = performance.now()
      const shipped = await fetch(`${app.url}/api/v1/admin/orders/${number}/status`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
        body: JSON.stringify({ status: 'shipped' }),
      })
      if (shipped.status !== 200) throw new Error(`ship: ${shipped.status}`)
      await done
      pending.delete(number)
    }

    latencies.sort((a, b) => a - b)
    result = {
      subscribers,
      rounds,
      deliveries: latencies.length,
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1)),
      idleMb,
      connectedMb,
      kbPerSubscriber: round(((connectedMb - idleMb) * 1024) / subscribers),
    }
  } finally {
    for (const source of streams) source.close()
    await app.stop()
  }
  return { database: kind, ...result }
}

if (isMain(import.meta)) {
  const quick = flag('quick', false) === true
  const kind = flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite')
  const result = await benchTransmit({
    subscribers: Number(flag('subscribers', quick ? 500 : 2000)),
    rounds: Number(flag('rounds', quick ? 5 : 20)),
    kind,
  })
  report(
    'transmit',
    [
      {
        'what': `status change -> ${result.subscribers} subscribers of staff/orders (${kind})`,
        'deliveries': result.deliveries,
        'p50 ms': result.p50,
        'p99 ms': result.p99,
        'max ms': result.max,
        'RSS idle MB': result.idleMb,
        'RSS connected MB': result.connectedMb,
        'KB per subscriber': result.kbPerSubscriber,
      },
    ],
    result
  )
}
