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
import { autoMigrate, seedDemoData } from '#start/runtime'
import { DatabaseSetupService } from '#services/database_setup_service'
import { prepareAdmin } from '#admin/admin_provider'

const setup = new DatabaseSetupService(app)

if (autoMigrate) {
  const applied = await setup.migrate()
  if (applied.length) {
    logger.info({ migrations: applied }, 'applied %d migration(s)', applied.length)
  }
}

if (seedDemoData) {
  if (await setup.seedDemoDataIfEmpty()) {
    logger.info('seeded the demo data (admin@shop.test, staff@shop.test, customer@shop.test)')
  }
}

/**
 * The staff panel reads the tables' columns when it is made: only now
 * that they exist. Its component bundle is built here too, before the
 * server listens. (With DB_AUTO_MIGRATE=false the database may not even be
 * reachable yet: the panel is then made on its first request.)
 */
if (autoMigrate) {
  await prepareAdmin(app.container)
}
