import { test } from '@japa/runner'
import { serverUrl } from '#tests/support/app_process'
import { UserFactory } from '#database/factories/user_factory'
import { ProductFactory } from '#database/factories/catalog_factory'
import { truncateAll } from '#tests/support/database'

test.group('Errors: one JSON shape', (group) => {
  group.each.setup(() => truncateAll())

  test('an unknown route is 404 in the error shape, with a request id', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/api/v1/no-such-thing')

    response.assertStatus(404)
    response.assertBody({
      errors: [{ code: 'E_ROUTE_NOT_FOUND', message: 'No route matches this method and URL' }],
    })
    assert.match(response.header('x-request-id') ?? '', /^[a-z0-9-]{10,}$/)
  })

  test('a wrong method on a known path is 404 in the error shape', async ({ client }) => {
    const response = await client.delete('/health/live')
    response.assertStatus(404)
    response.assertBodyContains({ errors: [{ code: 'E_ROUTE_NOT_FOUND' }] })
  })

  test('malformed JSON is 400 in the error shape', async ({ assert }) => {
    const response = await fetch(`${serverUrl()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": "a@b.c", "password":',
    })

    assert.equal(response.status, 400)
    assert.deepEqual(await response.json(), {
      errors: [{ code: 'E_MALFORMED_BODY', message: 'The request body is not valid JSON' }],
    })
  })

  test('a JSON array as a write body is 422, and changes nothing', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ name: 'Kept', stock: 4 }).create()
    for (const body of [[], [[[]]], [{ name: 'Changed' }]]) {
      const response = await client
        .patch(`/api/v1/products/${product.id}`)
        .loginAs(staff)
        .json(body as any)
      response.assertStatus(422)
      response.assertBody({
        errors: [{ code: 'E_VALIDATION_ERROR', message: 'The request body must be a JSON object' }],
      })
    }
    await product.refresh()
    assert.equal(product.name, 'Kept')
  })

  test('validation failures are 422 naming each field', async ({ client, assert }) => {
    const response = await client
      .post('/api/v1/auth/register')
      .json({ email: 'nope', full_name: '' })

    response.assertStatus(422)
    const errors = response.body().errors as Array<{ code: string; field: string }>
    assert.isTrue(errors.every((error) => error.code === 'E_VALIDATION_ERROR'))
    assert.includeMembers(
      errors.map((error) => error.field),
      ['email', 'password', 'full_name']
    )
  })

  test('a request id sent by the client is echoed back', async ({ client }) => {
    const response = await client.get('/health/live').header('x-request-id', 'trace-abc-123456')
    response.assertStatus(200)
    response.assertHeader('x-request-id', 'trace-abc-123456')
  })

  test('security and CORS headers are set', async ({ client }) => {
    const response = await client.get('/health/live').header('origin', 'https://shop.example')
    response.assertHeader('x-content-type-options', 'nosniff')
    response.assertHeader('x-frame-options', 'DENY')
    response.assertHeader('access-control-allow-origin', '*')
  })
})
