import { createWriteStream } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Parses a multipart/form-data body, on the routes that take one only and
 * after their authentication (the body parser leaves multipart bodies
 * alone: `multipart.autoProcess: false` in config/bodyparser.ts). Files
 * are streamed to the system temporary directory and removed when the
 * response ends, whatever its status (issue 14, finding 5).
 *
 * Used by the staff panel's POST routes, whose AdminJS client sends forms
 * as multipart; the REST API takes JSON only.
 */
export async function processMultipartBody(ctx: HttpContext) {
  const multipart = ctx.request.multipart
  if (!multipart || multipart.state !== 'idle' || !ctx.request.is(['multipart/form-data'])) {
    return
  }
  const written: string[] = []
  const removeFiles = () => {
    for (const path of written.splice(0)) {
      unlink(path).catch(() => {})
    }
  }
  const raw = ctx.response.response
  if (raw.writableFinished || raw.destroyed) {
    return
  }
  raw.once('close', removeFiles)

  multipart.onFile('*', { deferValidations: true }, async (part, reportChunk) => {
    const tmpPath = join(tmpdir(), `shop-upload-${randomUUID()}`)
    written.push(tmpPath)
    part.pause()
    part.on('data', reportChunk)
    await pipeline(part, createWriteStream(tmpPath))
    return { tmpPath }
  })
  await multipart.process()
}

export default class MultipartBodyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    await processMultipartBody(ctx)
    return next()
  }
}
