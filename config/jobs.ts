import env from '#start/env'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'
import { redisServerOptions } from '#config/redis'

/**
 * Background jobs (issue 18). The engine follows the runtime: BullMQ when
 * Redis is configured (production: PostgreSQL + Redis), otherwise the
 * database engine (a table polled by in-process workers, the embedded
 * default). JOBS_ENGINE overrides the choice.
 */
const engine: 'bullmq' | 'database' =
  env.get('JOBS_ENGINE') ?? (redisEnabled ? 'bullmq' : 'database')

const jobsConfig = {
  engine,
  /**
   * Workers run inside the web process (true, the default) or only as
   * `node ace jobs:work` processes (false).
   */
  inProcess: env.get('JOBS_IN_PROCESS') ?? true,
  /**
   * Jobs one worker process runs at the same time.
   */
  concurrency: env.get('JOBS_CONCURRENCY') ?? 5,
  /**
   * How often the outbox dispatcher and the database engine's worker look
   * for work without being woken (a commit in the same process wakes
   * them at once), in milliseconds.
   */
  pollMs: env.get('JOBS_POLL_MS') ?? 1_000,
  /**
   * A job taken by a worker that died is taken again after this long
   * (BullMQ's lock duration and stalled-job check; the database engine's
   * lease), in milliseconds.
   */
  lockMs: env.get('JOBS_LOCK_MS') ?? 30_000,
  /**
   * Retries: attempts in all (the first included) and the first backoff
   * (doubled after each failure), per job name, with a default.
   */
  retries: {
    default: { attempts: 5, backoffMs: 10_000 },
    /**
     * Webhooks: 15 attempts, 5 s doubling: the 14 waits add up to
     * 5 s x (2^14 - 1), about 23 hours ("about a day"); then the delivery
     * is failed and its endpoint marked failing.
     */
    byJob: {
      'webhook.deliver': {
        attempts: env.get('WEBHOOK_MAX_ATTEMPTS') ?? 15,
        backoffMs: env.get('WEBHOOK_BACKOFF_MS') ?? 5_000,
      },
    } as Record<string, { attempts: number; backoffMs: number }>,
  },
  /**
   * Dispatched outbox rows and finished database-engine jobs are deleted
   * after this long (milliseconds); failed jobs stay.
   */
  keepFinishedMs: 7 * 24 * 3600 * 1000,
  bullmq: {
    connection: { ...redisServerOptions, maxRetriesPerRequest: null },
    prefix: `${redisKeyPrefix}bull`,
    queueName: 'jobs',
  },
}

export default jobsConfig
