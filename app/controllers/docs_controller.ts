import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import { cachedFile } from '#services/static_files'
import { ApiError } from '#exceptions/api_error'
import { openApiDocument } from '#openapi/document'
import { contentSecurityPolicy, inlineHashes } from '#middleware/content_security_policy'

/**
 * The files /docs and /redoc load, all from local npm packages (no CDN):
 * name -> [package file, content type].
 */
const ASSETS: Record<string, [string, string, ((source: string) => string)?]> = {
  'swagger-ui.css': ['swagger-ui-dist/swagger-ui.css', 'text/css; charset=utf-8'],
  'swagger-ui-bundle.js': [
    'swagger-ui-dist/swagger-ui-bundle.js',
    'text/javascript; charset=utf-8',
  ],
  'swagger-ui-standalone-preset.js': [
    'swagger-ui-dist/swagger-ui-standalone-preset.js',
    'text/javascript; charset=utf-8',
  ],
  'redoc.standalone.js': [
    'redoc/bundles/redoc.standalone.js',
    'text/javascript; charset=utf-8',
    /**
     * ReDoc's footer logo is the one file it fetches from a CDN: an empty
     * image instead (ReDoc hides the logo when it does not load).
     */
    (source) => source.replace('https://cdn.redoc.ly/redoc/logo-mini.svg', 'data:,'),
  ],
  'swagger-init.js': ['#resources/docs/swagger_init.js', 'text/javascript; charset=utf-8'],
}

function assetPath(source: string) {
  if (source.startsWith('#resources/')) {
    return app.makePath('resources', source.slice('#resources/'.length))
  }
  return fileURLToPath(import.meta.resolve(source))
}

let documentBody: string | undefined

const policies = new Map<string, string>()

/**
 * The one style element Swagger UI writes itself: the colours of its
 * inline SVG logo.
 */
const SWAGGER_LOGO_STYLE = '.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}'

/**
 * The policies of /docs and /redoc (issue 14, finding 8): scripts and
 * styles from this origin (the pages' own inline style by hash), the
 * document fetched from this origin, never framed. ReDoc inserts its
 * styles at run time (styled-components) and runs its search in a worker
 * made from a blob: its page allows inline styles and blob: workers.
 */
function docsPolicy(page: 'swagger' | 'redoc', html: string) {
  let policy = policies.get(page)
  if (!policy) {
    const { styles } = inlineHashes(`${html}<style>${SWAGGER_LOGO_STYLE}</style>`)
    policy = contentSecurityPolicy({
      'script-src': ["'self'"],
      'style-src': page === 'redoc' ? ["'self'", "'unsafe-inline'"] : ["'self'", ...styles],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'worker-src': page === 'redoc' ? ["'self'", 'blob:'] : ["'self'"],
    })
    policies.set(page, policy)
  }
  return policy
}

/**
 * The API's OpenAPI document and the two readers of it.
 */
export default class DocsController {
  /**
   * GET /openapi.json
   */
  openapi({ response }: HttpContext) {
    documentBody ??= JSON.stringify(openApiDocument())
    response
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(documentBody)
  }

  /**
   * GET /docs (Swagger UI)
   */
  async swagger({ response }: HttpContext) {
    const html = await cachedFile(app.makePath('resources/docs/swagger.html'))
    response
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', docsPolicy('swagger', html.toString('utf8')))
      .send(html)
  }

  /**
   * GET /redoc (ReDoc)
   */
  async redoc({ response }: HttpContext) {
    const html = await cachedFile(app.makePath('resources/docs/redoc.html'))
    response
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', docsPolicy('redoc', html.toString('utf8')))
      .send(html)
  }

  /**
   * GET /docs/assets/:file
   */
  async asset({ params, response }: HttpContext) {
    const asset = Object.hasOwn(ASSETS, params.file) ? ASSETS[params.file] : undefined
    if (!asset) {
      throw ApiError.notFound('No such file')
    }
    const [source, contentType, transform] = asset
    response
      .header('content-type', contentType)
      .header('cache-control', 'public, max-age=86400')
      .send(await cachedFile(assetPath(source), transform))
  }
}
