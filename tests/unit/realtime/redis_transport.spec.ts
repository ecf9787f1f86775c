import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { ResilientRedisTransport } from '#infrastructure/redis_transport'
import { redisServerOptions } from '#config/redis'
import { runsWithRedis } from '#tests/support/modes'

/**
 * The Redis bus transport (Transmit's broadcasts, the cache bus, live
 * access revocations) between two instances: what one publishes in a turn
 * of the event loop goes out as one PUBLISH and arrives in order; a lone
 * message keeps the single form older instances read. Needs Redis, so it
 * runs in the PostgreSQL + Redis suite (npm run test:pg).
 */
if (runsWithRedis) {
  test.group('Redis bus transport: messages of one turn in one PUBLISH', (group) => {
    const prefix = `test_transport_${randomBytes(4).toString('hex')}:`
    let sender: ResilientRedisTransport
    let receiver: ResilientRedisTransport
    let spy: Redis
    let plain: Redis
    /** What went over Redis: channel and raw message, in order. */
    let wire: { channel: string; message: string }[]

    group.each.setup(async () => {
      sender = new ResilientRedisTransport(redisServerOptions, 'test', prefix).setId('sender')
      receiver = new ResilientRedisTransport(redisServerOptions, 'test', prefix).setId('receiver')
      spy = new Redis(redisServerOptions)
      plain = new Redis(redisServerOptions)
      wire = []
      spy.on('pmessage', (_pattern, channel, message) => wire.push({ channel, message }))
      await spy.psubscribe(`${prefix}*`)
      return async () => {
        await sender.disconnect()
        await receiver.disconnect()
        spy.disconnect()
        plain.disconnect()
      }
    })

    /**
     * Subscribes the receiver and resolves with what it heard once it has
     * `count` messages.
     */
    async function hear(count: number) {
      const heard: unknown[] = []
      let done!: () => void
      const all = new Promise<void>((resolve) => (done = resolve))
      await receiver.subscribe('orders', (payload) => {
        heard.push(payload)
        if (heard.length === count) done()
      })
      return { heard, all }
    }

    /**
     * Resolves once the spy has heard everything published before this
     * call: a marker published now reaches the spy after every earlier
     * message (Redis delivers to one connection in the order it ran the
     * PUBLISHes); the marker itself is left out of `wire`.
     */
    async function spyCaughtUp() {
      const marker = `${prefix}marker`
      const heard = new Promise<void>((resolve) => {
        spy.on('pmessage', (_pattern, channel) => {
          if (channel === marker) resolve()
        })
      })
      await plain.publish(marker, 'end')
      await heard
      wire = wire.filter((entry) => entry.channel !== marker)
    }

    /**
     * Resolves once Redis counts the receiver on the batch channel (its
     * SUBSCRIBE is sent in the background).
     */
    async function subscribed() {
      const until = Date.now() + 5_000
      while (Date.now() < until) {
        const [, count] = (await plain.call('PUBSUB', 'NUMSUB', `${prefix}orders#batch`)) as [
          string,
          number,
        ]
        if (count > 0) return
      }
      throw new Error('the receiver never subscribed')
    }

    test('three messages of one turn: one PUBLISH on the batch channel, heard in order', async ({
      assert,
    }) => {
      const { heard, all } = await hear(3)
      await subscribed()
      await Promise.all([
        sender.publish('orders', { n: 1 }),
        sender.publish('orders', { n: 2 }),
        sender.publish('orders', { n: 3 }),
      ])
      await all
      await spyCaughtUp()
      assert.deepEqual(heard, [{ n: 1 }, { n: 2 }, { n: 3 }])
      assert.lengthOf(wire, 1)
      assert.equal(wire[0].channel, `${prefix}orders#batch`)
      assert.deepEqual(JSON.parse(wire[0].message), {
        busId: 'sender',
        format: 'batch',
        payloads: [{ n: 1 }, { n: 2 }, { n: 3 }],
      })
    })

    test('a lone message keeps the single form on the channel itself', async ({ assert }) => {
      const { heard, all } = await hear(1)
      await subscribed()
      await sender.publish('orders', { n: 1 })
      await all
      await spyCaughtUp()
      assert.deepEqual(heard, [{ n: 1 }])
      assert.lengthOf(wire, 1)
      assert.equal(wire[0].channel, `${prefix}orders`)
      assert.deepEqual(JSON.parse(wire[0].message), { busId: 'sender', payload: { n: 1 } })
    })

    test('turns stay in order; an unknown batch format and our own messages are not heard', async ({
      assert,
    }) => {
      const { heard, all } = await hear(4)
      await subscribed()
      const own: unknown[] = []
      await sender.subscribe('orders', (payload) => own.push(payload))
      await plain.publish(
        `${prefix}orders#batch`,
        JSON.stringify({ busId: 'other', format: 'later', payloads: [{ n: 0 }] })
      )
      const first = [sender.publish('orders', { n: 1 }), sender.publish('orders', { n: 2 })]
      await new Promise((resolve) => setImmediate(resolve))
      const second = [sender.publish('orders', { n: 3 }), sender.publish('orders', { n: 4 })]
      await Promise.all([...first, ...second])
      await all
      assert.deepEqual(heard, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }])
      assert.deepEqual(own, [])
    })
  })
}
