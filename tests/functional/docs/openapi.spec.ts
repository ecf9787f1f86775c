import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import SwaggerParser from '@apidevtools/swagger-parser'
import { openApiDocument, toOpenApiPath } from '#openapi/document'
import { PRODUCT_SORTS } from '#services/catalog_service'
import { assertMatchesContract } from '#tests/support/contract'

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/**
 * "METHOD /path/{param}" of every /api/v1 route the router knows.
 */
function routerOperations() {
  const operations = new Set<string>()
  for (const routes of Object.values(router.toJSON())) {
    for (const route of routes) {
      if (!route.pattern.startsWith('/api/v1/') && route.pattern !== '/api/v1') continue
      for (const method of route.methods) {
        if (method === 'HEAD') continue
        operations.add(`${method} ${toOpenApiPath(route.pattern)}`)
      }
    }
  }
  return operations
}

function documentOperations(document: Record<string, any>) {
  const operations = new Set<string>()
  for (const [path, item] of Object.entries<Record<string, unknown>>(document.paths)) {
    for (const method of Object.keys(item)) {
      if (METHODS.includes(method)) operations.add(`${method.toUpperCase()} ${path}`)
    }
  }
  return operations
}

test.group('OpenAPI document', () => {
  test('every /api/v1 route is in the document, and the document names no other', ({ assert }) => {
    const routes = routerOperations()
    const documented = documentOperations(openApiDocument())
    assert.isAbove(routes.size, 30)
    assert.deepEqual(
      [...routes].filter((operation) => !documented.has(operation)),
      [],
      'routes missing from the document'
    )
    assert.deepEqual(
      [...documented].filter((operation) => !routes.has(operation)),
      [],
      'documented operations without a route'
    )
  })

  test('GET /openapi.json serves the document, and it passes an OpenAPI 3.1 validator', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/openapi.json')
    response.assertStatus(200)
    assert.match(response.header('content-type')!, /^application\/json/)
    const served = response.body()
    assert.deepEqual(served, JSON.parse(JSON.stringify(openApiDocument())))
    assert.equal(served.openapi, '3.1.0')

    const validated = await SwaggerParser.validate(structuredClone(served))
    assert.equal(Object.keys(validated.paths!).length, Object.keys(served.paths).length)
  })

  test('inputs come from the validators; protected operations need the bearer token', ({
    assert,
  }) => {
    const document = openApiDocument()
    const list = document.paths['/api/v1/products'].get
    const sort = list.parameters.find((parameter: any) => parameter.name === 'sort')
    assert.deepEqual(sort.schema.enum, [...PRODUCT_SORTS])
    const perPage = list.parameters.find((parameter: any) => parameter.name === 'per_page')
    assert.deepInclude(perPage.schema, { type: 'integer', minimum: 1, maximum: 100 })
    assert.deepEqual(list.security, [])

    const checkout = document.paths['/api/v1/orders'].post
    assert.deepEqual(checkout.security, [{ bearerAuth: [] }])
    const key = checkout.parameters.find((parameter: any) => parameter.name === 'Idempotency-Key')
    assert.equal(key.in, 'header')
    const body = checkout.requestBody.content['application/json'].schema
    assert.deepInclude(body.properties.items, { type: 'array', minItems: 1 })
    assert.deepEqual(body.properties.shipping_address.required, [
      'full_name',
      'line1',
      'city',
      'postal_code',
      'country',
    ])
    assert.containsSubset(document.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
    })

    const register = document.paths['/api/v1/auth/register'].post
    const registerBody = register.requestBody.content['application/json'].schema
    assert.deepInclude(registerBody.properties.email, { format: 'email', maxLength: 254 })
    assert.deepEqual(registerBody.required, ['email', 'password'])
    // issue 15, item 1: unknown fields are refused at every level, and the document says so
    assert.isFalse(registerBody.additionalProperties)
    assert.isFalse(registerBody.properties.address.additionalProperties)
    assert.isFalse(body.additionalProperties)
    assert.isFalse(body.properties.shipping_address.additionalProperties)
    assert.isFalse(body.properties.items.items.additionalProperties)

    const staffOnly = document.paths['/api/v1/admin/orders/{number}/status'].patch
    assert.properties(staffOnly.responses, ['200', '401', '403', '404', '409', '422', '429'])
    for (const channel of ['users/:id/orders', 'staff/orders', 'products/:id/stock']) {
      assert.include(document.info.description, channel)
    }
  })

  test('the contract check rejects an undocumented status, a wrong body and an unknown route', async ({
    assert,
  }) => {
    const ok = {
      method: 'GET',
      url: '/api/v1/cart',
      contentType: 'application/json; charset=utf-8',
    }
    await assert.rejects(
      () => assertMatchesContract({ ...ok, status: 418, body: {} }),
      /status not documented/
    )
    await assert.rejects(
      () => assertMatchesContract({ ...ok, status: 200, body: { data: { items: 'none' } } }),
      /does not match the documented schema/
    )
    await assert.rejects(
      () =>
        assertMatchesContract({
          ...ok,
          url: '/api/v1/nothing-here',
          status: 200,
          body: {},
        }),
      /no operation in the document matches/
    )
    await assert.rejects(
      () => assertMatchesContract({ ...ok, status: 401, body: { error: 'nope' } }),
      /does not match/
    )
  })
})

test.group('API documentation pages', () => {
  test('/docs and /redoc are served with their scripts from local packages', async ({
    client,
    assert,
  }) => {
    const swagger = await client.get('/docs')
    swagger.assertStatus(200)
    assert.match(swagger.header('content-type')!, /^text\/html/)
    assert.include(swagger.text(), '/docs/assets/swagger-ui-bundle.js')
    assert.notMatch(swagger.text(), /https?:\/\//)

    const redoc = await client.get('/redoc')
    redoc.assertStatus(200)
    assert.include(redoc.text(), '<redoc spec-url="/openapi.json">')
    assert.notMatch(redoc.text(), /https?:\/\//)

    for (const file of [
      'swagger-ui.css',
      'swagger-ui-bundle.js',
      'swagger-ui-standalone-preset.js',
      'swagger-init.js',
      'redoc.standalone.js',
    ]) {
      const asset = await client.get(`/docs/assets/${file}`)
      asset.assertStatus(200)
      assert.match(
        asset.header('content-type')!,
        file.endsWith('.css') ? /^text\/css/ : /javascript/
      )
    }
  })

  test('only the listed files are served', async ({ client }) => {
    for (const file of ['package.json', '..%2Fpackage.json', 'constructor', '__proto__']) {
      const response = await client.get(`/docs/assets/${file}`)
      response.assertStatus(404)
      response.assertBodyContains({ errors: [{ code: 'E_NOT_FOUND' }] })
    }
  })
})
