import { test } from '@japa/runner'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { runsOnPostgres, runsWithRedis } from '#tests/support/modes'
import { startJobWorker, type WorkerProcess } from '#tests/support/job_workers'
import { SmtpReceiver } from '#tests/support/smtp_receiver'

/**
 * E-mails sent by separate `node ace jobs:work` processes on PostgreSQL +
 * Redis (BullMQ), the production setup: the test process only writes the
 * outbox, the workers dispatch and send to the SMTP server the test runs.
 */
if (runsOnPostgres && runsWithRedis) {
  test.group('E-mails: worker processes (PostgreSQL + Redis)', (group) => {
    let smtp: SmtpReceiver
    const workers: WorkerProcess[] = []

    group.setup(async () => {
      smtp = await SmtpReceiver.start()
      return () => smtp.stop()
    })
    group.each.setup(async () => {
      await truncateAll()
      smtp.messages.length = 0
      return async () => {
        for (const worker of workers.splice(0)) {
          await worker.kill('SIGTERM')
        }
      }
    })

    test('two worker processes: 200 orders, 200 confirmations, none twice', async ({
      client,
      assert,
    }) => {
      // The production lock (30 s), not the tests' 2 s: a worker that loads
      // the mail library with its first job (it is imported on first use)
      // on a busy machine can miss a 1 s lock renewal, and a job whose lock
      // lapsed is run again by the other worker (a second e-mail). What is
      // tested here is two workers sharing the queue, not a takeover.
      const production = { JOBS_LOCK_MS: '30000' }
      workers.push(await startJobWorker(production), await startJobWorker(production))
      const product = await ProductFactory.merge({ stock: 400 }).create()
      const customers = await UserFactory.createMany(10)
      const numbers: string[] = []
      for (let start = 0; start < 200; start += 10) {
        numbers.push(
          ...(await Promise.all(
            customers.map((customer) => placeOrder(client, customer, [[product, 1]]))
          ))
        )
      }

      await smtp.waitFor(200, 120_000)
      const confirmed = smtp.messages.map(
        (mail) => /^Order (\S+) confirmed$/.exec(mail.subject ?? '')?.[1]
      )
      assert.lengthOf(smtp.messages, 200)
      assert.lengthOf(new Set(confirmed), 200)
      assert.deepEqual([...confirmed].sort(), [...numbers].sort())
    }).timeout(240_000)
  })
}
