import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import AdminAction from '#models/admin_action'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'

async function apiLogin(client: any, email: string, password: string) {
  return client.post('/api/v1/auth/login').json({ email, password })
}

test.group('Panel: admins reset a password through an audited action', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 13
  test('the reset sets the new password, revokes the refresh tokens and is audited without the password', async ({
    assert,
    client,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const customer = await UserFactory.create()
    const login = await apiLogin(client, customer.email, 'password123')
    login.assertStatus(200)
    const refreshToken: string = login.body().data.tokens.refresh_token

    const panel = await AdminSession.signIn(admin.email, 'password123')
    // Loading the action's page changes nothing.
    const opened = await panel.api('GET', `/resources/users/records/${customer.id}/resetPassword`)
    assert.equal(opened.status, 200)
    assert.isTrue(await hash.verify((await User.findOrFail(customer.id)).password, 'password123'))

    const reset = await panel.api('POST', `/resources/users/records/${customer.id}/resetPassword`, {
      password: 'a-new-secret-42',
    })
    assert.equal(reset.status, 200)
    assert.equal(reset.body.notice.type, 'success')
    assert.notProperty(reset.body, 'newPassword')

    ;(await apiLogin(client, customer.email, 'password123')).assertStatus(401)
    ;(await apiLogin(client, customer.email, 'a-new-secret-42')).assertStatus(200)
    const refreshed = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: refreshToken })
    refreshed.assertStatus(401)

    const entries = await AdminAction.query().where('action', 'reset_password')
    assert.lengthOf(entries, 1)
    assert.equal(entries[0].adminId, admin.id)
    assert.equal(entries[0].adminEmail, admin.email)
    assert.equal(entries[0].resource, 'users')
    assert.equal(entries[0].recordId, String(customer.id))
    assert.notInclude(JSON.stringify(entries[0].$attributes), 'a-new-secret-42')
  })

  // issue 14, finding 13
  test('with no password typed, a random one is set and shown once', async ({ assert, client }) => {
    const admin = await UserFactory.apply('admin').create()
    const customer = await UserFactory.create()
    const panel = await AdminSession.signIn(admin.email, 'password123')
    const reset = await panel.api('POST', `/resources/users/records/${customer.id}/resetPassword`, {
      password: '',
    })
    assert.equal(reset.status, 200)
    const generated: string = reset.body.newPassword
    assert.isAtLeast(generated.length, 16)
    ;(await apiLogin(client, customer.email, generated)).assertStatus(200)
    const entry = await AdminAction.query().where('action', 'reset_password').firstOrFail()
    assert.notInclude(entry.changes ?? '', generated)
  })

  // issue 14, finding 13
  test('a password the API would refuse is refused, and nothing changes', async ({
    assert,
    client,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const customer = await UserFactory.create()
    const login = await apiLogin(client, customer.email, 'password123')
    const refreshToken: string = login.body().data.tokens.refresh_token
    const panel = await AdminSession.signIn(admin.email, 'password123')

    for (const password of ['short', customer.email.toUpperCase()]) {
      const reset = await panel.api(
        'POST',
        `/resources/users/records/${customer.id}/resetPassword`,
        { password }
      )
      assert.equal(reset.status, 200)
      assert.equal(reset.body.notice.type, 'error')
      assert.property(reset.body.record.errors, 'password')
    }
    assert.isTrue(await hash.verify((await User.findOrFail(customer.id)).password, 'password123'))
    const refreshed = await client
      .post('/api/v1/auth/refresh')
      .json({ refresh_token: refreshToken })
    refreshed.assertStatus(200)
    assert.lengthOf(await AdminAction.query().where('action', 'reset_password'), 0)
  })

  // issue 14, finding 13
  test('staff cannot reset a password, and the edit form no longer sets one', async ({
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()

    const staffPanel = await AdminSession.signIn(staff.email, 'password123')
    const refused = await staffPanel.api(
      'POST',
      `/resources/users/records/${customer.id}/resetPassword`,
      { password: 'staff-chosen-pass' }
    )
    assert.equal(refused.status, 403)

    const adminPanel = await AdminSession.signIn(admin.email, 'password123')
    const edit = await adminPanel.api('POST', `/resources/users/records/${customer.id}/edit`, {
      fullName: 'Renamed Customer',
      password: 'set-through-edit',
    })
    assert.equal(edit.status, 200)
    const fresh = await User.findOrFail(customer.id)
    assert.equal(fresh.fullName, 'Renamed Customer')
    assert.isTrue(await hash.verify(fresh.password, 'password123'))
    const audited = await AdminAction.query().where('action', 'edit').firstOrFail()
    assert.notInclude(audited.changes ?? '', 'set-through-edit')

    const shown = await adminPanel.api('GET', `/resources/users/records/${customer.id}/show`)
    assert.notProperty(shown.body.record.params, 'password')
  })
})
