/*
|--------------------------------------------------------------------------
| HTTP server entrypoint
|--------------------------------------------------------------------------
|
| `npm start` runs this file through the TypeScript loader, the production
| build runs its compiled copy (`node build/bin/server.js`).
|
*/
import 'reflect-metadata'
import { randomUUID } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Loopback unless told otherwise (containers set HOST=0.0.0.0).
 */
process.env.HOST ??= '127.0.0.1'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/**
 * How long in-flight requests get to finish once a stop was asked for
 * (SIGTERM or SIGINT), in milliseconds; then their connections are cut.
 */
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 10_000)

const LISTEN_BACKLOG = Number(process.env.LISTEN_BACKLOG ?? 4096)

let nodeServer: Server | undefined
const eventStreams = new Set<ServerResponse>()
let stopping = false

/**
 * A graceful stop: the listening socket closes at once (new connections
 * are refused), Server-Sent Event streams are ended (they would never
 * finish by themselves), requests in flight get SHUTDOWN_TIMEOUT_MS to
 * be answered, then the app's own shutdown closes the database pool and
 * Redis. The process exits 0 (1 when the shutdown itself failed).
 */
async function stop(app: ApplicationService, signal: string) {
  if (stopping) {
    return
  }
  stopping = true
  const logger = await app.container.make('logger')
  logger.info({ signal }, 'stopping: finishing requests in flight')
  for (const stream of eventStreams) {
    stream.end()
  }
  const deadline = setTimeout(() => {
    logger.warn(
      'requests still in flight after %d ms: closing their connections',
      SHUTDOWN_TIMEOUT_MS
    )
    nodeServer?.closeAllConnections()
  }, SHUTDOWN_TIMEOUT_MS)
  deadline.unref()
  /**
   * The stop always ends: if the app's own shutdown hangs (a backing
   * service that never answers), the process exits 1 after twice the
   * deadline.
   */
  const lastResort = setTimeout(() => {
    logger.error('shutdown did not finish after %d ms: exiting', SHUTDOWN_TIMEOUT_MS * 2)
    process.exit(1)
  }, SHUTDOWN_TIMEOUT_MS * 2)
  lastResort.unref()
  try {
    await app.terminate()
    process.exitCode ??= 0
  } catch (error) {
    process.exitCode = 1
    prettyPrintError(error)
  }
  clearTimeout(deadline)
  process.exit()
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => stop(app, 'SIGTERM'))
    app.listen('SIGINT', () => stop(app, 'SIGINT'))
  })
  .httpServer()
  /**
   * A request without an `x-request-id` gets a random UUID here, before the
   * framework would make one: its cuid2 ids (SHA-3 per id) cost about a
   * tenth of a cached catalog answer.
   */
  .start((handle) => {
    nodeServer = createServer((req, res) => {
      req.headers['x-request-id'] ??= randomUUID()
      if (req.url?.startsWith('/__transmit/events')) {
        eventStreams.add(res)
        res.once('close', () => eventStreams.delete(res))
      }
      return handle(req, res)
    })
    /**
     * The framework listens with Node's default backlog (511): a burst of
     * more new connections than that overflows the kernel's accept queue
     * (SYNs dropped and retried, now and then a connection reset). The
     * queue is made as long as the kernel allows (net.core.somaxconn caps
     * it; LISTEN_BACKLOG overrides).
     */
    const server = nodeServer
    const listen = server.listen.bind(server)
    server.listen = ((port: number, host: string) =>
      listen({ port, host, backlog: LISTEN_BACKLOG })) as typeof server.listen
    return server
  })
  /**
   * A start that failed (the port taken, a backing service refused at boot)
   * ends the process: the connections opened while booting would otherwise
   * keep it alive, serving nothing.
   */
  .catch(async (error) => {
    process.exitCode = 1
    await prettyPrintError(error)
    process.exit(1)
  })
