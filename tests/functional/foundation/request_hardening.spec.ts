import { test } from '@japa/runner'
import { request as httpRequest } from 'node:http'
import { gzipSync } from 'node:zlib'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { serverUrl } from '#tests/support/app_process'
import { UserFactory } from '#database/factories/user_factory'
import { ProductFactory } from '#database/factories/catalog_factory'
import { truncateAll } from '#tests/support/database'

/**
 * A raw HTTP request, so headers (an empty one, a lying Content-Encoding)
 * reach the server exactly as written.
 */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | string
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, serverUrl())
    const req = httpRequest(
      url,
      { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined })
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

const unsupported = {
  errors: [
    {
      code: 'E_UNSUPPORTED_ENCODING',
      message:
        'Compressed request bodies are not accepted: send the body uncompressed, without a Content-Encoding header (or with "identity")',
    },
  ],
}

const loginBody = JSON.stringify({ email: 'nobody@example.com', password: 'whatever123' })

test.group('Request hardening: body encodings', () => {
  // issue 14, finding 18
  test('a gzip Content-Encoding on a plain body is 415 in the error shape', async ({ assert }) => {
    const response = await rawRequest(
      'POST',
      '/api/v1/auth/register',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      loginBody
    )
    assert.equal(response.status, 415)
    assert.deepEqual(response.body, unsupported)
  })

  // issue 14, finding 18
  test('a truncated gzip body is 415', async ({ assert }) => {
    const compressed = gzipSync(loginBody)
    const response = await rawRequest(
      'POST',
      '/api/v1/auth/register',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      compressed.subarray(0, compressed.length - 12)
    )
    assert.equal(response.status, 415)
    assert.deepEqual(response.body, unsupported)
  })

  // issue 14, finding 18
  test('an unknown Content-Encoding is 415 saying what is accepted', async ({ assert }) => {
    const response = await rawRequest(
      'POST',
      '/api/v1/auth/register',
      { 'content-type': 'application/json', 'content-encoding': 'x-garbage' },
      loginBody
    )
    assert.equal(response.status, 415)
    assert.deepEqual(response.body, unsupported)
  })

  // the body parser cannot read compressed bodies at all: said so, not a misleading 400
  test('a correctly gzipped body is 415 too, and an identity one is read', async ({ assert }) => {
    const response = await rawRequest(
      'POST',
      '/api/v1/auth/register',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gzipSync(loginBody)
    )
    assert.equal(response.status, 415)
    assert.deepEqual(response.body, unsupported)

    const identity = await rawRequest(
      'POST',
      '/api/v1/auth/register',
      { 'content-type': 'application/json', 'content-encoding': 'identity' },
      '{}'
    )
    assert.equal(identity.status, 422)
  })
})

test.group('Request hardening: Idempotency-Key', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 19
  test('an empty Idempotency-Key header is 422 and creates no order', async ({ assert }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const auth = await app.container.make('auth.manager')
    const { headers } = await auth.createAuthenticatorClient().use('jwt').authenticateAsClient(user)
    for (const value of ['', '   ']) {
      const response = await rawRequest(
        'POST',
        '/api/v1/orders',
        {
          'content-type': 'application/json',
          ...(headers as Record<string, string>),
          'idempotency-key': value,
        },
        JSON.stringify({ items: [{ product_id: product.id, quantity: 1 }] })
      )
      assert.equal(response.status, 422, `Idempotency-Key "${value}"`)
      assert.deepEqual(response.body.errors[0], {
        code: 'E_VALIDATION_ERROR',
        message: 'The Idempotency-Key header must be 1 to 255 printable characters',
        field: 'Idempotency-Key',
      })
    }
    const [row] = await db.from('orders').count('* as total')
    assert.equal(Number(row.total), 0)
  })
})
