import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace jobs:work`: a worker process. It moves committed outbox
 * messages onto the queue and runs jobs until SIGTERM or SIGINT, then
 * stops taking jobs and lets the running ones finish. Several can run at
 * once (on one machine or many): each job is run by one worker at a time,
 * and a job whose worker died is taken again once its lock expires
 * (JOBS_LOCK_MS). Run the web processes with JOBS_IN_PROCESS=false to
 * leave the jobs to these workers.
 */
export default class JobsWork extends BaseCommand {
  static commandName = 'jobs:work'
  static description = 'Run background jobs (webhooks, e-mail) until stopped'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Jobs run at the same time (default: JOBS_CONCURRENCY or 5)' })
  declare concurrency?: number

  async run() {
    const { default: jobsConfig } = await import('#config/jobs')
    const { JobQueue } = await import('#services/job_queue')
    if (this.concurrency !== undefined) {
      if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
        this.logger.error('--concurrency must be a positive integer')
        this.exitCode = 1
        await this.terminate()
        return
      }
      jobsConfig.concurrency = this.concurrency
    }
    // Every handler's imports before the first job (see JobQueue.prepare).
    await JobQueue.prepare()
    await JobQueue.start({ worker: true })
    this.logger.info(
      `jobs:work: running jobs on the ${jobsConfig.engine} engine, ${jobsConfig.concurrency} at a time (pid ${process.pid})`
    )
    const stop = async () => {
      await this.terminate()
    }
    process.once('SIGINT', stop)
  }
}
