import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import createClient from 'openapi-fetch'
import { ProductFactory } from '#database/factories/catalog_factory'
import { CatalogCache } from '#services/catalog_cache'
import { openApiDocument } from '#openapi/document'
import { CLIENT_TYPES_PATH, clientTypesSource } from '#openapi/client_types'
import { serverUrl } from '#tests/support/app_process'
import { truncateAll } from '#tests/support/database'
import type { paths } from '#tests/support/openapi/schema'

/**
 * Issue 15: a client generated from /openapi.json (openapi-typescript +
 * openapi-fetch) compiles against the document and runs a whole purchase.
 * Its types are the committed tests/support/openapi/schema.d.ts, which
 * `npm run typecheck` compiles with this file.
 */
test.group('Generated client', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })

  test('the committed types are what the document gives today (npm run openapi:types)', async ({
    assert,
  }) => {
    const committed = await readFile(app.makePath(CLIENT_TYPES_PATH), 'utf8')
    const fresh = await clientTypesSource(openApiDocument(), app.appRoot)
    assert.isTrue(
      committed === fresh,
      `${CLIENT_TYPES_PATH} is out of date: run \`npm run openapi:types\` and commit it`
    )
  })

  test('register -> catalog -> cart -> checkout -> order, typed from the document', async ({
    assert,
  }) => {
    const lamp = await ProductFactory.merge({
      name: 'Desk lamp',
      slug: 'desk-lamp',
      price: 1999,
      stock: 4,
    }).create()
    const api = createClient<paths>({ baseUrl: serverUrl() })

    const registered = await api.POST('/api/v1/auth/register', {
      body: {
        email: 'typed@example.com',
        password: 'a-long-enough-password',
        full_name: 'Typed Client',
      },
    })
    assert.equal(registered.response.status, 201)
    const accessToken = registered.data!.data.tokens.access_token
    const headers = { Authorization: `Bearer ${accessToken}` }

    const catalog = await api.GET('/api/v1/products', { params: { query: { q: 'lamp' } } })
    assert.equal(catalog.response.status, 200)
    const listed = catalog.data!.data.find((product) => product.slug === 'desk-lamp')
    assert.exists(listed)

    const detail = await api.GET('/api/v1/products/{product}', {
      params: { path: { product: 'desk-lamp' } },
    })
    assert.equal(detail.data!.data.id, lamp.id)
    assert.equal(detail.data!.data.price, '19.99')

    const added = await api.POST('/api/v1/cart/items', {
      headers,
      body: { product_id: lamp.id, quantity: 2 },
    })
    assert.equal(added.response.status, 201)
    const cart = await api.GET('/api/v1/cart', { headers })
    assert.equal(cart.data!.data.items.length, 1)

    const placed = await api.POST('/api/v1/orders', {
      headers: { ...headers, 'Idempotency-Key': 'typed-client-1' },
      body: {
        shipping_address: {
          full_name: 'Typed Client',
          line1: '1 Main Street',
          city: 'Lyon',
          postal_code: '69001',
          country: 'FR',
        },
      },
    })
    assert.equal(placed.response.status, 201)
    const order = placed.data!.data
    assert.equal(order.status, 'pending')
    assert.equal(order.total, '39.98')

    const read = await api.GET('/api/v1/orders/{number}', {
      headers,
      params: { path: { number: order.number } },
    })
    assert.equal(read.response.status, 200)
    assert.equal(read.data!.data.number, order.number)
    assert.deepEqual(
      read.data!.data.items.map((item) => [item.product_id, item.quantity]),
      [[lamp.id, 2]]
    )

    const refused = await api.GET('/api/v1/me')
    assert.equal(refused.response.status, 401)
    assert.equal(refused.error!.errors[0].code, 'E_TOKEN_MISSING')
  })
})
