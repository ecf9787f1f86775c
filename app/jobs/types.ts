/**
 * The jobs the app knows, by name, with their payload (plain JSON data).
 * A declaration-merging interface: a feature adds its jobs from its own
 * file, e.g.
 *
 *   declare module '#jobs/types' {
 *     interface JobsList {
 *       'mail.send': MailJob
 *     }
 *   }
 *
 * and registers the handler class in start/jobs.ts.
 */
export interface JobsList {
  /**
   * One webhook delivery (one event to one endpoint): its row id in
   * webhook_deliveries.
   */
  'webhook.deliver': { deliveryId: number }
}

export type JobName = keyof JobsList

/**
 * What a handler is told besides its payload: the attempt being made
 * (1 for the first) and how many the queue makes at most.
 */
export interface JobContext {
  attempt: number
  maxAttempts: number
}

/**
 * A job handler: `app/jobs/<name>_job.ts` exports a class with a
 * `handle` method (made by the container, so it may `@inject()`). Throwing
 * fails the attempt: the queue retries it with exponential backoff up to
 * the job's attempt cap, then keeps it as failed.
 */
export interface JobHandler<Payload> {
  handle(payload: Payload, context: JobContext): Promise<void>
  /**
   * Loads what `handle` needs that the app imports on first use (a mail
   * transport, an SDK), so a worker process pays for it before it takes
   * a job, not while it holds a job's lock (`JobQueue.prepare`).
   */
  prepare?(): Promise<void>
}

export interface EnqueueOptions<Trx> {
  /**
   * The transaction of the change that causes the job: the outbox row is
   * written in it, so a rollback sends nothing.
   */
  trx?: Trx
  /**
   * Deduplication key: one job per key, however often it is enqueued.
   */
  key?: string
  /**
   * Run no earlier than this many milliseconds from now.
   */
  delayMs?: number
}
