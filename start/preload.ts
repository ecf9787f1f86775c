/*
|--------------------------------------------------------------------------
| Preloads, one after the other
|--------------------------------------------------------------------------
|
| The app's start files, imported in a fixed order rather than all at once:
| several of them pull in the same service modules (which use top-level
| await), and importing those concurrently can leave Node waiting forever
| (seen here as a boot that hung about one time in four).
|
*/
import app from '@adonisjs/core/services/app'

await import('#start/kernel')
await import('#start/events')
await import('#start/redis')
await import('#start/transmit')
await import('#start/routes')

if (app.getEnvironment() === 'web') {
  await import('#start/database')
}
