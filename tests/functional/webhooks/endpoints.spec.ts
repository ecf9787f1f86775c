import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import webhooksConfig from '#config/webhooks'

const WEBHOOKS = '/api/v1/admin/webhooks'

test.group('Webhooks: endpoints (staff API)', (group) => {
  const allowPrivate = webhooksConfig.allowPrivate
  group.each.setup(async () => {
    await truncateAll()
    webhooksConfig.allowPrivate = false
    return () => {
      webhooksConfig.allowPrivate = allowPrivate
    }
  })

  test('{$self} is refused with 422 and never contacted')
    .with([
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/hooks',
      'https://127.0.0.1/hooks',
      'https://localhost/hooks',
      'https://[::1]/hooks',
      'https://[::ffff:10.0.0.1]/hooks',
      'https://[::ffff:a9fe:a9fe]/hooks',
      'https://100.64.0.1/hooks',
      'https://224.0.0.1/hooks',
      'https://0.0.0.0/hooks',
      'http://example.com/hooks',
      'not a url at all',
    ])
    .run(async ({ client, assert }, url) => {
      const admin = await UserFactory.apply('admin').create()
      const response = await client
        .post(WEBHOOKS)
        .loginAs(admin)
        .json({ url, events: ['order.placed'] })
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'url')
      assert.lengthOf(await db.from('webhook_endpoints'), 0)
    })

  test('admins register, change, rotate and delete; staff read; customers are refused', async ({
    client,
    assert,
  }) => {
    webhooksConfig.allowPrivate = true
    const admin = await UserFactory.apply('admin').create()
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const body = { url: 'http://127.0.0.1:9/hooks', events: ['order.placed'] }

    ;(await client.post(WEBHOOKS).loginAs(staff).json(body)).assertStatus(403)
    ;(await client.get(WEBHOOKS).loginAs(customer)).assertStatus(403)
    ;(await client.get(WEBHOOKS)).assertStatus(401)

    const created = await client.post(WEBHOOKS).loginAs(admin).json(body)
    created.assertStatus(201)
    const { id, secret } = created.body().data
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)

    const listed = await client.get(WEBHOOKS).loginAs(staff)
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((e: any) => [e.id, e.url, e.events, e.is_active, e.is_failing]),
      [[id, body.url, ['order.placed'], true, false]]
    )
    assert.notProperty(listed.body().data[0], 'secret')

    ;(
      await client.patch(`${WEBHOOKS}/${id}`).loginAs(staff).json({ is_active: false })
    ).assertStatus(403)
    const changed = await client
      .patch(`${WEBHOOKS}/${id}`)
      .loginAs(admin)
      .json({ events: ['order.placed', 'stock.low'], is_active: false })
    changed.assertStatus(200)
    assert.deepEqual(changed.body().data.events, ['order.placed', 'stock.low'])
    assert.isFalse(changed.body().data.is_active)
    assert.notProperty(changed.body().data, 'secret')

    const rotated = await client
      .patch(`${WEBHOOKS}/${id}`)
      .loginAs(admin)
      .json({ rotate_secret: true })
    rotated.assertStatus(200)
    assert.match(rotated.body().data.secret, /^whsec_/)
    assert.notEqual(rotated.body().data.secret, secret)

    const audit = await db.from('admin_actions').where('resource', 'webhooks').orderBy('id')
    assert.deepEqual(
      audit.map((row) => row.action),
      ['create', 'update', 'update']
    )

    ;(await client.delete(`${WEBHOOKS}/${id}`).loginAs(staff)).assertStatus(403)
    ;(await client.delete(`${WEBHOOKS}/${id}`).loginAs(admin)).assertStatus(204)
    ;(await client.get(`${WEBHOOKS}/${id}`).loginAs(admin)).assertStatus(404)
  })

  test('bad input is a 422 naming the field', async ({ client, assert }) => {
    webhooksConfig.allowPrivate = true
    const admin = await UserFactory.apply('admin').create()
    for (const [body, field] of [
      [{ url: 'http://127.0.0.1:9/x', events: ['order.shipped_to_mars'] }, 'events.0'],
      [{ url: 'http://127.0.0.1:9/x', events: [] }, 'events'],
      [{ events: ['order.placed'] }, 'url'],
      [{ url: 'http://127.0.0.1:9/x', events: ['order.placed'], is_active: 'yes' }, 'is_active'],
    ] as const) {
      const response = await client.post(WEBHOOKS).loginAs(admin).json(body)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, field)
    }
    ;(await client.get(`${WEBHOOKS}/abc`).loginAs(admin)).assertStatus(404)
    ;(await client.get(`${WEBHOOKS}/999/deliveries`).loginAs(admin)).assertStatus(404)
    ;(await client.post(`${WEBHOOKS}/999/deliveries/1/resend`).loginAs(admin)).assertStatus(404)
  })
})

test.group('Webhooks: paths that name nothing', (group) => {
  group.each.setup(() => truncateAll())

  test('{$self} is 404, not 422 (issue 15, item 3)')
    .with([
      `GET ${WEBHOOKS}/abc`,
      `GET ${WEBHOOKS}/0`,
      `GET ${WEBHOOKS}/99999999999`,
      `GET ${WEBHOOKS}/12345/deliveries`,
      `POST ${WEBHOOKS}/abc/deliveries/1/resend`,
      `POST ${WEBHOOKS}/1/deliveries/x/resend`,
    ])
    .run(async ({ client, assert }, line) => {
      const admin = await UserFactory.apply('admin').create()
      const [method, path] = line.split(' ')
      const request = method === 'GET' ? client.get(path) : client.post(path)
      const response = await request.loginAs(admin)
      response.assertStatus(404)
      assert.equal(response.body().errors[0].code, 'E_NOT_FOUND')
    })
})
