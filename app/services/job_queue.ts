import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { EnqueueOptions, JobContext, JobName, JobsList } from '#jobs/types'
import type { JobHandlers } from '#jobs/registry'

/**
 * Wakes whoever moves committed outbox rows onto the queue (the outbox
 * dispatcher, when it runs in this process).
 */
type Waker = () => void

let handlers: Partial<JobHandlers> = {}
let waker: Waker | null = null

/**
 * Background jobs (issue 18). `enqueue` writes an outbox row, in the
 * caller's transaction when given one: a rolled-back change sends
 * nothing, a crash after commit loses nothing. The outbox dispatcher
 * moves committed rows onto the queue (BullMQ on Redis, a database table
 * on the embedded default), where workers run the handlers that
 * start/jobs.ts registers.
 */
export class JobQueue {
  /**
   * Registers the handler of every job (start/jobs.ts).
   */
  static define(loaders: JobHandlers) {
    handlers = { ...handlers, ...loaders }
  }

  /**
   * Queues job `name` with `payload` (plain JSON data). With `trx`, the
   * message is written in that transaction and leaves once it commits.
   * With `key`, a message with the same key is kept once (one job per
   * key). With `delayMs`, the job runs no earlier than that.
   */
  static async enqueue<K extends keyof JobsList>(
    name: K,
    payload: JobsList[K],
    options: EnqueueOptions<TransactionClientContract> = {}
  ): Promise<void> {
    const client = options.trx ?? db.connection()
    const now = Date.now()
    await client
      .knexQuery()
      .table('outbox_messages')
      .insert({
        job_name: name,
        payload: JSON.stringify(payload),
        dedupe_key: options.key ?? null,
        available_at: now + Math.max(0, options.delayMs ?? 0),
        created_at: now,
      })
      .onConflict('dedupe_key')
      .ignore()
    if (options.trx) {
      options.trx.after('commit', () => waker?.())
    } else {
      waker?.()
    }
  }

  /**
   * Runs one job's handler (what a worker does with a job it took).
   */
  static async run<K extends JobName>(name: K, payload: JobsList[K], context: JobContext) {
    const loader = handlers[name]
    if (!loader) {
      throw new Error(`No handler is registered for job "${name}" (start/jobs.ts)`)
    }
    const { default: Handler } = await loader()
    const handler = await app.container.make(Handler)
    await handler.handle(payload, context)
  }

  /**
   * Called by the outbox dispatcher running in this process.
   */
  static onEnqueued(callback: Waker | null) {
    waker = callback
  }
}
