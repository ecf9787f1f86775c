import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'

/**
 * The package's name, version and description, read once.
 */
let about: { name: string; version: string; description: string } | undefined

function packageInfo() {
  about ??= (() => {
    const pkg = JSON.parse(readFileSync(app.makePath('package.json'), 'utf8'))
    return { name: pkg.name, version: pkg.version, description: pkg.description }
  })()
  return about
}

/**
 * GET /: where things are (issue 15, item 8).
 */
export default class HomeController {
  async index({ response }: HttpContext) {
    const { name, version, description } = packageInfo()
    return response.ok({
      name,
      version,
      description,
      links: {
        api: '/api/v1',
        docs: '/docs',
        redoc: '/redoc',
        openapi: '/openapi.json',
        admin: '/admin',
        health: { live: '/health/live', ready: '/health/ready' },
      },
    })
  }
}
