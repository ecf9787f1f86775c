import type { JobHandler, JobName, JobsList } from '#jobs/types'

/**
 * A handler class, imported on first use: `() => import('#jobs/x_job')`.
 */
export type JobHandlerLoader<Name extends JobName> = () => Promise<{
  default: new (...args: any[]) => JobHandler<JobsList[Name]>
}>

/**
 * One loader for every job name (start/jobs.ts).
 */
export type JobHandlers = { [Name in JobName]: JobHandlerLoader<Name> }
