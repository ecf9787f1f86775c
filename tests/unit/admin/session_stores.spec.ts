import { test } from '@japa/runner'
import { BoundedMemorySessionStore, PrefixedRedisSessionStore } from '#admin/session_stores'

// issue 14, finding 4: the embedded default's server-side panel sessions
test.group('BoundedMemorySessionStore', () => {
  test('keeps a session until it is destroyed or expires', ({ assert }) => {
    let now = 1_000_000
    const realNow = Date.now
    Date.now = () => now
    try {
      const store = new BoundedMemorySessionStore(60)
      store.write('a', { adminUser: { id: '1' } })
      assert.deepEqual(store.read('a'), { adminUser: { id: '1' } })
      store.destroy('a')
      assert.isNull(store.read('a'))

      store.write('b', { n: 1 })
      now += 59_000
      store.touch('b')
      now += 59_000
      assert.deepEqual(store.read('b'), { n: 1 })
      now += 61_000
      assert.isNull(store.read('b'))
      assert.equal(store.size, 0)
    } finally {
      Date.now = realNow
    }
  })

  test('returns copies: a request changing its values does not change the store', ({ assert }) => {
    const store = new BoundedMemorySessionStore(60)
    store.write('a', { list: [1] })
    const read = store.read('a') as { list: number[] }
    read.list.push(2)
    assert.deepEqual(store.read('a'), { list: [1] })
  })

  test('past its bound, the least recently used sessions go first', ({ assert }) => {
    const store = new BoundedMemorySessionStore(3600, 3)
    store.write('a', { v: 'a' })
    store.write('b', { v: 'b' })
    store.write('c', { v: 'c' })
    store.touch('a')
    store.write('d', { v: 'd' })
    assert.equal(store.size, 3)
    assert.isNull(store.read('b'))
    assert.isNotNull(store.read('a'))
    assert.isNotNull(store.read('c'))
    assert.isNotNull(store.read('d'))
  })
})

test.group('PrefixedRedisSessionStore', () => {
  test('writes under the prefix with the session age, and refuses a value of another id', async ({
    assert,
  }) => {
    const data = new Map<string, string>()
    const ttls = new Map<string, number>()
    const redis = {
      async get(key: string) {
        return data.get(key) ?? null
      },
      async setex(key: string, seconds: number, value: string) {
        data.set(key, value)
        ttls.set(key, seconds)
      },
      async del(key: string) {
        data.delete(key)
      },
      async expire(key: string, seconds: number) {
        ttls.set(key, seconds)
      },
    }
    const store = new PrefixedRedisSessionStore(redis, 'shop:admin_session:', 28_800)
    await store.write('abc', { adminUser: { id: '7' } })
    assert.deepEqual([...data.keys()], ['shop:admin_session:abc'])
    assert.equal(ttls.get('shop:admin_session:abc'), 28_800)
    assert.deepEqual(await store.read('abc'), { adminUser: { id: '7' } })

    // A value copied under another session id does not verify.
    data.set('shop:admin_session:other', data.get('shop:admin_session:abc')!)
    assert.isNull(await store.read('other'))

    await store.destroy('abc')
    assert.isNull(await store.read('abc'))
  })
})
