/*
|--------------------------------------------------------------------------
| Jobs and their handlers
|--------------------------------------------------------------------------
|
| Every job name of JobsList (app/jobs/types.ts) maps to its handler class
| in app/jobs/<name>_job.ts, imported on first use. The type requires an
| entry for every declared job. Jobs are enqueued with JobQueue.enqueue
| (app/services/job_queue.ts), in the transaction of the change that
| causes them.
|
*/
import { JobQueue } from '#services/job_queue'

JobQueue.define({
  'webhook.deliver': () => import('#jobs/deliver_webhook_job'),
  'mail.send': () => import('#jobs/send_mail_job'),
  'payment.expire': () => import('#jobs/expire_payment_job'),
  'payment.refund': () => import('#jobs/refund_payment_job'),
  'payment.void': () => import('#jobs/void_payment_job'),
  'payment.capture': () => import('#jobs/capture_payment_job'),
})
