import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Background jobs in the web process: the outbox dispatcher always, the
 * worker too unless JOBS_IN_PROCESS=false (then `node ace jobs:work`
 * processes run the jobs). The app's termination (SIGTERM, SIGINT: see
 * bin/server.ts) stops taking jobs and lets running ones finish, before
 * the database and Redis close (JobQueue.start registers that). Other
 * environments start the queue themselves (the jobs:work command, tests).
 */
export default class JobsProvider {
  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'web') {
      return
    }
    const { default: jobsConfig } = await import('#config/jobs')
    const { JobQueue } = await import('#services/job_queue')
    await JobQueue.start({ worker: jobsConfig.inProcess })
  }
}
