import { Queue, Worker } from 'bullmq'
import logger from '@adonisjs/core/services/logger'
import type { JobName } from '#jobs/types'
import type { JobProcessor, QueuedJob, QueueEngine } from '#jobs/engines/types'

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
  #queue: Queue
  #worker: Worker | null = null

  constructor(private options: BullMqEngineOptions) {
    this.#queue = new Queue(options.queueName, {
      connection: options.connection,
      prefix: options.prefix,
    })
    this.#queue.on('error', (error) => logger.warn({ err: error }, 'job queue: Redis error'))
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
    this.#worker.on('error', (error) => logger.warn({ err: error }, 'job worker: Redis error'))
    this.#worker.on('failed', (job, error) => {
      logger.warn(
        { err: error, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade },
        'a job attempt failed'
      )
    })
  }

  wake() {}

  async closeWorker() {
    await this.#worker?.close()
    this.#worker = null
  }

  async close() {
    await this.closeWorker()
    await this.#queue.close()
  }
}
