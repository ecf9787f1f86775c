/**
 * Transmit fan-out: N subscribers on one instance, delivery latency and
 * memory per subscriber, at several N in one run.
 *
 *   node bench/transmit.mjs [--counts 2000,5000,10000] [--subscribers N]
 *                           [--rounds 20] [--workers 4] [--db sqlite|pg] [--quick]
 *
 * Starts the app in production mode with the demo data. Client processes
 * (bench/transmit_clients.mjs, forked) open the event streams and
 * subscribe each to `staff/orders` with a staff token; then an order is
 * placed and its status changed to shipped through the API, `rounds`
 * times, and every subscriber's delivery is timed from the moment the
 * status change request was sent (a wall clock shared by the processes of
 * this machine). Subscribers are added level by level (e.g. 2,000, then
 * 3,000 more, then 5,000 more) and each level is measured. The server's
 * memory (RSS, from /proc) is read before the first stream and after each
 * level: KB per subscriber = (RSS at the level - idle RSS) / subscribers.
 * RSS also holds garbage not yet collected (the subscribe requests'), so
 * each reading is taken twice: as found, and after a full garbage
 * collection asked through the inspector (the app runs with `--inspect`
 * on a loopback port): the memory the open streams keep.
 *
 * The client processes share the machine's cores with the app: each
 * socket read in them costs about as much as a write in the app. `--floor`
 * adds a row per level for a bare node:http server (no framework, no
 * database) writing one prepared frame to each open stream, read by the
 * same clients: what this machine allows.
 */
import { fork, spawnSync } from 'node:child_process'
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import pg from 'pg'
import {
  ace,
  flag,
  freePort,
  isMain,
  percentile,
  report,
  root,
  round,
  rssMb,
  startApp,
} from './lib.mjs'

const pgConnection = {
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 5432),
  user: process.env.DB_USER ?? 'postgres',
  password: process.env.DB_PASSWORD,
}

async function onPostgres(sql) {
  const admin = new pg.Client({ ...pgConnection, database: 'postgres' })
  await admin.connect()
  try {
    await admin.query(sql)
  } finally {
    await admin.end()
  }
}

/**
 * A database of this run's own (other benchmarks may run at once on the
 * shared machine): `shop_bench_transmit_*` on PostgreSQL, with Redis
 * (REDIS_HOST, 127.0.0.1 by default) carrying Transmit as in production;
 * or its own SQLite file, in-process Transmit. `drop()` removes it.
 */
async function ownDatabase(kind) {
  const name = `shop_bench_transmit_${randomBytes(3).toString('hex')}`
  const common = {
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    RATE_LIMIT_API_PER_MINUTE: '0',
    // Every simulated client connects from 127.0.0.1: no per-IP cap on
    // open event streams.
    SSE_MAX_STREAMS_PER_IP: '0',
    ADMIN_JS_SKIP_BUNDLE: 'true',
    JWT_ACCESS_TTL: '1h',
    REDIS_KEY_PREFIX: `${name}:`,
  }
  if (kind === 'pg') {
    await onPostgres(`CREATE DATABASE ${name}`)
    return {
      env: {
        ...common,
        DB_CONNECTION: 'pg',
        DB_HOST: pgConnection.host,
        DB_PORT: String(pgConnection.port),
        DB_USER: pgConnection.user,
        DB_DATABASE: name,
        DATABASE_URL: '',
        REDIS_HOST: process.env.REDIS_HOST ?? '127.0.0.1',
      },
      drop: () => onPostgres(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    }
  }
  mkdirSync(`${root}tmp/bench`, { recursive: true })
  const file = `${root}tmp/bench/${name}.sqlite3`
  const drop = async () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  }
  return {
    env: {
      ...common,
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: file,
      DATABASE_URL: '',
      REDIS_HOST: '',
      REDIS_URL: '',
    },
    drop,
  }
}

/**
 * CPU time a process has used so far (user + system, ms, from /proc; the
 * kernel counts in ticks of 10 ms).
 */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/**
 * A full garbage collection in the app, through its inspector (a child
 * process: WebSocket is behind a flag on Node 20), then its RSS in MB.
 */
function rssAfterGcMb(pid, inspectPort) {
  const script = `
    const [target] = await (await fetch('http://127.0.0.1:${inspectPort}/json/list')).json()
    const socket = new WebSocket(target.webSocketDebuggerUrl)
    await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject })
    const done = new Promise((resolve) => {
      socket.onmessage = (event) => { if (JSON.parse(event.data).id === 1) resolve() }
    })
    socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }))
    await done
    socket.close()`
  const result = spawnSync(
    'node',
    ['--experimental-websocket', '--no-warnings', '--input-type=module', '-e', script],
    { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 }
  )
  if (result.status !== 0) throw new Error('garbage collection through the inspector failed')
  return rssMb(pid)
}

async function login(url, email) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'password123' }),
  })
  if (!response.ok) throw new Error(`login ${email}: ${response.status}`)
  return (await response.json()).data.tokens.access_token
}

/**
 * The client processes: `workers` forks of bench/transmit_clients.mjs,
 * each holding an even share of the streams.
 */
function startClients(workers) {
  const clients = Array.from({ length: workers }, () => {
    const child = fork(new URL('./transmit_clients.mjs', import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    // `arrived`: the receipt times of each order event ("number to") the
    // client has on all its streams, kept until read.
    const client = { child, streams: 0, listeners: new Set(), arrived: new Map() }
    child.on('message', (message) => {
      if (message.type === 'received') {
        client.arrived.set(`${message.number} ${message.to}`, message.times)
      }
      for (const listener of client.listeners) listener(message)
    })
    return client
  })
  const next = (client, type) =>
    new Promise((resolve, reject) => {
      const listener = (message) => {
        if (message.type === 'failed') reject(new Error(message.error))
        if (message.type !== type) return
        client.listeners.delete(listener)
        resolve(message)
      }
      client.listeners.add(listener)
    })
  return {
    /**
     * Opens streams until there are `total`, spread over the clients.
     */
    async grow(total, settings) {
      await Promise.all(
        clients.map(async (client, index) => {
          const share = Math.floor(total / workers) + (index < total % workers ? 1 : 0)
          if (share <= client.streams) return
          const opened = next(client, 'opened')
          client.child.send({ type: 'open', ...settings, count: share - client.streams })
          client.streams = (await opened).total
        })
      )
    },
    /**
     * Resolves with every receipt time of the order's event (the status
     * it moved `to`), once each client has it on all its streams.
     */
    receipts(number, to, timeoutMs = 60_000) {
      const key = `${number} ${to}`
      const waiting = clients.filter((client) => client.streams > 0)
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!waiting.every((client) => client.arrived.has(key))) return
          clearTimeout(timer)
          for (const client of waiting) client.listeners.delete(check)
          resolve(waiting.flatMap((client) => client.arrived.get(key)))
          for (const client of waiting) client.arrived.delete(key)
        }
        const timer = setTimeout(() => {
          for (const client of waiting) client.listeners.delete(check)
          reject(new Error(`order ${number} (${to}): not every stream has it after 60 s`))
        }, timeoutMs)
        for (const client of waiting) client.listeners.add(check)
        check()
      })
    },
    pids: () => clients.map(({ child }) => child.pid),
    stop() {
      return Promise.all(
        clients.map(
          ({ child }) =>
            new Promise((resolve) => {
              if (child.exitCode !== null) return resolve()
              child.once('exit', resolve)
              child.send({ type: 'close' })
            })
        )
      )
    },
  }
}

/**
 * The floor server (`--floor`): bare node:http, the routes the clients
 * use (`/__transmit/events` opens a stream with Transmit's first frame,
 * `/__transmit/subscribe` answers 204) and `POST /publish`, which writes
 * one order event, made once as an HTTP chunk, to every open stream's
 * socket and then answers. Runs in a child process of its own.
 */
function serveFloor() {
  const streams = new Set()
  const server = http.createServer((request, response) => {
    if (request.url.startsWith('/__transmit/events')) {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' })
      response.write(':ok\n\n')
      streams.add(response)
      response.on('close', () => streams.delete(response))
      return
    }
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      if (request.url === '/publish') {
        const { number, to } = JSON.parse(body)
        const payload = {
          order_number: number,
          type: 'status',
          from: 'pending',
          to,
          at: new Date(),
        }
        const text = `data: ${JSON.stringify({ channel: 'staff/orders', payload })}\n\n`
        const chunk = Buffer.from(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`)
        for (const stream of streams) stream.socket.write(chunk)
      }
      response.writeHead(request.url === '/publish' ? 200 : 204)
      response.end()
    })
  })
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }))
}

/**
 * The floor at each level: the bare server, the same clients, the same
 * timing (from the publish request sent to each stream's receipt).
 */
async function benchFloor({ levels, rounds, workers }) {
  const server = fork(new URL(import.meta.url), ['--floor-server'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const { port } = await new Promise((resolve) => server.once('message', resolve))
  const url = `http://127.0.0.1:${port}`
  const clients = startClients(workers)
  const measured = []
  try {
    for (const count of levels) {
      await clients.grow(count, { url, token: 'floor', channel: 'staff/orders' })
      const latencies = []
      const serverCpuBefore = cpuMs(server.pid)
      for (let index = 0; index < rounds; index++) {
        const number = `FLOOR-${count}-${index}`
        const receipts = clients.receipts(number, 'shipped')
        const sentAt = performance.timeOrigin + performance.now()
        const published = await fetch(`${url}/publish`, {
          method: 'POST',
          body: JSON.stringify({ number, to: 'shipped' }),
        })
        await published.arrayBuffer()
        for (const at of await receipts) latencies.push(at - sentAt)
      }
      latencies.sort((a, b) => a - b)
      measured.push({
        subscribers: count,
        deliveries: latencies.length,
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1)),
        serverCpuMsPerEvent: round((cpuMs(server.pid) - serverCpuBefore) / rounds),
      })
    }
  } finally {
    await clients.stop()
    server.kill()
  }
  return measured
}

/**
 * `counts`: the subscriber levels measured in one run, ascending
 * (default: `[subscribers]`). The result is the last level's figures at
 * the top (as before: subscribers, p50, p99, max, idleMb, connectedMb,
 * kbPerSubscriber) plus `levels`, one such row per count.
 */
export async function benchTransmit({
  subscribers,
  rounds,
  kind,
  counts,
  workers = 4,
  floor = false,
}) {
  const levels = [...(counts ?? [subscribers])].sort((a, b) => a - b)
  const database = await ownDatabase(kind)
  let app
  let clients
  const measured = []
  try {
    ace(database.env, 'migration:run', '--force')
    const inspectPort = await freePort()
    app = await startApp(database.env, { nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`] })
    clients = startClients(workers)
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
    const idleAfterGcMb = rssAfterGcMb(app.pid, inspectPort)

    const placeOrder = async (index) => {
      const placed = await fetch(`${app.url}/api/v1/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${customerToken}` },
        body: JSON.stringify({
          items: [{ variant_id: variantIds[index % variantIds.length], quantity: 1 }],
          shipping_method_id: shippingMethodId,
          // Cash on delivery ships unpaid (the demo data has payment methods).
          payment_method: 'cash-on-delivery',
        }),
      })
      if (placed.status !== 201) throw new Error(`order: ${placed.status}`)
      return (await placed.json()).data.number
    }

    // The status change that publishes the event, as staff do it.
    const ship = async (number) => {
      const shipped = await fetch(`${app.url}/api/v1/admin/orders/${number}/status`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${staffToken}` },
        body: JSON.stringify({ status: 'shipped' }),
      })
      if (shipped.status !== 200) throw new Error(`ship: ${shipped.status}`)
      await shipped.arrayBuffer()
    }

    let placedOrders = 0
    // Warm-up: a few status changes before any stream is open (the first
    // requests of a fresh process are compiled as they run), not measured.
    for (let index = 0; index < 5; index++) {
      await ship(await placeOrder(placedOrders++))
    }
    for (const count of levels) {
      await clients.grow(count, { url: app.url, token: staffToken, channel: 'staff/orders' })
      const connectedMb = rssMb(app.pid)
      const connectedAfterGcMb = rssAfterGcMb(app.pid, inspectPort)
      const latencies = []
      const requestTimes = []
      const serverCpuBefore = cpuMs(app.pid)
      const clientCpuBefore = clients.pids().reduce((sum, pid) => sum + cpuMs(pid), 0)
      for (let index = 0; index < rounds; index++) {
        // The new order's own event reaches every subscriber first, so
        // that each status change is timed alone.
        const number = await placeOrder(placedOrders++)
        await clients.receipts(number, 'pending')
        const receipts = clients.receipts(number, 'shipped')
        const sentAt = performance.timeOrigin + performance.now()
        await ship(number)
        requestTimes.push(performance.timeOrigin + performance.now() - sentAt)
        for (const at of await receipts) latencies.push(at - sentAt)
      }
      const serverCpu = cpuMs(app.pid) - serverCpuBefore
      const clientCpu = clients.pids().reduce((sum, pid) => sum + cpuMs(pid), 0) - clientCpuBefore
      latencies.sort((a, b) => a - b)
      requestTimes.sort((a, b) => a - b)
      measured.push({
        subscribers: count,
        rounds,
        deliveries: latencies.length,
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1)),
        // The status change request itself (sent to answered), for scale.
        requestP50: round(percentile(requestTimes, 50)),
        // CPU per published event (order placed + status change, each
        // broadcast to every subscriber), from /proc: the app's, and the
        // client processes' together. Less noisy than latency on a shared
        // machine.
        serverCpuMsPerEvent: round(serverCpu / rounds),
        clientCpuMsPerEvent: round(clientCpu / rounds),
        idleMb,
        connectedMb,
        kbPerSubscriber: round(((connectedMb - idleMb) * 1024) / count),
        // The same after a full garbage collection at both ends.
        idleAfterGcMb,
        connectedAfterGcMb,
        kbPerSubscriberAfterGc: round(((connectedAfterGcMb - idleAfterGcMb) * 1024) / count),
      })
    }
  } finally {
    await clients?.stop()
    await app?.stop()
    await database.drop()
  }
  const floorLevels = floor ? await benchFloor({ levels, rounds, workers }) : undefined
  return { database: kind, ...measured.at(-1), levels: measured, floor: floorLevels }
}

if (process.argv.includes('--floor-server')) {
  serveFloor()
} else if (isMain(import.meta)) {
  const quick = flag('quick', false) === true
  const kind = flag('db', process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite')
  const countsFlag = flag('counts', undefined)
  const result = await benchTransmit({
    subscribers: Number(flag('subscribers', quick ? 500 : 2000)),
    counts: typeof countsFlag === 'string' ? countsFlag.split(',').map(Number) : undefined,
    rounds: Number(flag('rounds', quick ? 5 : 20)),
    workers: Number(flag('workers', 4)),
    floor: flag('floor', false) === true,
    kind,
  })
  const floorRows = (result.floor ?? []).map((level) => ({
    'what': `bare node:http server -> ${level.subscribers} streams (floor)`,
    'deliveries': level.deliveries,
    'p50 ms': level.p50,
    'p99 ms': level.p99,
    'max ms': level.max,
    'app CPU ms/round': level.serverCpuMsPerEvent,
  }))
  report(
    'transmit',
    [
      ...result.levels.map((level) => ({
        'what': `status change -> ${level.subscribers} subscribers of staff/orders (${kind})`,
        'deliveries': level.deliveries,
        'p50 ms': level.p50,
        'p99 ms': level.p99,
        'max ms': level.max,
        'PATCH p50 ms': level.requestP50,
        'app CPU ms/round': level.serverCpuMsPerEvent,
        'clients CPU ms/round': level.clientCpuMsPerEvent,
        'RSS idle MB': level.idleMb,
        'RSS connected MB': level.connectedMb,
        'KB per subscriber': level.kbPerSubscriber,
        'KB per subscriber after GC': level.kbPerSubscriberAfterGc,
      })),
      ...floorRows,
    ],
    result
  )
}
