import { createRequire } from 'node:module'
import type { Queue as BullQueue, Worker as BullWorker } from 'bullmq'
import logger from '@adonisjs/core/services/logger'
import type { JobName } from '#jobs/types'
import type { JobProcessor, QueuedJob, QueueEngine } from '#jobs/engines/types'

/**
 * BullMQ is CommonJS: required, not imported, so that Node does not scan
 * its ~170 files for their export names (cjs-module-lexer follows every
 * re-export of its index) when the engine starts at boot.
 */
const { Queue, Worker } = createRequire(import.meta.url)('bullmq') as typeof import('bullmq')

export interface BullMqEngineOptions {
  connection: Record<string, unknown>
  prefix: string
  queueName: string
  concurrency: number
  lockMs: number
  keepFinishedMs: number
}

/**
 * BullMQ on Redis (PostgreSQL + Redis setups). One queue for every job
 * name; BullMQ retries with exponential backoff up to the job's attempts,
 * keeps failed jobs (removeOnFail: false) and hands a job whose worker
 * died (its lock expired) to another worker.
 */
export class BullMqEngine implements QueueEngine {
  #queue: BullQueue
  #worker: BullWorker | null = null

  constructor(private options: BullMqEngineOptions) {
    this.#queue = new Queue(options.queueName, {
      connection: options.connection,
      prefix: options.prefix,
    })
    this.#queue.on('error', (error) => warnAtMostEveryMinute('job queue: Redis error', error))
  }

  async add(jobs: QueuedJob[]): Promise<void> {
    await this.#queue.addBulk(
      jobs.map((job) => ({
        name: job.name,
        data: job.payload,
        opts: {
          jobId: job.id,
          attempts: job.attempts,
          backoff: { type: 'exponential', delay: job.backoffMs },
          delay: job.delayMs,
          removeOnComplete: { age: Math.round(this.options.keepFinishedMs / 1000) },
          removeOnFail: false,
        },
      }))
    )
  }

  work(processor: JobProcessor) {
    if (this.#worker) {
      return
    }
    this.#worker = new Worker(
      this.options.queueName,
      (job) =>
        processor({
          id: job.id ?? '',
          name: job.name as JobName,
          payload: job.data,
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? 1,
        }),
      {
        connection: this.options.connection,
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockMs,
        stalledInterval: this.options.lockMs,
        maxStalledCount: 10,
      }
    )
    this.#worker.on('error', (error) => warnAtMostEveryMinute('job worker: Redis error', error))
    this.#worker.on('failed', (job, error) => {
      logger.warn(
        { err: error, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade },
        'a job attempt failed'
      )
    })
  }

  wake() {}

  /**
   * Lets the running jobs finish; when Redis is unreachable BullMQ's
   * close would wait for a connection forever, so after CLOSE_WAIT_MS the
   * connections are dropped (a job cut short is taken again by another
   * worker once its lock expires).
   */
  async closeWorker() {
    const worker = this.#worker
    this.#worker = null
    if (worker) {
      await closeWithin(
        () => worker.close(),
        () => worker.disconnect()
      )
    }
  }

  async close() {
    await this.closeWorker()
    await closeWithin(
      () => this.#queue.close(),
      () => this.#queue.disconnect()
    )
  }
}

const CLOSE_WAIT_MS = 5_000

/**
 * BullMQ reports every failed reconnection: while Redis is away, one
 * warning a minute per kind (with the count of those not logged).
 */
const lastWarned = new Map<string, { at: number; skipped: number }>()
function warnAtMostEveryMinute(message: string, error: Error) {
  const now = Date.now()
  const last = lastWarned.get(message)
  if (last && now - last.at < 60_000) {
    last.skipped++
    return
  }
  logger.warn({ err: error, skipped: last?.skipped ?? 0 }, message)
  lastWarned.set(message, { at: now, skipped: 0 })
}

async function closeWithin(close: () => Promise<void>, drop: () => Promise<void>) {
  let timer: NodeJS.Timeout | undefined
  const closed = await Promise.race([
    close().then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CLOSE_WAIT_MS)
    }),
  ])
  clearTimeout(timer)
  if (!closed) {
    logger.warn('job queue: Redis did not answer while closing: connections dropped')
    await Promise.race([
      drop().catch(() => {}),
      new Promise((resolve) => setTimeout(resolve, 1_000).unref()),
    ])
  }
}
