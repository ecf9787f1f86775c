import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { ApplicationService } from '@adonisjs/core/types'
import { DemoDataService } from '#services/demo_data_service'

/**
 * Brings the database up to date at boot: migrations, then demo data.
 */
export class DatabaseSetupService {
  constructor(protected app: ApplicationService) {}

  /**
   * Runs pending migrations and returns their names. PostgreSQL takes an
   * advisory lock, so instances booting together do not race: on a
   * connection of its own with a single session, so the lock is released
   * by the session that took it (with a pool, the release could land on
   * another session, fail, and leave the next instance waiting forever).
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
