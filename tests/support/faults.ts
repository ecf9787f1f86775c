/*
|--------------------------------------------------------------------------
| Fault injection for the resilience suite
|--------------------------------------------------------------------------
|
| Things the tests own and may break, in front of the machine's shared
| services (which are never stopped or restarted):
| - a throwaway `redis-server` on a free port, killed and started again;
| - a TCP proxy in front of PostgreSQL that can refuse, or silently swallow
|   (blackhole), connections and then heal;
| - a scratch PostgreSQL database, dropped at the end, with a Lucid
|   connection to it from the test process.
|
*/
import { randomBytes } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Redis } from 'ioredis'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { freePort } from '#tests/support/app_process'
import { prepareSqliteConnection } from '#config/database'

/**
 * Polls `probe` until it returns a truthy value, failing after `timeoutMs`
 * with the last error or value. Waits are for an outcome, never a guess.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {}
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value) {
        return value as NonNullable<T>
      }
      last = value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms (last: ${String(last)})`)
}

/*
|--------------------------------------------------------------------------
| A Redis of the test's own
|--------------------------------------------------------------------------
*/
export class OwnRedis {
  #child: ChildProcess | null = null

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort())
    await redis.start()
    return redis
  }

  get running() {
    return this.#child !== null
  }

  /**
   * Starts (again) on the same port, in memory only, and waits for PONG.
   */
  async start() {
    if (this.#child) {
      return
    }
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let output = ''
    child.stdout!.on('data', (chunk) => (output += chunk))
    child.stderr!.on('data', (chunk) => (output += chunk))
    this.#child = child
    try {
      await eventually(async () => (await this.command('PING')) === 'PONG', {
        timeoutMs: 10_000,
        what: `redis-server on port ${this.port}`,
      })
    } catch (error) {
      await this.kill()
      throw new Error(`${(error as Error).message}\n${output}`)
    }
  }

  /**
   * SIGKILL: the server vanishes as in a crash, nothing is flushed.
   */
  async kill() {
    const child = this.#child
    this.#child = null
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await once(child, 'exit')
    }
  }

  /**
   * SIGSTOP: the server stalls (as in a network partition or a frozen
   * host): connections stay open, nothing is answered. `resume` (SIGCONT)
   * undoes it; a test that pauses resumes in its teardown before `kill`.
   */
  pause() {
    this.#child?.kill('SIGSTOP')
  }

  resume() {
    this.#child?.kill('SIGCONT')
  }

  /**
   * One command over a short-lived connection that never retries, so the
   * test's own reads of Redis share nothing with the app's clients.
   */
  async command(name: string, ...args: string[]): Promise<unknown> {
    const client = new Redis({
      host: '127.0.0.1',
      port: this.port,
      lazyConnect: true,
      connectTimeout: 2_000,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    })
    client.on('error', () => {})
    try {
      await client.connect()
      return await client.call(name, ...args)
    } finally {
      client.disconnect()
    }
  }

  /**
   * Every key (SCAN), for assertions on what the app wrote.
   */
  async keys(pattern = '*'): Promise<string[]> {
    const keys: string[] = []
    let cursor = '0'
    do {
      const [next, batch] = (await this.command(
        'SCAN',
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        '1000'
      )) as [string, string[]]
      cursor = next
      keys.push(...batch)
    } while (cursor !== '0')
    return keys
  }
}

/*
|--------------------------------------------------------------------------
| A TCP proxy in front of PostgreSQL
|--------------------------------------------------------------------------
*/
export type ProxyMode = 'open' | 'refuse' | 'blackhole'

interface Link {
  client: Socket
  upstream: Socket
  /**
   * Bytes held back while blackholed, delivered when the network heals.
   */
  held: Array<{ to: Socket; chunk: Buffer }>
}

export class PgProxy {
  #mode: ProxyMode = 'open'
  #links = new Set<Link>()

  private constructor(
    readonly port: number,
    private server: Server,
    private target: { host: string; port: number }
  ) {}

  static async start(target = pgTarget()): Promise<PgProxy> {
    const port = await freePort()
    const server = createServer()
    const proxy = new PgProxy(port, server, target)
    server.on('connection', (socket) => proxy.#accept(socket))
    server.listen(port, '127.0.0.1')
    await once(server, 'listening')
    return proxy
  }

  get mode() {
    return this.#mode
  }

  get openLinks() {
    return this.#links.size
  }

  /**
   * PostgreSQL "goes away": new connections are reset at once and the
   * existing ones are cut.
   */
  refuse() {
    this.#mode = 'refuse'
    for (const link of this.#links) {
      this.#drop(link)
    }
  }

  /**
   * A network partition: connections (old and new) stay open but nothing
   * gets through either way, the case where a client waits forever unless
   * it has its own timeouts.
   */
  blackhole() {
    this.#mode = 'blackhole'
  }

  /**
   * The network heals: held bytes are delivered and traffic flows again.
   */
  restore() {
    this.#mode = 'open'
    for (const link of this.#links) {
      for (const { to, chunk } of link.held.splice(0)) {
        if (!to.destroyed) {
          to.write(chunk)
        }
      }
    }
  }

  async stop() {
    for (const link of this.#links) {
      this.#drop(link)
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  #accept(client: Socket) {
    if (this.#mode === 'refuse') {
      client.resetAndDestroy()
      return
    }
    const upstream = createConnection(this.target)
    const link: Link = { client, upstream, held: [] }
    this.#links.add(link)
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (this.#mode === 'blackhole' || link.held.length) {
        link.held.push({ to, chunk })
        return
      }
      to.write(chunk)
    }
    client.on('data', forward(upstream))
    upstream.on('data', forward(client))
    const close = () => this.#drop(link)
    for (const socket of [client, upstream]) {
      socket.on('error', close)
      socket.on('close', close)
    }
  }

  #drop(link: Link) {
    if (!this.#links.delete(link)) {
      return
    }
    link.held.length = 0
    link.client.resetAndDestroy()
    link.upstream.destroy()
  }
}

function pgTarget() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    return { host: url.hostname, port: Number(url.port || 5432) }
  }
  return {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
  }
}

/*
|--------------------------------------------------------------------------
| A scratch PostgreSQL database
|--------------------------------------------------------------------------
*/
function pgCredentials() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    return {
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password),
    }
  }
  return { user: process.env.DB_USER ?? 'postgres', password: process.env.DB_PASSWORD ?? '' }
}

async function withPgAdmin<T>(callback: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...pgTarget(), ...pgCredentials(), database: 'postgres' })
  await client.connect()
  try {
    return await callback(client)
  } finally {
    await client.end()
  }
}

export interface ScratchDatabase {
  name: string
  /**
   * The test process's Lucid connection to it.
   */
  client: QueryClientContract
  /**
   * Environment for an app process using it (migrated at its boot), by
   * default directly, or through `via` (a proxy port).
   */
  appEnv(via?: { port: number }): Record<string, string>
  drop(): Promise<void>
}

/**
 * A PostgreSQL database of the test's own on the machine's server, whatever
 * database the run itself uses (SQLite or PostgreSQL).
 */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `shop_resilience_${label}_${process.pid}_${randomBytes(3).toString('hex')}`
  await withPgAdmin((client) => client.query(`CREATE DATABASE "${name}"`))
  const target = pgTarget()
  const credentials = pgCredentials()
  db.manager.add(name, {
    client: 'pg',
    connection: { ...target, ...credentials, database: name },
    pool: { min: 0, max: 10 },
  })
  return {
    name,
    client: db.connection(name),
    appEnv(via) {
      return {
        DB_CONNECTION: 'pg',
        DATABASE_URL: '',
        DB_HOST: via ? '127.0.0.1' : target.host,
        DB_PORT: String(via ? via.port : target.port),
        DB_USER: credentials.user,
        DB_PASSWORD: credentials.password,
        DB_DATABASE: name,
        DB_AUTO_MIGRATE: 'true',
        DEMO_DATA: 'false',
      }
    },
    async drop() {
      if (db.manager.has(name)) {
        await db.manager.close(name, true)
      }
      await withPgAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
    },
  }
}

/**
 * A SQLite file of the test's own (the embedded default), shared by an app
 * process and the test process (WAL: one writer at a time, readers never
 * blocked).
 */
export async function createScratchSqlite(label: string): Promise<ScratchDatabase> {
  const name = `shop_resilience_${label}_${process.pid}_${randomBytes(3).toString('hex')}`
  const file = fileURLToPath(new URL(`../../tmp/${name}.sqlite3`, import.meta.url))
  db.manager.add(name, {
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: { afterCreate: prepareSqliteConnection },
  })
  return {
    name,
    client: db.connection(name),
    appEnv() {
      return {
        DB_CONNECTION: 'sqlite',
        DATABASE_URL: '',
        SQLITE_FILE: file,
        DB_AUTO_MIGRATE: 'true',
        DEMO_DATA: 'false',
      }
    },
    async drop() {
      if (db.manager.has(name)) {
        await db.manager.close(name, true)
      }
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        rmSync(`${file}${suffix}`, { force: true })
      }
    },
  }
}
