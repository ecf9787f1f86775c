/*
|--------------------------------------------------------------------------
| Benchmark routes (BENCH_ROUTES=true only; never in production)
|--------------------------------------------------------------------------
|
| GET /__bench/bare answers the bytes of GET /api/v1/products (page 1),
| built once and kept in memory: no cache lookup, no SQL, no router
| middleware. What it does per second is the framework's ceiling for a
| catalog page on this machine (bench/run.mjs). /__bench/cache-stats
| reads and resets the cache's counters (the mixed-load bench).
|
*/
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { CatalogService } from '#services/catalog_service'
import { productListValidator } from '#validators/catalog'
import { cacheStats } from '#services/cache_stats'

let body: Buffer | undefined

router
  .get('/__bench/bare', async ({ response }) => {
    if (!body) {
      const catalog = await app.container.make(CatalogService)
      body = Buffer.from(await catalog.listBody(await productListValidator.validate({})))
    }
    response.header('content-type', 'application/json; charset=utf-8').send(body)
  })
  .as('bench.bare')

/**
 * The cache's counters since the last reset (the mixed-load bench reads
 * the hit ratio of its reads): GET reads them, DELETE resets them.
 */
router
  .get('/__bench/cache-stats', async ({ response }) => response.send(await cacheStats.snapshot()))
  .as('bench.cache_stats')
router
  .delete('/__bench/cache-stats', async ({ response }) => {
    cacheStats.reset()
    response.noContent()
  })
  .as('bench.cache_stats.reset')
