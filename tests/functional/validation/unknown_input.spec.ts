import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import Order from '#models/order'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { serverUrl } from '#tests/support/app_process'

type Body = { errors?: Array<{ code: string; message: string; field?: string; rule?: string }> }

function errorFor(response: { body(): any }, field: string) {
  return ((response.body() as Body).errors ?? []).find((error) => error.field === field)
}

const address = {
  full_name: 'Ada Lovelace',
  line1: '1 Main St',
  city: 'Springfield',
  postal_code: '12345',
  country: 'US',
}

test.group('Validation: no unknown input is silently ignored (issue 15, item 1)', (group) => {
  group.each.setup(() => truncateAll())

  test('GET /products?{name}=... is 422 naming it, suggesting {suggestion}')
    .with([
      { name: 'search', query: 'search=phone', suggestion: 'q' },
      { name: 'ordering', query: 'ordering=price', suggestion: 'sort' },
      { name: 'perPage', query: 'perPage=5', suggestion: 'per_page' },
      { name: 'min_prise', query: 'min_prise=1.00', suggestion: 'min_price' },
    ])
    .run(async ({ client, assert }, row) => {
      await ProductFactory.create()
      const response = await client.get(`/api/v1/products?${row.query}`)
      response.assertStatus(422)
      const error = errorFor(response, row.name)
      assert.exists(error)
      assert.equal(error!.code, 'E_VALIDATION_ERROR')
      assert.equal(error!.rule, 'unknownField')
      assert.include(error!.message, `Unknown query parameter "${row.name}"`)
      assert.include(error!.message, `did you mean "${row.suggestion}"?`)
      assert.include(error!.message, 'q, sort')
    })

  test('a known parameter with unknown ones: every unknown one is named', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/api/v1/products?q=lamp&search=x&colour=red')
    response.assertStatus(422)
    const fields = (response.body() as Body).errors!.map((error) => error.field)
    assert.sameMembers(fields as string[], ['search', 'colour'])
  })

  test('staff POST /products with "category" is 422 suggesting category_id; nothing is created', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const category = await CategoryFactory.create()
    const response = await client.post('/api/v1/products').loginAs(staff).json({
      name: 'Lamp',
      price: '19.99',
      stock: 3,
      category: category.id,
    })
    response.assertStatus(422)
    const error = errorFor(response, 'category')
    assert.include(error!.message, 'did you mean "category_id"?')
    assert.lengthOf(await db.from('products'), 0)
  })

  test('PATCH /me {"name"} is 422 suggesting full_name; the profile is unchanged', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ fullName: 'Before' }).create()
    const response = await client.patch('/api/v1/me').loginAs(user).json({ name: 'After' })
    response.assertStatus(422)
    assert.include(errorFor(response, 'name')!.message, 'did you mean "full_name"?')
    await user.refresh()
    assert.equal(user.fullName, 'Before')
  })

  test('registration with a role is 422 naming it; no account is created', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/api/v1/auth/register')
      .json({ email: 'new@example.test', password: 'password123', role: 'admin' })
    response.assertStatus(422)
    assert.include(errorFor(response, 'role')!.message, 'Unknown field "role"')
    assert.include(errorFor(response, 'role')!.message, 'email, password')
    assert.lengthOf(await User.query().where('email', 'new@example.test'), 0)
  })

  test('nested objects are strict: shipping_address and each line of items', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const response = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [{ product_id: product.id, qty: 1, quantity: 1 }],
        shipping_address: { ...address, zip: '12345' },
      })
    response.assertStatus(422)
    const line = errorFor(response, 'items.0.qty')
    assert.include(line!.message, 'did you mean "quantity"?')
    const zip = errorFor(response, 'shipping_address.zip')
    assert.include(zip!.message, 'did you mean "postal_code"?')
    assert.include(zip!.message, 'of shipping_address')
    assert.lengthOf(await db.from('orders'), 0)
    await product.refresh()
    assert.equal(product.stock, 5)
  })

  test('PATCH /me address.zip is 422 (the nested address is strict)', async ({ client }) => {
    const user = await UserFactory.create()
    const response = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({ address: { zip: '1' } })
    response.assertStatus(422)
    response.assertBodyContains({ errors: [{ field: 'address.zip', rule: 'unknownField' }] })
  })

  test('routes that read no query refuse one: GET /me?foo=1, GET /cart?x=1', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const me = await client.get('/api/v1/me?foo=1').loginAs(user)
    me.assertStatus(422)
    assert.include(errorFor(me, 'foo')!.message, 'This route takes no query parameters')
    ;(await client.get('/api/v1/cart?x=1').loginAs(user)).assertStatus(422)
    ;(await client.get('/api/v1/categories?page=2')).assertStatus(422)
  })

  test('a write that takes no body refuses one: cancel {"x": 1} is 422, the order stays pending', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, user, [[product, 1]])
    const refused = await client
      .post(`/api/v1/orders/${number}/cancel`)
      .loginAs(user)
      .json({ x: 1 })
    refused.assertStatus(422)
    assert.include((refused.body() as Body).errors![0].message, 'takes no request body')
    const order = await Order.findByOrFail('number', number)
    assert.equal(order.status, 'pending')
    // An empty JSON object is no body.
    ;(await client.post(`/api/v1/orders/${number}/cancel`).loginAs(user).json({})).assertStatus(200)
  })

  test('a query string on a write is refused: POST /auth/login?password=... is 422', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/api/v1/auth/login?password=password123')
      .json({ email: user.email, password: 'password123' })
    response.assertStatus(422)
    assert.include(errorFor(response, 'password')!.message, 'Unknown query parameter')
  })

  test('without a token, a protected route answers 401 before judging its input', async ({
    client,
  }) => {
    ;(await client.get('/api/v1/me?foo=1')).assertStatus(401)
    ;(await client.patch('/api/v1/me').json({ name: 'x' })).assertStatus(401)
  })

  test('known parameters and fields still pass', async ({ client }) => {
    const user = await UserFactory.create()
    ;(await client.get('/api/v1/products?q=lamp&sort=price&page=1&per_page=5')).assertStatus(200)
    ;(await client.patch('/api/v1/me').loginAs(user).json({ full_name: 'Ada' })).assertStatus(200)
  })
})

test.group('Validation: the body must be JSON (issue 15, item 2)', (group) => {
  group.each.setup(() => truncateAll())

  test('a JSON body sent as {name} is 415 saying to send application/json; no account', async ({
    assert,
  }) => {
    const body = JSON.stringify({ email: 'typed@example.test', password: 'password123' })
    for (const [contentType, payload] of [
      ['text/plain', body],
      ['application/x-www-form-urlencoded', 'email=typed%40example.test&password=password123'],
    ]) {
      const response = await fetch(`${serverUrl()}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: payload,
      })
      assert.equal(response.status, 415, contentType)
      const json = (await response.json()) as Body
      assert.equal(json.errors![0].code, 'E_UNSUPPORTED_MEDIA_TYPE')
      assert.include(json.errors![0].message, 'Content-Type: application/json')
    }
    assert.lengthOf(await User.query().where('email', 'typed@example.test'), 0)
  })

  test('application/json with a charset is accepted', async ({ assert }) => {
    const response = await fetch(`${serverUrl()}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ email: 'charset@example.test', password: 'password123' }),
    })
    assert.equal(response.status, 201)
  })
})

test.group('Validation: an empty filter is no filter (issue 15, item 3)', (group) => {
  group.each.setup(() => truncateAll())

  test('GET /products?q= (and other empty filters) lists the catalog', async ({
    client,
    assert,
  }) => {
    await ProductFactory.merge({ stock: 5 }).createMany(2)
    for (const query of [
      'q=',
      'q=%20%20',
      'q=&category=&min_price=&max_price=&in_stock=&sort=&page=&per_page=',
    ]) {
      const response = await client.get(`/api/v1/products?${query}`)
      response.assertStatus(200)
      assert.lengthOf(response.body().data, 2, query)
    }
  })

  test('staff GET /admin/orders?status=&from=&to=&user_id= lists every order', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    await placeOrder(client, user, [[product, 1]])
    const response = await client
      .get('/api/v1/admin/orders?status=&from=&to=&user_id=&page=')
      .loginAs(staff)
    response.assertStatus(200)
    assert.lengthOf(response.body().data, 1)
  })
})
