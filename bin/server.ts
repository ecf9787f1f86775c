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
import { createServer } from 'node:http'
import { Ignitor, prettyPrintError } from '@adonisjs/core'

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

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listenIf(app.managedByPm2, 'SIGINT', () => app.terminate())
  })
  .httpServer()
  /**
   * A request without an `x-request-id` gets a random UUID here, before the
   * framework would make one: its cuid2 ids (SHA-3 per id) cost about a
   * tenth of a cached catalog answer.
   */
  .start((handle) =>
    createServer((req, res) => {
      req.headers['x-request-id'] ??= randomUUID()
      return handle(req, res)
    })
  )
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
