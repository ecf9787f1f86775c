import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import transmit from '@adonisjs/transmit/services/main'
import type User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { LiveClient } from '#tests/support/live_client'
import { serverUrl, startApp } from '#tests/support/app_process'
import { runsOnPostgres, runsWithRedis } from '#tests/support/modes'
import { eventually } from '#tests/support/faults'
import { jwtSigner } from '#config/auth'
import { sseMaxStreamsPerIp } from '#config/transmit'
import { openStreams } from '#middleware/transmit_guard_middleware'
import { placeOrder } from '#tests/support/orders'
import { AuthTokenService } from '#services/auth_token_service'

async function tokenFor(user: User) {
  return (await jwtSigner.sign(user)).value
}

test.group('Real time: subscriptions end with the right to them', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 9
  test('a staff member demoted to customer stops hearing staff/orders; other staff still do', async ({
    client,
    assert,
    cleanup,
  }) => {
    const demoted = await UserFactory.apply('staff').create()
    const colleague = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 50 }).create()
    const marker = await ProductFactory.merge({ stock: 50 }).create()

    const demotedClient = new LiveClient({ token: await tokenFor(demoted) })
    const colleagueClient = new LiveClient({ token: await tokenFor(colleague) })
    cleanup(() => demotedClient.close())
    cleanup(() => colleagueClient.close())
    const demotedStaff = await demotedClient.subscribe<any>('staff/orders')
    const demotedMarker = await demotedClient.subscribe<any>(`products/${marker.id}/stock`)
    const colleagueStaff = await colleagueClient.subscribe<any>('staff/orders')
    assert.equal(demotedStaff.status, 204)
    assert.equal(demotedMarker.status, 204)
    assert.equal(colleagueStaff.status, 204)

    const before = await placeOrder(client, customer, [[product, 1]])
    await demotedStaff.next((event) => event.order_number === before)
    await colleagueStaff.next((event) => event.order_number === before)

    demoted.role = 'customer'
    await demoted.save()

    const after = await placeOrder(client, customer, [[product, 1]])
    await colleagueStaff.next((event) => event.order_number === after)
    /**
     * A later broadcast on a channel the demoted client still follows, on
     * the same stream: once it arrived, a staff message sent before it
     * would have arrived too.
     */
    await placeOrder(client, customer, [[marker, 2]])
    await demotedMarker.next((event) => event.stock === 48)
    assert.deepEqual(
      demotedStaff.messages.filter((event) => event.order_number !== before),
      []
    )

    const again = await fetch(`${serverUrl()}/__transmit/subscribe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'authorization': `Bearer ${await tokenFor(demoted)}`,
      },
      body: JSON.stringify({ uid: 'demoted-client-01', channel: 'staff/orders' }),
    })
    assert.equal(again.status, 403)
  })

  test('an admin demoted to staff keeps hearing staff/orders', async ({
    client,
    assert,
    cleanup,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const live = new LiveClient({ token: await tokenFor(admin) })
    cleanup(() => live.close())
    const staffOrders = await live.subscribe<any>('staff/orders')
    assert.equal(staffOrders.status, 204)

    admin.role = 'staff'
    await admin.save()

    const number = await placeOrder(client, customer, [[product, 1]])
    const event = await staffOrders.next((message) => message.order_number === number)
    assert.equal(event.to, 'pending')
  })
})

/**
 * A subscription made on another instance ends too: the revocation goes
 * over Redis (PostgreSQL + Redis run only: npm run test:pg).
 */
if (runsOnPostgres && runsWithRedis) {
  test.group('Real time: revocations reach every instance', (group) => {
    group.each.setup(() => truncateAll())

    // issue 14, finding 9
    test('staff subscribed on instance A, demoted through this one: A stops sending staff/orders', async ({
      client,
      assert,
      cleanup,
    }) => {
      const instanceA = await startApp({})
      cleanup(() => instanceA.stop())
      const demoted = await UserFactory.apply('staff').create()
      const colleague = await UserFactory.apply('staff').create()
      const customer = await UserFactory.create()
      const product = await ProductFactory.merge({ stock: 50 }).create()
      const marker = await ProductFactory.merge({ stock: 50 }).create()

      const onA = (user: User) =>
        tokenFor(user).then((token) => new LiveClient({ token, baseUrl: instanceA.url }))
      const demotedClient = await onA(demoted)
      const colleagueClient = await onA(colleague)
      cleanup(() => demotedClient.close())
      cleanup(() => colleagueClient.close())
      const demotedStaff = await demotedClient.subscribe<any>('staff/orders')
      const demotedMarker = await demotedClient.subscribe<any>(`products/${marker.id}/stock`)
      const colleagueStaff = await colleagueClient.subscribe<any>('staff/orders')
      assert.equal(demotedStaff.status, 204)
      assert.equal(colleagueStaff.status, 204)

      /**
       * A probe on staff/orders, then one on the marker channel, both sent
       * from here through Transmit's transport (one ordered Redis channel):
       * once the marker probe arrived on the demoted client's stream, the
       * staff probe would have arrived before it.
       */
      const probe = async () => {
        const id = randomUUID()
        transmit.broadcast('staff/orders', { probe: id })
        transmit.broadcast(`products/${marker.id}/stock`, { probe: id })
        await demotedMarker.next((event) => event.probe === id)
        await colleagueStaff.next((event) => event.probe === id)
        return !demotedStaff.messages.some((event) => event.probe === id)
      }
      assert.isFalse(await probe(), 'subscribed before the demotion')

      demoted.role = 'customer'
      await demoted.save()
      await eventually(probe, { what: 'the revocation applied on instance A' })

      const number = await placeOrder(client, customer, [[product, 1]])
      await colleagueStaff.next((event) => event.order_number === number)
      assert.isTrue(await probe())
      assert.isUndefined(demotedStaff.messages.find((event) => event.order_number === number))
    }).timeout(90_000)
  })
}

test.group('Real time: subscriptions end with the session', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 9
  test("logging out ends that session's private subscriptions; another session of the user keeps its own", async ({
    client,
    assert,
    cleanup,
  }) => {
    const alice = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 20 }).create()
    const marker = await ProductFactory.merge({ stock: 20 }).create()
    const tokens = new AuthTokenService()
    const laptop = await tokens.issue(alice)
    const phone = await tokens.issue(alice)

    const laptopClient = new LiveClient({ token: laptop.access_token })
    const phoneClient = new LiveClient({ token: phone.access_token })
    cleanup(() => laptopClient.close())
    cleanup(() => phoneClient.close())
    const laptopOrders = await laptopClient.subscribe<any>(`users/${alice.id}/orders`)
    const laptopMarker = await laptopClient.subscribe<any>(`products/${marker.id}/stock`)
    const phoneOrders = await phoneClient.subscribe<any>(`users/${alice.id}/orders`)
    assert.equal(laptopOrders.status, 204)
    assert.equal(phoneOrders.status, 204)

    const number = await placeOrder(client, alice, [[product, 1]])
    await laptopOrders.next((event) => event.to === 'pending')

    const logout = await client
      .post('/api/v1/auth/logout')
      .json({ refresh_token: laptop.refresh_token })
    logout.assertStatus(204)

    await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    await phoneOrders.next((event) => event.to === 'shipped')
    await placeOrder(client, alice, [[marker, 1]])
    await laptopMarker.next((event) => event.stock === 19)
    assert.deepEqual(
      laptopOrders.messages.filter((event) => event.to === 'shipped'),
      []
    )
  })
})

test.group('Real time: open event streams per IP', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 21
  test('past the per-IP cap a new stream is 429 in the error shape; closing one frees a place', async ({
    assert,
    cleanup,
  }) => {
    await eventually(async () => openStreams.total() === 0, { what: 'no stream left open' })
    const controllers: AbortController[] = []
    cleanup(() => controllers.forEach((controller) => controller.abort()))
    const open = async (index: number) => {
      const controller = new AbortController()
      controllers.push(controller)
      const response = await fetch(
        `${serverUrl()}/__transmit/events?uid=cap-test-${String(index).padStart(4, '0')}`,
        { signal: controller.signal }
      )
      return { response, controller }
    }

    for (let index = 0; index < sseMaxStreamsPerIp; index++) {
      const { response } = await open(index)
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-type'), 'text/event-stream')
    }
    assert.equal(openStreams.total(), sseMaxStreamsPerIp)

    const refused = await open(1000)
    assert.equal(refused.response.status, 429)
    assert.equal(refused.response.headers.get('retry-after'), '5')
    const body = (await refused.response.json()) as { errors: Array<{ code: string }> }
    assert.equal(body.errors[0].code, 'E_TOO_MANY_REQUESTS')
    assert.equal(openStreams.total(), sseMaxStreamsPerIp)

    controllers[0].abort()
    await eventually(async () => openStreams.total() === sseMaxStreamsPerIp - 1, {
      what: 'the closed stream no longer counted',
    })
    const reopened = await open(1001)
    assert.equal(reopened.response.status, 200)
  }).timeout(60_000)
})
