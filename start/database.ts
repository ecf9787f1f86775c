/*
|--------------------------------------------------------------------------
| Database bootstrap (HTTP server only)
|--------------------------------------------------------------------------
|
| Before the server listens: run pending migrations (unless
| DB_AUTO_MIGRATE=false) and, on the embedded default or with
| DEMO_DATA=true, seed the demo data into an empty database; then make
| the staff panel (it reads the migrated tables).
|
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { autoMigrate, demoDataInProduction, seedDemoData } from '#start/runtime'
import { DatabaseSetupService } from '#services/database_setup_service'
import { prepareAdmin } from '#admin/prepare'

const setup = new DatabaseSetupService(app)

if (autoMigrate) {
  const applied = await setup.migrate()
  if (applied.length) {
    logger.info({ migrations: applied }, 'applied %d migration(s)', applied.length)
  }
}

if (seedDemoData) {
  if (demoDataInProduction) {
    logger.warn(
      'DEMO_DATA=true in production: the demo accounts admin@shop.test, staff@shop.test and customer@shop.test (password "password123") are seeded into an empty database; anyone can sign in as admin. Unset DEMO_DATA for a real shop.'
    )
  }
  if (await setup.seedDemoDataIfEmpty()) {
    logger.info('seeded the demo data (admin@shop.test, staff@shop.test, customer@shop.test)')
  }
}

/**
 * The staff panel reads the tables' columns when it is made: only now
 * that they exist. It is made (and its component bundle built, in
 * production) in the background, so the API never waits for it; a panel
 * request that comes first waits for the same promise. (With
 * DB_AUTO_MIGRATE=false the database may not even be reachable yet: the
 * panel is then made on its first request.)
 */
if (autoMigrate) {
  const started = Date.now()
  prepareAdmin(app.container)
    .then(() => logger.info({ ms: Date.now() - started }, 'staff panel ready at /admin'))
    .catch((error) => logger.error({ err: error }, 'the staff panel could not be prepared'))
}
