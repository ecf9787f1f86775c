import { test } from '@japa/runner'
import { ReadyBodies } from '#services/catalog_cache/ready_bodies'

const keep = (
  bodies: ReadyBodies,
  key: string,
  body: string,
  tags: string[],
  options: { epoch?: number; ttlSeconds?: number } = {}
) =>
  bodies.keep(key, body, {
    tags,
    ttlSeconds: options.ttlSeconds ?? 60,
    epoch: options.epoch ?? bodies.epoch,
  })

/**
 * The ready bodies in front of the catalog cache (issue 21, warm pages):
 * what keeps a body and what drops it.
 */
test.group('Catalog ready bodies', () => {
  test('a kept body is sent as kept; a tag drops exactly the bodies it tags', ({ assert }) => {
    const bodies = new ReadyBodies(1024 * 1024, 100)
    keep(bodies, '/api/v1/products', '{"a":1}', ['products:lists'])
    keep(bodies, '/api/v1/products?in_stock=true', '{"b":1}', [
      'products:lists',
      'products:lists:in-stock',
    ])
    keep(bodies, '/api/v1/products/7', '{"c":1}', ['products:7', 'products:details'])
    assert.equal(bodies.get('/api/v1/products')?.toString(), '{"a":1}')

    bodies.invalidateTags(['products:lists:in-stock'])
    assert.isUndefined(bodies.get('/api/v1/products?in_stock=true'))
    assert.equal(bodies.get('/api/v1/products')?.toString(), '{"a":1}')
    assert.equal(bodies.get('/api/v1/products/7')?.toString(), '{"c":1}')

    bodies.invalidateTags(['products:7'])
    assert.isUndefined(bodies.get('/api/v1/products/7'))
    assert.equal(bodies.size, 1)
  })

  test('a body read before an invalidation is sent but not kept (it may be stale)', ({
    assert,
  }) => {
    const bodies = new ReadyBodies(1024 * 1024, 100)
    const readAt = bodies.epoch
    // Another request changes a product while this one reads the cache.
    bodies.invalidateTags(['products:9'])
    const sent = keep(bodies, '/api/v1/products', '{"old":true}', ['products:lists'], {
      epoch: readAt,
    })
    assert.equal(sent.toString(), '{"old":true}')
    assert.isUndefined(bodies.get('/api/v1/products'))
    assert.equal(bodies.size, 0)
  })

  test("a tag's invalidation key written to the cache drops its bodies; another key deleted drops all", ({
    assert,
  }) => {
    const bodies = new ReadyBodies(1024 * 1024, 100)
    keep(bodies, '/a', '1', ['products:lists'])
    keep(bodies, '/b', '2', ['categories'])
    bodies.keyChanged('___bc:t:products:lists', 'set')
    assert.isUndefined(bodies.get('/a'))
    assert.equal(bodies.get('/b')?.toString(), '2')
    bodies.keyChanged('products:list:{}', 'set')
    assert.equal(bodies.get('/b')?.toString(), '2', 'a write of a body key changes nothing here')
    bodies.keyChanged('products:list:{}', 'delete')
    assert.isUndefined(bodies.get('/b'))
  })

  test('a body past its time to live is gone', ({ assert }) => {
    const bodies = new ReadyBodies(1024 * 1024, 100)
    keep(bodies, '/gone', '1', ['products:lists'], { ttlSeconds: 0 })
    keep(bodies, '/kept', '2', ['products:lists'], { ttlSeconds: 60 })
    assert.isUndefined(bodies.get('/gone'))
    assert.equal(bodies.get('/kept')?.toString(), '2')
  })

  test('the oldest bodies make room, by count and by bytes', ({ assert }) => {
    const byCount = new ReadyBodies(1024 * 1024, 2)
    keep(byCount, '/1', '1', ['t'])
    keep(byCount, '/2', '2', ['t'])
    keep(byCount, '/3', '3', ['t'])
    assert.deepEqual(
      ['/1', '/2', '/3'].map((key) => byCount.get(key)?.toString() ?? null),
      [null, '2', '3']
    )

    const byBytes = new ReadyBodies(1600, 100)
    keep(byBytes, '/a', 'a'.repeat(90), ['t'])
    keep(byBytes, '/b', 'b'.repeat(90), ['t'])
    // A body over a sixteenth of the room is sent, never kept.
    keep(byBytes, '/big', 'x'.repeat(200), ['t'])
    assert.isUndefined(byBytes.get('/big'))
    keep(byBytes, '/c', 'c'.repeat(90), ['t'])
    assert.isDefined(byBytes.get('/c'))
    assert.isAtMost(
      ['/a', '/b', '/c'].reduce((sum, key) => sum + (byBytes.get(key)?.length ?? 0), 0),
      1600
    )
    // Dropping a tag after evictions leaves nothing behind.
    byBytes.invalidateTags(['t'])
    assert.equal(byBytes.size, 0)
  })
})
