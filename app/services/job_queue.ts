import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { EnqueueOptions, JobContext, JobHandler, JobName, JobsList } from '#jobs/types'
import type { JobHandlers } from '#jobs/registry'
import type { QueueEngine } from '#jobs/engines/types'
import jobsConfig from '#config/jobs'
import { OutboxDispatcher } from '#services/outbox_dispatcher'

/**
 * Wakes the outbox dispatcher, when it runs in this process.
 */
type Waker = () => void

let handlers: Partial<JobHandlers> = {}
let waker: Waker | null = null
let engine: QueueEngine | null = null
let dispatcher: OutboxDispatcher | null = null
let working = false
let stopHookRegistered = false

async function makeEngine(): Promise<QueueEngine> {
  if (jobsConfig.engine === 'bullmq') {
    const { BullMqEngine } = await import('#jobs/engines/bullmq_engine')
    return new BullMqEngine({
      ...jobsConfig.bullmq,
      concurrency: jobsConfig.concurrency,
      lockMs: jobsConfig.lockMs,
      keepFinishedMs: jobsConfig.keepFinishedMs,
    })
  }
  const { DatabaseEngine } = await import('#jobs/engines/database_engine')
  return new DatabaseEngine({
    concurrency: jobsConfig.concurrency,
    pollMs: jobsConfig.pollMs,
    lockMs: jobsConfig.lockMs,
    keepFinishedMs: jobsConfig.keepFinishedMs,
  })
}

function retryPolicy(name: JobName) {
  return jobsConfig.retries.byJob[name] ?? jobsConfig.retries.default
}

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
      JobQueue.wakeAfterCommit(options.trx)
    } else {
      waker?.()
    }
  }

  /**
   * `enqueue` as SQL for a statement of the caller's (PostgreSQL, e.g. a
   * data-modifying CTE): the outbox row of job `name` whose payload (JSON
   * text) and key are SQL expressions of that statement (built from an id
   * it inserts), with its bindings. The caller wakes the dispatcher once
   * its transaction commits (`wakeAfterCommit`).
   */
  static enqueueSql(name: JobName, payloadSql: string, keySql: string) {
    const now = Date.now()
    return {
      sql: `insert into outbox_messages (job_name, payload, dedupe_key, available_at, created_at)
        select ?::varchar, ${payloadSql}, ${keySql}, ?::bigint, ?::bigint
        on conflict (dedupe_key) do nothing`,
      bindings: [name, now, now] as Array<string | number>,
    }
  }

  /**
   * Wakes the outbox dispatcher once `trx` commits (after `enqueueSql`).
   */
  static wakeAfterCommit(trx: TransactionClientContract) {
    trx.after('commit', () => waker?.())
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
   * Imports every handler and lets each load what it imports on first
   * use (`JobHandler.prepare`). `node ace jobs:work` runs it before it
   * takes a job: a module loaded through the TypeScript loader blocks the
   * event loop while it loads, and a worker whose first job did that
   * could miss the renewals of that job's lock (JOBS_LOCK_MS), letting a
   * second worker run the job again. The web process does not: it keeps
   * its boot light, and its in-process worker takes jobs after boot.
   */
  static async prepare() {
    for (const loader of Object.values(handlers)) {
      const { default: Handler } = await loader()
      const handler: JobHandler<unknown> = await app.container.make(Handler)
      await handler.prepare?.()
    }
  }

  /**
   * Starts moving committed outbox messages onto the queue in this
   * process, and with `worker: true` also runs jobs here (the web process
   * when JOBS_IN_PROCESS is on, `node ace jobs:work`, tests).
   */
  static async start(options: { worker: boolean }) {
    if (!engine) {
      engine = await makeEngine()
      /**
       * Before the providers shut down (the database pool, Redis): stop
       * taking jobs, let the running ones finish.
       */
      if (!stopHookRegistered) {
        stopHookRegistered = true
        app.terminating(() => JobQueue.stop())
      }
    }
    if (!dispatcher) {
      dispatcher = new OutboxDispatcher(engine, {
        pollMs: jobsConfig.pollMs,
        batchSize: 100,
        keepFinishedMs: jobsConfig.keepFinishedMs,
        retryPolicy,
      })
      waker = () => dispatcher?.wake()
      dispatcher.start()
    }
    if (options.worker && !working) {
      working = true
      engine.work((job) =>
        JobQueue.run(job.name, job.payload as never, {
          attempt: job.attempt,
          maxAttempts: job.maxAttempts,
        })
      )
    }
  }

  /**
   * Stops the dispatcher and the worker; running jobs finish first (runs
   * when the app terminates: SIGTERM, SIGINT, the end of a test run).
   */
  static async stop() {
    waker = null
    await dispatcher?.stop()
    dispatcher = null
    working = false
    const stopping = engine
    engine = null
    await stopping?.close()
  }

  /**
   * Which engine runs the jobs: 'bullmq' or 'database'.
   */
  static get engineName() {
    return jobsConfig.engine
  }
}
