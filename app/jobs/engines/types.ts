import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { JobName } from '#jobs/types'

/**
 * A job the outbox dispatcher hands to an engine.
 */
export interface QueuedJob {
  /**
   * Stable per outbox message (`o<id>`): adding it twice queues it once.
   */
  id: string
  name: JobName
  payload: unknown
  delayMs: number
  attempts: number
  backoffMs: number
}

/**
 * What a worker does with a job it took: throws to fail the attempt.
 */
export type JobProcessor = (job: {
  id: string
  name: JobName
  payload: unknown
  attempt: number
  maxAttempts: number
}) => Promise<void>

/**
 * The one interface of both engines (BullMQ on Redis, a table on the
 * embedded default): retries with exponential backoff (backoffMs, then
 * doubled) up to `attempts`, failed jobs kept, each job run by one worker
 * at a time, a dead worker's jobs taken again after the lock time.
 */
export interface QueueEngine {
  /**
   * Called in the dispatcher's transaction (the database engine writes
   * in it; BullMQ adds before the commit, deduplicated by job id).
   */
  add(jobs: QueuedJob[], trx: TransactionClientContract): Promise<void>
  /**
   * Starts taking jobs in this process.
   */
  work(processor: JobProcessor): void
  /**
   * New jobs were added by this process.
   */
  wake(): void
  /**
   * Stops taking jobs and waits for the running ones to finish.
   */
  closeWorker(): Promise<void>
  close(): Promise<void>
}
