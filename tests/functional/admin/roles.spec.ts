import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'

/**
 * Users and the audit log are for admins (issue 16, item 5): every page
 * and panel API endpoint of both, as a staff member and as an admin.
 */
test.group('Panel roles: users and the audit log are for admins only', (group) => {
  group.each.setup(() => truncateAll())

  async function scene() {
    const admin = await UserFactory.apply('admin').create()
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.merge({ email: 'role.customer@example.test' }).create()
    return { admin, staff, customer }
  }

  const pages = (id: number) => [
    '/admin/resources/users',
    `/admin/resources/users/records/${id}/show`,
    `/admin/resources/users/records/${id}/edit`,
    `/admin/resources/users/records/${id}/resetPassword`,
    '/admin/resources/admin_actions',
  ]
  const endpoints = (id: number) => [
    '/resources/users/actions/list',
    `/resources/users/records/${id}/show`,
    `/resources/users/records/${id}/edit`,
    `/resources/users/records/${id}/resetPassword`,
    '/resources/admin_actions/actions/list',
  ]

  test('a staff member is refused every users and audit-log page and API endpoint; nothing changes', async ({
    assert,
  }) => {
    const { staff, customer } = await scene()
    const panel = await AdminSession.signIn(staff.email, 'password123')

    for (const path of pages(customer.id)) {
      const page = await panel.request('GET', path)
      assert.include([302, 403], page.status, path)
      assert.notInclude(await page.text(), 'role.customer@example.test', path)
    }
    for (const path of endpoints(customer.id)) {
      const answer = await panel.api('GET', path)
      assert.equal(answer.status, 403, path)
      assert.notInclude(JSON.stringify(answer.body), 'role.customer@example.test', path)
    }

    const edit = await panel.api('POST', `/resources/users/records/${customer.id}/edit`, {
      role: 'admin',
    })
    assert.equal(edit.status, 403)
    const reset = await panel.api('POST', `/resources/users/records/${customer.id}/resetPassword`, {
      password: 'a-new-password-123',
    })
    assert.equal(reset.status, 403)

    const after = await User.findOrFail(customer.id)
    assert.equal(after.role, 'customer')
    assert.isTrue(await hash.verify(after.password, 'password123'))
  })

  test('an admin reaches every users and audit-log page and API endpoint', async ({ assert }) => {
    const { admin, customer } = await scene()
    const panel = await AdminSession.signIn(admin.email, 'password123')

    for (const path of pages(customer.id)) {
      const page = await panel.request('GET', path)
      assert.equal(page.status, 200, path)
    }
    for (const path of endpoints(customer.id)) {
      const answer = await panel.api('GET', path)
      assert.equal(answer.status, 200, path)
    }
    const list = await panel.api('GET', '/resources/users/actions/list')
    assert.include(
      list.body.records.map((record: any) => record.params.email),
      'role.customer@example.test'
    )
  })
})
