import { test } from '@japa/runner'
import User from '#models/user'
import AdminAction from '#models/admin_action'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'

test.group('Panel: an admin edits a user with the profile rules', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, findings 11 and 14 (the panel's users form)
  test('a control character in the name, a look-alike of a taken e-mail or an unknown role is a field error; nothing is written', async ({
    assert,
  }) => {
    const admin = await UserFactory.apply('admin').create()
    await UserFactory.merge({ email: 'taken@example.test' }).create()
    const customer = await UserFactory.merge({
      fullName: 'Ada',
      email: 'ada@example.test',
    }).create()
    const panel = await AdminSession.signIn(admin.email, 'password123')

    for (const [payload, property] of [
      [{ fullName: 'Ada\u0000' }, 'fullName'],
      [{ email: 'ｔａｋｅｎ@example.test' }, 'email'],
      [{ email: 'ad\u200ba@example.test' }, 'email'],
      [{ role: 'owner' }, 'role'],
      [{ addressCountry: 'Poland' }, 'addressCountry'],
    ] as const) {
      const edited = await panel.api('POST', `/resources/users/records/${customer.id}/edit`, {
        ...payload,
      })
      assert.equal(edited.body.notice?.type, 'error', JSON.stringify(payload))
      assert.property(edited.body.record.errors, property, JSON.stringify(payload))
    }
    await customer.refresh()
    assert.equal(customer.fullName, 'Ada')
    assert.equal(customer.email, 'ada@example.test')
    assert.equal(customer.role, 'customer')
  })

  // issue 14, finding 14 (the panel's users form)
  test('a valid edit is saved in canonical form and audited with the IP', async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const customer = await UserFactory.merge({ email: 'ada@example.test' }).create()
    const panel = await AdminSession.signIn(admin.email, 'password123')

    const edited = await panel.api('POST', `/resources/users/records/${customer.id}/edit`, {
      email: 'ＡＤＡ.L@Example.TEST',
      fullName: '  Ada Lovelace ',
      addressCountry: 'pl',
    })
    assert.equal(edited.status, 200)
    assert.equal(edited.body.notice?.type, 'success')
    const saved = await User.findOrFail(customer.id)
    assert.equal(saved.email, 'ada.l@example.test')
    assert.equal(saved.fullName, 'Ada Lovelace')
    assert.equal(saved.addressCountry, 'PL')

    const entry = await AdminAction.query()
      .where('resource', 'users')
      .where('action', 'edit')
      .firstOrFail()
    assert.equal(entry.adminId, admin.id)
    assert.equal(entry.ip, '127.0.0.1')
  })
})
