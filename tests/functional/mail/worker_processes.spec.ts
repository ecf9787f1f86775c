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
      workers.push(await startJobWorker(), await startJobWorker())
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
