/*
|--------------------------------------------------------------------------
| Event listeners
|--------------------------------------------------------------------------
*/
import emitter from '@adonisjs/core/services/emitter'
import { cacheStats } from '#services/cache_stats'

type CacheHit = { layer?: 'l1' | 'l2' }

/**
 * The cache (bentocache) reports on the app's emitter.
 */
const cacheEvents = emitter as unknown as {
  on(event: string, listener: (data: CacheHit) => void): void
}
cacheEvents.on('cache:hit', (data) => cacheStats.hit(data.layer))
cacheEvents.on('cache:miss', () => cacheStats.miss())
cacheEvents.on('cache:written', () => cacheStats.write())
cacheEvents.on('cache:deleted', () => cacheStats.delete())
