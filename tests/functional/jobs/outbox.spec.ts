import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { truncateAll } from '#tests/support/database'
import { JobQueue } from '#services/job_queue'

async function outboxRows() {
  return db.from('outbox_messages').orderBy('id').select('job_name', 'payload', 'dedupe_key')
}

test.group('Jobs: the outbox', (group) => {
  group.each.setup(() => truncateAll())

  test('a job enqueued in a transaction that rolls back leaves nothing; one that commits leaves its message', async ({
    assert,
  }) => {
    await db
      .transaction(async (trx) => {
        await JobQueue.enqueue('webhook.deliver', { deliveryId: 1 }, { trx })
        throw new Error('the change failed')
      })
      .catch(() => {})
    assert.lengthOf(await outboxRows(), 0)

    await db.transaction(async (trx) => {
      await JobQueue.enqueue('webhook.deliver', { deliveryId: 2 }, { trx })
    })
    assert.deepEqual(await outboxRows(), [
      { job_name: 'webhook.deliver', payload: '{"deliveryId":2}', dedupe_key: null },
    ])
  })

  test('the same key is one job, however often it is enqueued (also inside a transaction)', async ({
    assert,
  }) => {
    await JobQueue.enqueue('webhook.deliver', { deliveryId: 7 }, { key: 'delivery:7' })
    await JobQueue.enqueue('webhook.deliver', { deliveryId: 7 }, { key: 'delivery:7' })
    await db.transaction(async (trx) => {
      await JobQueue.enqueue('webhook.deliver', { deliveryId: 7 }, { trx, key: 'delivery:7' })
      await JobQueue.enqueue('webhook.deliver', { deliveryId: 8 }, { trx, key: 'delivery:8' })
    })
    const rows = await outboxRows()
    assert.deepEqual(
      rows.map((row) => row.dedupe_key),
      ['delivery:7', 'delivery:8']
    )
  })
})
