/**
 * Shared helpers for the benchmark scripts: a database to bench on, the app
 * started as a child process on a free loopback port, autocannon runs and a
 * table of results. All traffic stays on 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import { SMTPServer } from 'smtp-server'

export const root = new URL('../', import.meta.url).pathname

export function flag(name, fallback) {
  const index = process.argv.indexOf(`--${name}`)
  if (index === -1) return fallback
  const value = process.argv[index + 1]
  return value === undefined || value.startsWith('--') ? true : value
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/**
 * Runs `statements` one after the other on PostgreSQL's `postgres`
 * database (DB_HOST, DB_PORT, DB_USER, DB_PASSWORD): creating and dropping
 * the benches' databases.
 */
export async function adminStatements(...statements) {
  const admin = new pg.Client({
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'postgres',
    password: process.env.DB_PASSWORD,
    database: 'postgres',
  })
  await admin.connect()
  try {
    for (const statement of statements) await admin.query(statement)
  } finally {
    await admin.end()
  }
}

/**
 * The environment of a benchmark database: a fresh SQLite file under
 * tmp/bench, or a fresh PostgreSQL database (`shop_bench`, or `database`) (plus Redis when
 * REDIS_HOST/REDIS_URL is set, under its own key prefix).
 */
export async function prepareDatabase(kind, { database = 'shop_bench' } = {}) {
  const keyPrefix = `shop_bench_${randomBytes(3).toString('hex')}:`
  const common = {
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    RATE_LIMIT_API_PER_MINUTE: '0',
    // Every simulated client connects from 127.0.0.1: no per-IP cap on
    // open event streams (the Transmit fan-out opens thousands).
    SSE_MAX_STREAMS_PER_IP: '0',
    // The staff panel's component bundle is not built in the background
    // while the API is measured.
    ADMIN_JS_SKIP_BUNDLE: 'true',
    REDIS_KEY_PREFIX: keyPrefix,
  }
  if (kind === 'pg') {
    await adminStatements(
      `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
      `CREATE DATABASE ${database}`
    )
    return {
      ...common,
      DB_CONNECTION: 'pg',
      DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
      DB_USER: process.env.DB_USER ?? 'postgres',
      DB_DATABASE: database,
      DATABASE_URL: '',
    }
  }
  mkdirSync(`${root}tmp/bench`, { recursive: true })
  const file = `${root}tmp/bench/catalog.sqlite3`
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  return {
    ...common,
    DB_CONNECTION: 'sqlite',
    SQLITE_FILE: file,
    DATABASE_URL: '',
    REDIS_HOST: '',
    REDIS_URL: '',
  }
}

export const tsNode = ['--import=ts-node-maintained/register/esm']

/**
 * The process environment with `extra` over it (an empty value unsets).
 */
export function envWith(extra) {
  const env = { ...process.env }
  for (const [key, value] of Object.entries(extra)) {
    if (value === '') delete env[key]
    else env[key] = value
  }
  return env
}

/**
 * Runs an ace command to completion with the benchmark environment.
 */
export function ace(env, ...args) {
  const result = spawnSync('node', [...tsNode, 'bin/console.ts', ...args], {
    cwd: root,
    env: envWith(env),
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (result.status !== 0) {
    throw new Error(`node ace ${args.join(' ')} failed with ${result.status}`)
  }
}

let built = false

/**
 * Compiles the app to JavaScript (`node ace build`, into build/): from now
 * on startApp runs build/bin/server.js, as production does, instead of the
 * TypeScript sources.
 */
export function buildApp() {
  // BENCH_IGNORE_TS_ERRORS=true builds despite type errors (e.g. in a test
  // file while work is in progress): an explicit choice, strict by default.
  const ignore = process.env.BENCH_IGNORE_TS_ERRORS === 'true' ? ['--ignore-ts-errors'] : []
  const result = spawnSync('node', [...tsNode, 'bin/console.ts', 'build', ...ignore], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`node ace build failed with ${result.status}`)
  built = true
}

/**
 * Starts the app and resolves once it answers /health/live, with the time
 * that took.
 */
/**
 * A real SMTP server on 127.0.0.1 that accepts every message and counts
 * it: the app's `mail.send` jobs (an order's confirmation, ...) succeed
 * once, as with a shop's mail server, instead of failing and being retried.
 */
export async function mailSink() {
  let received = 0
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received++
        callback()
      })
      stream.resume()
    },
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return {
    port: server.server.address().port,
    received: () => received,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

/**
 * Deletes the Redis keys under `prefix` (a bench app's REDIS_KEY_PREFIX:
 * its cache, queue and limiter keys), so a bench leaves Redis as it found it.
 */
export async function dropRedisKeys(env) {
  const host = env.REDIS_HOST ?? process.env.REDIS_HOST
  const prefix = env.REDIS_KEY_PREFIX
  if (!host || !prefix || !/^[\w:-]+$/.test(prefix)) return
  const { Redis } = await import('ioredis')
  const redis = new Redis({
    host,
    port: Number(env.REDIS_PORT ?? process.env.REDIS_PORT ?? 6379),
    password: env.REDIS_PASSWORD ?? process.env.REDIS_PASSWORD,
    maxRetriesPerRequest: 1,
  })
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      cursor = next
      if (keys.length) await redis.unlink(...keys)
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}

export async function startApp(env, { nodeArgs = [] } = {}) {
  const port = await freePort()
  // Mail goes to a sink of the bench's own unless the caller names a server.
  const sink = env.SMTP_PORT ? null : await mailSink()
  if (sink) env = { ...env, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port) }
  const started = performance.now()
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=tmp/prof" profiles the app.
  const extraArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const entry = built ? ['build/bin/server.js'] : [...tsNode, 'bin/server.ts']
  const child = spawn('node', [...nodeArgs, ...extraArgs, ...entry], {
    cwd: root,
    env: envWith({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode !== null) {
      await sink?.close()
      throw new Error(`the app exited with ${child.exitCode}`)
    }
    try {
      const response = await fetch(`${url}/health/live`)
      if (response.ok) break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return {
    url,
    pid: child.pid,
    bootMs: performance.now() - started,
    /**
     * The e-mails the bench's sink has accepted (0 when the caller named a
     * server).
     */
    mailsReceived: () => sink?.received() ?? 0,
    async stop() {
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
      await sink?.close()
      await dropRedisKeys(env)
    },
  }
}

/**
 * Load with autocannon: requests/s and latency percentiles (ms). `request`
 * (optional): the method, headers and body of every request (a GET
 * without them).
 */
export async function load(url, { connections = 32, duration = 10, request = {} } = {}) {
  const result = await autocannon({ url, connections, duration, ...request })
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
  }
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
  }
}

/**
 * Latency of requests sent one at a time (ms percentiles), e.g. for cache
 * misses where each URL is different.
 */
export async function sequential(urls) {
  const times = []
  for (const url of urls) {
    const started = performance.now()
    const response = await fetch(url)
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`${url}: ${response.status}`)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]
  return { requests: times.length, p50: round(at(50)), p99: round(at(99)), max: round(at(100)) }
}

export function round(value) {
  return Math.round(value * 100) / 100
}

export function report(name, rows, extra = {}) {
  console.table(rows)
  mkdirSync(`${root}tmp/bench`, { recursive: true })
  const file = `${root}tmp/bench/${name}.json`
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...extra, rows }, null, 2))
  console.log(`written to ${file}`)
}

/**
 * Whether the module is the script node was started with (the scripts are
 * both commands and parts of `npm run bench`).
 */
export function isMain(meta) {
  return process.argv[1] === fileURLToPath(meta.url)
}

/**
 * Resident memory of a process, from /proc (MB).
 */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return round(Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024)
}

/**
 * The CPU time (user + system, milliseconds) process `pid` has used so far,
 * from /proc: a cost per request that a busy machine disturbs less than
 * the wall clock.
 */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime: fields 14 and 15 of the line, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
