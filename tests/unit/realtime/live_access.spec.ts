import { test } from '@japa/runner'
import { LiveAccess } from '#services/live_access'

const sub = (userId: number, uid: string, channel: string, sessionId: string | null = null) => ({
  userId,
  uid,
  channel,
  sessionId,
})

/**
 * The registry of private live subscriptions: what a closing stream or an
 * unsubscribe forgets, and what a revocation still finds afterwards.
 */
test.group('Live access registry', (group) => {
  group.each.setup(() => {
    // Whatever an earlier test left: a revocation of these users takes it.
    LiveAccess.take({ userId: 901 })
    LiveAccess.take({ userId: 902 })
  })

  test('an unsubscribe forgets one channel of one client; a closed stream all of its channels', ({
    assert,
  }) => {
    LiveAccess.remember(sub(901, 'client-a', 'users/901/orders', 's1'))
    LiveAccess.remember(sub(901, 'client-a', 'staff/orders', 's1'))
    LiveAccess.remember(sub(901, 'client-b', 'staff/orders', 's2'))
    LiveAccess.remember(sub(902, 'client-c', 'users/902/orders', 's3'))

    LiveAccess.forget('client-a', 'staff/orders')
    LiveAccess.forget('client-unknown')
    assert.deepEqual(
      LiveAccess.take({ userId: 901, channels: ['staff/orders'] }).map((entry) => entry.uid),
      ['client-b']
    )
    LiveAccess.forget('client-a')
    assert.deepEqual(LiveAccess.take({ userId: 901 }), [])
    assert.deepEqual(
      LiveAccess.take({ sessionIds: ['s3'] }).map((entry) => [entry.userId, entry.uid]),
      [[902, 'client-c']]
    )
  })

  test('a client id remembered again after its stream closed is found again', ({ assert }) => {
    LiveAccess.remember(sub(901, 'client-a', 'users/901/orders'))
    LiveAccess.forget('client-a')
    LiveAccess.remember(sub(901, 'client-a', 'users/901/orders'))
    assert.lengthOf(LiveAccess.take({ userId: 901 }), 1)
  })
})
