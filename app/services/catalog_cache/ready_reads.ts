import app from '@adonisjs/core/services/app'
import emitter from '@adonisjs/core/services/emitter'
import type { HttpContext } from '@adonisjs/core/http'
import type { CatalogConfig } from '#config/catalog'
import {
  CatalogService,
  detailTags as productDetailTags,
  variantTags as productVariantTags,
} from '#services/catalog_service'
import { cacheStats } from '#services/cache_stats'
import { busMessageSeen, readyBodies } from '#services/catalog_cache/ready_bodies'

const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * What the cache reports that drops ready bodies (CatalogCache drops them
 * itself, first): a tag invalidated in this process by anyone else
 * (`cache:written` of its key; 0 is a tag read for the first time), a
 * deleted key, a clear, and any message from another instance's cache.
 */
const cacheEvents = emitter as unknown as {
  on(event: string, listener: (data: any) => void): void
}
cacheEvents.on('cache:written', (data: { key: string; value: unknown }) => {
  if (data.value !== 0) readyBodies.keyChanged(data.key, 'set')
})
cacheEvents.on('cache:deleted', (data: { key: string }) =>
  readyBodies.keyChanged(data.key, 'delete')
)
cacheEvents.on('cache:cleared', () => readyBodies.clear())
cacheEvents.on('bus:message:received', (data: { message: unknown }) => busMessageSeen(data.message))

let config: CatalogConfig | undefined
let catalog: Promise<CatalogService> | undefined

function catalogConfig() {
  config ??= app.config.get<CatalogConfig>('catalog')
  return config
}

/**
 * The catalog service, a container singleton (providers/app_provider.ts),
 * resolved once for the public reads: resolving it per request costs the
 * container a look at the class's source text (`isClass`), which for this
 * service is most of a warm page's container time.
 */
export function catalogService(): Promise<CatalogService> {
  catalog ??= app.container.make(CatalogService)
  return catalog
}

export function sendJson(response: HttpContext['response'], body: string | Buffer) {
  response.header('content-type', JSON_TYPE).send(body)
}

/**
 * How long a body is kept, as the catalog caches it (config/catalog.ts).
 */
type Lifetime = keyof CatalogConfig['ttl']

/**
 * A public catalog read by its URL: either its ready body was sent, or the
 * caller reads the answer and hands it to `keep` (which sends it).
 */
export type ReadyRead =
  | { sent: true }
  | {
      sent: false
      keep(body: string, tags: string[], lifetime: Lifetime): void
    }

const SENT: ReadyRead = { sent: true }

export function readyRead(ctx: HttpContext): ReadyRead {
  const settings = catalogConfig()
  const key = ctx.request.request.url ?? ''
  if (!settings.cacheEnabled) {
    return { sent: false, keep: (body) => sendJson(ctx.response, body) }
  }
  const ready = readyBodies.get(key)
  if (ready !== undefined) {
    cacheStats.hit('l1')
    sendJson(ctx.response, ready)
    return SENT
  }
  const epoch = readyBodies.epoch
  return {
    sent: false,
    keep(body, tags, lifetime) {
      const ttlSeconds = Number(settings.ttl[lifetime])
      sendJson(ctx.response, readyBodies.keep(key, body, { tags, ttlSeconds, epoch }))
    },
  }
}

export { listTags } from '#services/catalog_service'

/**
 * The tags of a product's public detail, from its body.
 */
export function detailTags(body: string) {
  return productDetailTags((JSON.parse(body) as { data: { id: number } }).data.id)
}

/**
 * The tags of a variant's public read, from its body.
 */
export function variantTags(body: string) {
  return productVariantTags(
    (JSON.parse(body) as { data: { product: { id: number } } }).data.product.id
  )
}
