import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { JobName } from '#jobs/types'
import type { QueueEngine } from '#jobs/engines/types'

export interface OutboxDispatcherOptions {
  pollMs: number
  batchSize: number
  keepFinishedMs: number
  retryPolicy(name: JobName): { attempts: number; backoffMs: number }
}

interface OutboxRow {
  id: number
  job_name: string
  payload: string
  available_at: number
  created_at: number
}

/**
 * Moves committed outbox rows onto the queue: woken after a commit in
 * this process, and polling for the rest (rows written by other
 * processes, rows left by a crash). Each batch is read, handed to the
 * engine and marked dispatched in one transaction; on PostgreSQL the rows
 * are locked with `FOR UPDATE SKIP LOCKED`, so several dispatchers share
 * the work. A row moved twice (a crash between the engine's add and the
 * commit) is queued once: its job id is the row's (id and creation time,
 * so ids restarting after a restore never meet an old job).
 */
export class OutboxDispatcher {
  #timer: NodeJS.Timeout | null = null
  #busy = false
  #again = false
  #running = false
  #lastCleanup = 0
  /**
   * One warning per outage, not one per poll.
   */
  #failing = false

  constructor(
    private engine: QueueEngine,
    private options: OutboxDispatcherOptions
  ) {}

  start() {
    this.#running = true
    this.wake()
  }

  async stop() {
    this.#running = false
    if (this.#timer) {
      clearTimeout(this.#timer)
      this.#timer = null
    }
    while (this.#busy) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  wake() {
    if (!this.#running) {
      return
    }
    if (this.#busy) {
      this.#again = true
      return
    }
    if (this.#timer) {
      clearTimeout(this.#timer)
    }
    this.#timer = setTimeout(() => this.#loop(), 0)
  }

  async #loop() {
    this.#timer = null
    if (!this.#running || this.#busy) {
      return
    }
    this.#busy = true
    this.#again = false
    try {
      let moved: number
      do {
        moved = await this.dispatchBatch()
        if (moved > 0) {
          this.engine.wake()
        }
      } while (this.#running && moved === this.options.batchSize)
      await this.#cleanup()
      if (this.#failing) {
        this.#failing = false
        logger.info('outbox: moving messages onto the queue again')
      }
    } catch (error) {
      if (!this.#failing) {
        this.#failing = true
        logger.warn({ err: error }, 'outbox: could not move messages onto the queue (will retry)')
      }
    } finally {
      this.#busy = false
    }
    if (this.#running) {
      this.#timer = setTimeout(() => this.#loop(), this.#again ? 0 : this.options.pollMs)
    }
  }

  /**
   * Moves one batch; answers how many rows it moved.
   */
  async dispatchBatch(): Promise<number> {
    return db.transaction(async (trx) => {
      const query = trx
        .from('outbox_messages')
        .whereNull('dispatched_at')
        .orderBy('id')
        .limit(this.options.batchSize)
        .select('id', 'job_name', 'payload', 'available_at', 'created_at')
      if (trx.dialect.name === 'postgres') {
        query.forUpdate().skipLocked()
      }
      const rows: OutboxRow[] = await query
      if (!rows.length) {
        return 0
      }
      const now = Date.now()
      await this.engine.add(
        rows.map((row) => {
          const name = row.job_name as JobName
          return {
            id: `o${row.id}-${row.created_at}`,
            name,
            payload: JSON.parse(row.payload),
            delayMs: Math.max(0, Number(row.available_at) - now),
            ...this.options.retryPolicy(name),
          }
        }),
        trx
      )
      await trx
        .from('outbox_messages')
        .whereIn(
          'id',
          rows.map((row) => row.id)
        )
        .update({ dispatched_at: now })
      return rows.length
    })
  }

  /**
   * Dispatched rows are deleted after keepFinishedMs (a deduplication
   * key is free again then).
   */
  async #cleanup() {
    const now = Date.now()
    if (now - this.#lastCleanup < 60_000) {
      return
    }
    this.#lastCleanup = now
    await db
      .from('outbox_messages')
      .whereNotNull('dispatched_at')
      .where('dispatched_at', '<', now - this.options.keepFinishedMs)
      .delete()
  }
}
