import { test } from '@japa/runner'
import { Redis } from 'ioredis'
import { OwnRedis } from '#tests/support/faults'
import { defineScriptsIntoOpenPipelines } from '#infrastructure/redis_scripts'

test.group('Lua commands and the auto pipeline (a Redis of its own)', (group) => {
  let server: OwnRedis
  let client: Redis
  group.setup(async () => {
    server = await OwnRedis.start()
    return () => server.kill()
  })
  group.each.setup(async () => {
    client = new Redis({ host: '127.0.0.1', port: server.port, enableAutoPipelining: true })
    await client.ping()
    return () => client.quit().then(() => undefined)
  })

  test('a command defined while this tick’s pipeline is open runs in it, with the other commands', async ({
    assert,
  }) => {
    defineScriptsIntoOpenPipelines(client)
    await client.set('counter', '41')

    // A cache read opens the tick's pipeline...
    const read = client.get('counter')
    const open = (client as unknown as { _autoPipelines: Map<string, unknown> })._autoPipelines
    assert.equal(open.size, 1, 'the pipeline is open when the command is defined')
    // ...and the rate limiter defines its script and calls it in the same tick.
    client.defineCommand('incrBy2', {
      numberOfKeys: 1,
      lua: "return redis.call('INCRBY', KEYS[1], 2)",
    })
    const incremented = (client as unknown as { incrBy2(key: string): Promise<number> }).incrBy2(
      'counter'
    )
    const after = client.get('counter')

    assert.deepEqual(await Promise.all([read, incremented, after]), ['41', 43, '43'])
    // The next tick's pipeline has it as usual.
    assert.equal(
      await (client as unknown as { incrBy2(key: string): Promise<number> }).incrBy2('counter'),
      45
    )
  })
})
