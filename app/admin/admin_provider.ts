import AdminJSProvider from '@adminjs/adonis/adminjs_provider'

/**
 * @adminjs/adonis's provider registers AdminJS and the Lucid adapter; this
 * one replaces its `start`, which would make AdminJS before the database is
 * migrated (the adapter reads the tables' columns then) and build routes
 * with the session middleware in the wrong place. Here the routes are ours
 * (start/routes/admin.ts) and AdminJS is made after the migrations
 * (`prepareAdmin` in app/admin/prepare.ts, from start/database.ts), with its component bundle built
 * once, never with AdminJS's watcher (which keeps the process from stopping
 * on SIGTERM).
 */
export default class AdminProvider extends AdminJSProvider {
  async start() {}
}
