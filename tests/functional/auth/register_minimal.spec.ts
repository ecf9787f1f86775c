import { test } from '@japa/runner'
import User from '#models/user'
import { truncateAll } from '#tests/support/database'

const password = 'correct-horse-9'

test.group(
  'Accounts: registration needs only an e-mail and a password (issue 15, item 9)',
  (group) => {
    group.each.setup(() => truncateAll())

    test('email and password alone register a customer with no name', async ({
      client,
      assert,
    }) => {
      const response = await client
        .post('/api/v1/auth/register')
        .json({ email: 'minimal@example.com', password })
      response.assertStatus(201)
      assert.isNull(response.body().data.user.full_name)
      const user = await User.findByOrFail('email', 'minimal@example.com')
      assert.isNull(user.fullName)
      assert.equal(user.role, 'customer')
    })

    test("the original projects' `username` is kept as the display name", async ({
      client,
      assert,
    }) => {
      const response = await client
        .post('/api/v1/auth/register')
        .json({ username: 'ada', email: 'ada@example.com', password })
      response.assertStatus(201)
      assert.equal(response.body().data.user.full_name, 'ada')
      const user = await User.findByOrFail('email', 'ada@example.com')
      assert.equal(user.fullName, 'ada')
    })

    test('full_name wins over username when both come', async ({ client, assert }) => {
      const response = await client
        .post('/api/v1/auth/register')
        .json({ username: 'ada', full_name: 'Ada Lovelace', email: 'ada2@example.com', password })
      response.assertStatus(201)
      assert.equal(response.body().data.user.full_name, 'Ada Lovelace')
    })

    test('an unknown field is still a 422 that names it', async ({ client, assert }) => {
      const response = await client
        .post('/api/v1/auth/register')
        .json({ email: 'x@example.com', password, nickname: 'x' })
      response.assertStatus(422)
      assert.include(JSON.stringify(response.body()), 'nickname')
      assert.isNull(await User.findBy('email', 'x@example.com'))
    })
  }
)
