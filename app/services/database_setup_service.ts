import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { ApplicationService } from '@adonisjs/core/types'
import { DemoDataService } from '#services/demo_data_service'

/**
 * The advisory lock key instances wait on to migrate one at a time.
 */
const MIGRATIONS_LOCK = 72_416_001

/**
 * Brings the database up to date at boot: migrations, then demo data.
 */
export class DatabaseSetupService {
  constructor(protected app: ApplicationService) {}

  /**
   * Runs pending migrations and returns their names. On PostgreSQL,
   * instances booting together take turns on an advisory lock, held by a
   * connection of its own with a single session (so the same session takes
   * and releases it).
   */
  async migrate(): Promise<string[]> {
    this.ensureSqliteDirectory()
    const primary = db.primaryConnectionName
    const config = db.getRawConnection(primary)!.config
    const isPostgres = config.client === 'pg'
    const connectionName = isPostgres ? `${primary}_migrations` : primary
    if (isPostgres && !db.manager.has(connectionName)) {
      db.manager.add(connectionName, { ...config, pool: { min: 0, max: 1 } })
    }
    try {
      if (isPostgres) {
        /**
         * Lucid's own lock is a try-lock (a second instance would fail to
         * boot): wait for ours first, so instances take turns.
         */
        await db
          .connection(connectionName)
          .rawQuery('SELECT pg_advisory_lock(?)', [MIGRATIONS_LOCK])
      }
      const migrator = new MigrationRunner(db, this.app, { direction: 'up', connectionName })
      await migrator.run()
      if (migrator.error) {
        throw migrator.error
      }
      return Object.values(migrator.migratedFiles)
        .filter((file) => file.status === 'completed')
        .map((file) => file.file.name)
    } finally {
      if (isPostgres) {
        /**
         * Closing the single session releases the lock.
         */
        await db.manager.close(connectionName, true)
      }
    }
  }

  async seedDemoDataIfEmpty(): Promise<boolean> {
    return new DemoDataService().seedIfEmpty()
  }

  /**
   * better-sqlite3 creates the file but not its folder.
   */
  protected ensureSqliteDirectory() {
    const config = db.getRawConnection(db.primaryConnectionName)?.config
    const connection = config?.connection as { filename?: string } | undefined
    if (config?.client === 'better-sqlite3' && connection?.filename) {
      mkdirSync(dirname(connection.filename), { recursive: true })
    }
  }
}
