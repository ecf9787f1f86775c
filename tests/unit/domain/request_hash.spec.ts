import { test } from '@japa/runner'
import { hashRequest } from '#domain/request_hash'
import { hashRequest as serviceHashRequest } from '#services/idempotency_service'

const body = {
  items: [
    { product_id: 1, quantity: 2 },
    { product_id: 7, quantity: 1 },
  ],
  shipping_address: { full_name: 'Ada Lovelace', city: 'London', country: 'GB' },
}

test.group('request hashing', () => {
  test('is a SHA-256 in hex', ({ assert }) => {
    assert.match(hashRequest(body), /^[0-9a-f]{64}$/)
    assert.strictEqual(
      hashRequest({}),
      // sha256 of "{}"
      '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
    )
  })

  test('the same body with its keys in another order hashes the same, at every depth', ({
    assert,
  }) => {
    const reordered = {
      shipping_address: { country: 'GB', city: 'London', full_name: 'Ada Lovelace' },
      items: [
        { quantity: 2, product_id: 1 },
        { quantity: 1, product_id: 7 },
      ],
    }
    assert.strictEqual(hashRequest(reordered), hashRequest(body))
  })

  test('a different body hashes differently: {0}')
    .with<[string, unknown][]>([
      ['another quantity', { ...body, items: [{ product_id: 1, quantity: 3 }, body.items[1]] }],
      ['lines in another order', { ...body, items: [body.items[1], body.items[0]] }],
      ['a line less', { ...body, items: [body.items[0]] }],
      ['no address', { items: body.items }],
      ['another city', { ...body, shipping_address: { ...body.shipping_address, city: 'Paris' } }],
      ['a number as a string', { ...body, items: [{ product_id: '1', quantity: 2 }] }],
    ])
    .run(({ assert }, [, other]) => {
      assert.notStrictEqual(hashRequest(other), hashRequest(body))
    })

  test('empty, null and undefined bodies', ({ assert }) => {
    assert.strictEqual(hashRequest(undefined), hashRequest(null))
    assert.notStrictEqual(hashRequest(null), hashRequest({}))
    assert.notStrictEqual(hashRequest({}), hashRequest([]))
    // a key whose value is undefined is left out, as JSON does
    assert.strictEqual(hashRequest({ a: 1, b: undefined }), hashRequest({ a: 1 }))
  })

  test('dates hash as their ISO string', ({ assert }) => {
    const date = new Date('2026-11-22T10:00:00Z')
    assert.strictEqual(hashRequest({ at: date }), hashRequest({ at: date.toISOString() }))
  })

  test('#services/idempotency_service hashes with the same function', ({ assert }) => {
    assert.strictEqual(serviceHashRequest, hashRequest)
  })
})
