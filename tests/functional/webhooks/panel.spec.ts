import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { AdminSession } from '#tests/support/admin_session'
import { WebhookReceiver, waitUntil } from '#tests/support/webhook_receiver'
import jobsConfig from '#config/jobs'
import webhooksConfig from '#config/webhooks'
import { JobQueue } from '#services/job_queue'

const ENDPOINTS = '/resources/webhook_endpoints'
const DELIVERIES = '/resources/webhook_deliveries'
const ATTEMPTS = '/resources/webhook_delivery_attempts'

async function signIn(role: 'admin' | 'staff') {
  const user = await UserFactory.apply(role).create()
  return AdminSession.signIn(user.email, 'password123')
}

test.group('Webhooks in the panel', (group) => {
  let receiver: WebhookReceiver
  const saved = {
    allowPrivate: webhooksConfig.allowPrivate,
    pollMs: jobsConfig.pollMs,
    retry: { ...jobsConfig.retries.byJob['webhook.deliver'] },
  }

  group.setup(async () => {
    receiver = await WebhookReceiver.start()
    webhooksConfig.allowPrivate = true
    jobsConfig.pollMs = 100
    Object.assign(jobsConfig.retries.byJob['webhook.deliver'], { attempts: 1, backoffMs: 100 })
    await JobQueue.start({ worker: true })
    return async () => {
      await JobQueue.stop()
      await receiver.close()
      webhooksConfig.allowPrivate = saved.allowPrivate
      jobsConfig.pollMs = saved.pollMs
      Object.assign(jobsConfig.retries.byJob['webhook.deliver'], saved.retry)
    }
  })
  group.each.timeout(60_000)
  group.each.setup(async () => {
    await truncateAll()
    receiver.received.length = 0
    receiver.respond = () => 200
  })

  test('admins create, edit and reveal the secret of endpoints; staff only read', async ({
    assert,
  }) => {
    const admin = await signIn('admin')
    const staff = await signIn('staff')

    const refused = await staff.api('POST', `${ENDPOINTS}/actions/new`, {
      'url': receiver.url,
      'events.0': 'order.placed',
    })
    assert.equal(refused.status, 403)

    const invalid = await admin.api('POST', `${ENDPOINTS}/actions/new`, {
      'url': receiver.url,
      'events.0': 'order.teleported',
    })
    assert.equal(invalid.status, 200)
    assert.equal(invalid.body.notice.type, 'error')
    assert.property(invalid.body.record.errors, 'events')
    webhooksConfig.allowPrivate = false
    const ssrf = await admin.api('POST', `${ENDPOINTS}/actions/new`, {
      'url': 'https://10.0.0.1/hooks',
      'events.0': 'order.placed',
    })
    webhooksConfig.allowPrivate = true
    assert.property(ssrf.body.record.errors, 'url')
    assert.lengthOf(await db.from('webhook_endpoints'), 0)

    const created = await admin.api('POST', `${ENDPOINTS}/actions/new`, {
      'url': receiver.url,
      'description': 'Warehouse',
      'events.0': 'order.placed',
      'events.1': 'stock.low',
    })
    assert.equal(created.status, 200)
    assert.equal(created.body.notice.type, 'success')
    const [row] = await db.from('webhook_endpoints')
    assert.deepEqual(JSON.parse(row.events), ['order.placed', 'stock.low'])
    assert.include(created.body.notice.message, row.secret)
    assert.notProperty(created.body.record.params, 'secret')

    const listed = await staff.api('GET', `${ENDPOINTS}/actions/list`)
    assert.equal(listed.status, 200)
    assert.equal(listed.body.records[0].params.url, receiver.url)
    assert.notProperty(listed.body.records[0].params, 'secret')
    assert.equal(
      (await staff.api('GET', `${ENDPOINTS}/records/${row.id}/revealSecret`)).status,
      403
    )
    const secret = await admin.api('GET', `${ENDPOINTS}/records/${row.id}/revealSecret`)
    assert.include(secret.body.notice.message, row.secret)

    const edited = await admin.api('POST', `${ENDPOINTS}/records/${row.id}/edit`, {
      'events.0': 'order.cancelled',
      'isActive': 'false',
    })
    assert.equal(edited.body.notice.type, 'success')
    const [after] = await db.from('webhook_endpoints')
    assert.deepEqual(JSON.parse(after.events), ['order.cancelled'])
    assert.isFalse(Boolean(after.is_active))
    assert.equal((await staff.api('POST', `${ENDPOINTS}/records/${row.id}/delete`)).status, 403)
    const audit = await db.from('admin_actions').where('resource', 'webhooks').orderBy('id')
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['new', 'edit']
    )
  })

  test('staff read deliveries and their attempts; an admin resends a failed one', async ({
    assert,
    client,
  }) => {
    const admin = await signIn('admin')
    const staff = await signIn('staff')
    await admin.api('POST', `${ENDPOINTS}/actions/new`, {
      'url': receiver.url,
      'events.0': 'order.placed',
    })
    receiver.respond = () => 500
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    await placeOrder(client, customer, [[product, 1]])
    await waitUntil(async () => {
      const [row] = await db.from('webhook_deliveries').select('status')
      return row?.status === 'failed'
    }, 'the delivery failed')

    const deliveries = await staff.api('GET', `${DELIVERIES}/actions/list`)
    assert.equal(deliveries.status, 200)
    const [delivery] = deliveries.body.records
    assert.equal(delivery.params.status, 'failed')
    const attempts = await staff.api('GET', `${ATTEMPTS}/actions/list`)
    assert.equal(attempts.body.records[0].params.statusCode, 500)
    assert.equal(attempts.body.records[0].params.responseExcerpt, 'not now')

    assert.equal(
      (await staff.api('GET', `${DELIVERIES}/records/${delivery.id}/resend`)).status,
      403
    )
    receiver.respond = () => 200
    const resent = await admin.api('GET', `${DELIVERIES}/records/${delivery.id}/resend`)
    assert.equal(resent.status, 200)
    assert.equal(resent.body.notice.type, 'success')
    await waitUntil(async () => {
      const [row] = await db.from('webhook_deliveries').select('status')
      return row?.status === 'succeeded'
    }, 'resent')
    assert.lengthOf(receiver.received, 2)
    assert.equal(receiver.received[0].id, receiver.received[1].id)
  })
})
