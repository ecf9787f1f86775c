import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { runsOnPostgres, runsWithRedis } from '#tests/support/modes'
import { startJobWorker, type WorkerProcess } from '#tests/support/job_workers'
import { WebhookReceiver, waitUntil } from '#tests/support/webhook_receiver'
import webhooksConfig from '#config/webhooks'

async function succeeded() {
  const [row] = await db.from('webhook_deliveries').where('status', 'succeeded').count('* as n')
  return Number(row.n)
}

/**
 * Each event id answered 200 how many times.
 */
function okPerEvent(receiver: WebhookReceiver) {
  const counts = new Map<string, number>()
  for (const request of receiver.received) {
    if (request.answered === 200) {
      counts.set(request.id, (counts.get(request.id) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * (The waits are long because these machines' two cores are shared by
 * several test runs; on an idle machine each test takes well under a
 * minute.)
 *
 * Separate `node ace jobs:work` processes on PostgreSQL + Redis (BullMQ),
 * the production setup: the test process only writes the outbox (its own
 * queue is not started), the workers dispatch and deliver.
 */
if (runsOnPostgres && runsWithRedis) {
  test.group('Jobs: worker processes (PostgreSQL + Redis)', (group) => {
    let receiver: WebhookReceiver
    const workers: WorkerProcess[] = []
    const allowPrivate = webhooksConfig.allowPrivate

    group.setup(async () => {
      receiver = await WebhookReceiver.start()
      webhooksConfig.allowPrivate = true
      return async () => {
        webhooksConfig.allowPrivate = allowPrivate
        await receiver.close()
      }
    })
    group.each.setup(async () => {
      await truncateAll()
      receiver.received.length = 0
      return async () => {
        for (const worker of workers.splice(0)) {
          await worker.kill('SIGTERM')
        }
      }
    })

    async function setUp(client: any, orders: number) {
      const admin = await UserFactory.apply('admin').create()
      const created = await client
        .post('/api/v1/admin/webhooks')
        .loginAs(admin)
        .json({ url: receiver.url, events: ['order.placed'] })
      created.assertStatus(201)
      const product = await ProductFactory.merge({ stock: orders * 2 }).create()
      const customers = await UserFactory.createMany(10)
      const numbers: string[] = []
      for (let start = 0; start < orders; start += 10) {
        const batch = Array.from(
          { length: Math.min(10, orders - start) },
          (_, index) => customers[index]
        )
        numbers.push(
          ...(await Promise.all(
            batch.map((customer) => placeOrder(client, customer, [[product, 1]]))
          ))
        )
      }
      return { secret: created.body().data.secret as string, numbers }
    }

    test('a worker killed (SIGKILL) mid-deliveries: after a restart every pending delivery arrives, none twice to a receiver that answered 200', async ({
      client,
      assert,
    }) => {
      const { secret, numbers } = await setUp(client, 30)
      receiver.holdFrom = 10

      const first = await startJobWorker()
      workers.push(first)
      await waitUntil(
        async () => (await succeeded()) === 10 && receiver.heldCount > 0,
        'ten deliveries answered and recorded, more in flight',
        150_000
      )
      await first.kill('SIGKILL')
      await waitUntil(
        () => receiver.heldAbandoned === receiver.heldCount,
        'the killed worker’s connections are gone'
      )
      const inFlight = receiver.heldCount
      receiver.release()

      workers.push(await startJobWorker())
      await waitUntil(async () => (await succeeded()) === 30, 'all 30 delivered', 200_000)

      const ok = okPerEvent(receiver)
      assert.equal(ok.size, 30)
      assert.deepEqual([...new Set(ok.values())], [1])
      assert.isAbove(inFlight, 0)
      assert.isTrue(receiver.received.every((request) => WebhookReceiver.verifies(request, secret)))
      const delivered = receiver.received
        .filter((request) => request.answered === 200)
        .map((request) => JSON.parse(request.body).data.order.number)
        .sort()
      assert.deepEqual(delivered, [...numbers].sort())
    }).timeout(420_000)

    test('two worker processes: 200 orders, 200 deliveries, none twice', async ({
      client,
      assert,
    }) => {
      workers.push(await startJobWorker(), await startJobWorker())
      const { numbers } = await setUp(client, 200)
      await waitUntil(async () => (await succeeded()) === 200, 'all 200 delivered', 300_000)

      assert.lengthOf(receiver.received, 200)
      const ok = okPerEvent(receiver)
      assert.equal(ok.size, 200)
      assert.deepEqual([...new Set(ok.values())], [1])
      const delivered = receiver.received.map(
        (request) => JSON.parse(request.body).data.order.number
      )
      assert.deepEqual(delivered.sort(), [...numbers].sort())
      const [attempts] = await db.from('webhook_delivery_attempts').count('* as n')
      assert.equal(Number(attempts.n), 200)
    }).timeout(480_000)
  })
}
