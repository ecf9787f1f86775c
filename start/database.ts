/*
|--------------------------------------------------------------------------
| Database bootstrap (HTTP server only)
|--------------------------------------------------------------------------
|
| Before the server listens: run pending migrations (unless
| DB_AUTO_MIGRATE=false) and, on the embedded default or with
| DEMO_DATA=true, seed the demo data into an empty database. The staff
| panel is made on its first request (app/admin/prepare.ts), not here.
|
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { autoMigrate, demoDataInProduction, seedDemoData } from '#start/runtime'
import { DatabaseSetupService } from '#services/database_setup_service'

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
