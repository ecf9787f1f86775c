import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { JobName } from '#jobs/types'
import type { JobProcessor, QueuedJob, QueueEngine } from '#jobs/engines/types'

export interface DatabaseEngineOptions {
  concurrency: number
  pollMs: number
  lockMs: number
  keepFinishedMs: number
}

interface JobRow {
  id: number
  job_id: string
  name: string
  payload: string
  status: string
  attempts_made: number
  max_attempts: number
  backoff_ms: number
}

/**
 * The embedded default's queue: the `queued_jobs` table, polled by
 * workers in this process (and in `node ace jobs:work` processes sharing
 * the database). A worker takes a job with a guarded update (only one
 * worker's update matches) and a lease of `lockMs`; a job whose worker
 * died is taken again once the lease ran out. A failed attempt waits
 * `backoff_ms x 2^(attempt - 1)`; after the last one the job stays
 * `failed` with its error.
 */
export class DatabaseEngine implements QueueEngine {
  readonly #workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  #processor: JobProcessor | null = null
  #running = new Set<Promise<void>>()
  #timer: NodeJS.Timeout | null = null
  #polling = false
  #again = false
  #lastCleanup = 0
  /**
   * One warning per outage, not one per poll.
   */
  #failing = false

  constructor(private options: DatabaseEngineOptions) {}

  async add(jobs: QueuedJob[], trx: TransactionClientContract): Promise<void> {
    const now = Date.now()
    for (const job of jobs) {
      await trx
        .knexQuery()
        .table('queued_jobs')
        .insert({
          job_id: job.id,
          name: job.name,
          payload: JSON.stringify(job.payload),
          status: 'waiting',
          attempts_made: 0,
          max_attempts: job.attempts,
          backoff_ms: job.backoffMs,
          run_at: now + job.delayMs,
          created_at: now,
        })
        .onConflict('job_id')
        .ignore()
    }
  }

  work(processor: JobProcessor) {
    if (this.#processor) {
      return
    }
    this.#processor = processor
    this.#schedule(0)
  }

  wake() {
    if (this.#processor) {
      this.#schedule(0)
    }
  }

  async closeWorker() {
    this.#processor = null
    if (this.#timer) {
      clearTimeout(this.#timer)
      this.#timer = null
    }
    await Promise.allSettled([...this.#running])
  }

  async close() {
    await this.closeWorker()
  }

  #schedule(delayMs: number) {
    if (!this.#processor) {
      return
    }
    if (this.#polling) {
      this.#again = true
      return
    }
    if (this.#timer) {
      clearTimeout(this.#timer)
    }
    this.#timer = setTimeout(() => this.#poll(), delayMs)
  }

  async #poll() {
    this.#timer = null
    if (!this.#processor || this.#polling) {
      return
    }
    this.#polling = true
    this.#again = false
    try {
      const free = this.options.concurrency - this.#running.size
      if (free > 0) {
        for (const row of await this.#take(free)) {
          const run = this.#runRecorded(row).finally(() => {
            this.#running.delete(run)
            this.#schedule(0)
          })
          this.#running.add(run)
        }
      }
      await this.#cleanup()
      if (this.#failing) {
        this.#failing = false
        logger.info('job worker: reading the queue again')
      }
    } catch (error) {
      if (!this.#failing) {
        this.#failing = true
        logger.warn({ err: error }, 'job worker: could not read the queue (will retry)')
      }
    } finally {
      this.#polling = false
    }
    this.#schedule(this.#again ? 0 : this.options.pollMs)
  }

  /**
   * Takes up to `limit` jobs that are due (or whose lease ran out).
   */
  async #take(limit: number): Promise<JobRow[]> {
    const now = Date.now()
    const candidates: JobRow[] = await db
      .from('queued_jobs')
      .where((query) => {
        query
          .where((due) => due.where('status', 'waiting').where('run_at', '<=', now))
          .orWhere((stalled) => stalled.where('status', 'active').where('locked_until', '<', now))
      })
      .orderBy('run_at')
      .orderBy('id')
      .limit(limit)
    const taken: JobRow[] = []
    for (const row of candidates) {
      const updated = await db
        .from('queued_jobs')
        .where('id', row.id)
        .where('status', row.status)
        .where('attempts_made', row.attempts_made)
        .update({
          status: 'active',
          locked_by: this.#workerId,
          locked_until: now + this.options.lockMs,
          attempts_made: row.attempts_made + 1,
        })
      if (Number(Array.isArray(updated) ? updated[0] : updated) === 1) {
        taken.push({ ...row, attempts_made: row.attempts_made + 1 })
      }
    }
    return taken
  }

  /**
   * Runs a job and records its outcome; never rejects. When the outcome
   * cannot be written (the database went away), the job's lease runs out
   * and it is taken again: handlers are safe to run twice.
   */
  async #runRecorded(row: JobRow) {
    try {
      await this.#run(row)
    } catch (error) {
      logger.warn(
        { err: error, job: row.name, jobId: row.job_id },
        'job worker: could not record a job outcome (it runs again when its lease ends)'
      )
    }
  }

  async #run(row: JobRow) {
    const processor = this.#processor
    if (!processor) {
      return
    }
    const mine = () => db.from('queued_jobs').where('id', row.id).where('locked_by', this.#workerId)
    try {
      await processor({
        id: row.job_id,
        name: row.name as JobName,
        payload: JSON.parse(row.payload),
        attempt: row.attempts_made,
        maxAttempts: row.max_attempts,
      })
      await mine().update({
        status: 'completed',
        locked_by: null,
        locked_until: null,
        finished_at: Date.now(),
      })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const last = row.attempts_made >= row.max_attempts
      logger.warn(
        { err: error, job: row.name, jobId: row.job_id, attempt: row.attempts_made },
        last ? 'a job failed its last attempt' : 'a job attempt failed'
      )
      await mine().update({
        status: last ? 'failed' : 'waiting',
        locked_by: null,
        locked_until: null,
        last_error: message.slice(0, 2000),
        run_at: Date.now() + row.backoff_ms * 2 ** (row.attempts_made - 1),
        finished_at: last ? Date.now() : null,
      })
    }
  }

  /**
   * Completed jobs are deleted after keepFinishedMs (failed ones stay).
   */
  async #cleanup() {
    const now = Date.now()
    if (now - this.#lastCleanup < 60_000) {
      return
    }
    this.#lastCleanup = now
    await db
      .from('queued_jobs')
      .where('status', 'completed')
      .where('finished_at', '<', now - this.options.keepFinishedMs)
      .delete()
  }
}
