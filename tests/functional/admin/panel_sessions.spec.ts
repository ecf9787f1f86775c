import { test } from '@japa/runner'
import redis from '@adonisjs/redis/services/main'
import User from '#models/user'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'
import { runsWithRedis } from '#tests/support/modes'

const ORDERS_LIST = '/resources/orders/actions/list'

async function sessionKeys(): Promise<number> {
  const prefix = process.env.REDIS_KEY_PREFIX ?? 'shop:'
  const keys = await redis.connection('main').keys(`${prefix}admin_session:*`)
  return keys.length
}

/**
 * The same cookies as `session`, in a new client: what someone who saved
 * the cookie (or the browser after a restore) would send.
 */
function replay(session: AdminSession) {
  const copy = new AdminSession(session.baseUrl)
  for (const [name, value] of session.cookies) {
    copy.cookies.set(name, value)
  }
  return copy
}

test.group('Panel sessions are checked on every request and end on the server', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 4
  test('a staff member demoted to customer is refused at once, and the old cookie stays dead', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const saved = replay(panel)
    assert.equal((await panel.api('GET', ORDERS_LIST)).status, 200)

    await User.query().where('id', staff.id).update({ role: 'customer' })

    const refused = await panel.api('GET', ORDERS_LIST)
    assert.equal(refused.status, 401)
    assert.equal(refused.body.errors[0].code, 'E_UNAUTHORIZED_ACCESS')
    const page = await saved.request('GET', '/admin/resources/products')
    assert.equal(page.status, 302)
    assert.equal(page.headers.get('location'), '/admin/login')

    // Promoted again: the ended session does not come back.
    await User.query().where('id', staff.id).update({ role: 'staff' })
    assert.equal((await replay(saved).api('GET', ORDERS_LIST)).status, 401)
  })

  // issue 14, finding 4
  test('a demoted admin cannot re-promote themself with the old cookie', async ({ assert }) => {
    const admin = await UserFactory.apply('admin').create()
    const panel = await AdminSession.signIn(admin.email, 'password123')
    const before = await panel.api('GET', `/resources/users/records/${admin.id}/show`)
    assert.equal(before.status, 200)

    await User.query().where('id', admin.id).update({ role: 'staff' })

    const promote = await panel.api('POST', `/resources/users/records/${admin.id}/edit`, {
      role: 'admin',
    })
    assert.equal(promote.status, 403)
    assert.equal(promote.body.errors[0].code, 'E_FORBIDDEN')
    await admin.refresh()
    assert.equal(admin.role, 'staff')
    // Still staff: the rest of the panel works, with the role as it is now.
    assert.equal((await panel.api('GET', ORDERS_LIST)).status, 200)

    await User.query().where('id', admin.id).update({ role: 'customer' })
    const again = await panel.api('POST', `/resources/users/records/${admin.id}/edit`, {
      role: 'admin',
    })
    assert.equal(again.status, 401)
    await admin.refresh()
    assert.equal(admin.role, 'customer')
  })

  // issue 14, finding 4
  test('a deleted user is signed out; a renamed one is shown with the new name', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').merge({ fullName: 'Old Name' }).create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    await User.query().where('id', staff.id).update({ full_name: 'New Name' })
    const home = await panel.request('GET', '/admin')
    assert.equal(home.status, 200)
    const html = await home.text()
    assert.include(html, '"title":"New Name"')
    assert.notInclude(html, 'Old Name')

    await User.query().where('id', staff.id).delete()
    assert.equal((await panel.api('GET', ORDERS_LIST)).status, 401)
  })

  // issue 14, finding 4
  test('signing out is a POST with the CSRF token and ends the session on the server', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const saved = replay(panel)
    const keysSignedIn = runsWithRedis ? await sessionKeys() : 0

    // A GET (AdminJS's "Log out" link, or a link on another site) only
    // shows the button.
    const page = await panel.request('GET', '/admin/logout')
    assert.equal(page.status, 200)
    const html = await page.text()
    assert.match(html, /<form method="post" action="\/admin\/logout">/)
    assert.include(html, `name="_csrf" value="${panel.csrfToken}"`)
    assert.equal((await panel.api('GET', ORDERS_LIST)).status, 200)

    // Without the token (a form on another site): refused, still signed in.
    const forged = await panel.request('POST', '/admin/logout', {
      body: '',
      headers: { 'x-xsrf-token': 'forged', 'content-type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(forged.status, 403)
    assert.equal((await panel.api('GET', ORDERS_LIST)).status, 200)

    // The form, with its field.
    const out = await panel.request('POST', '/admin/logout', {
      body: new URLSearchParams({ _csrf: panel.csrfToken! }).toString(),
      headers: { 'x-xsrf-token': '', 'content-type': 'application/x-www-form-urlencoded' },
    })
    assert.equal(out.status, 302)
    assert.equal(out.headers.get('location'), '/admin/login')
    if (runsWithRedis) {
      // Gone from Redis, where every instance would have found it.
      assert.equal(await sessionKeys(), keysSignedIn - 1)
    }

    // The cookie saved before signing out no longer opens anything.
    const replayed = await saved.api('GET', ORDERS_LIST)
    assert.equal(replayed.status, 401)
    const home = await replay(saved).request('GET', '/admin')
    assert.equal(home.status, 302)
    assert.equal(home.headers.get('location'), '/admin/login')
  })

  // issue 14, finding 4
  test('signing out with the X-XSRF-TOKEN header works too', async ({ assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    const saved = replay(panel)
    const out = await panel.request('POST', '/admin/logout')
    assert.equal(out.status, 302)
    assert.equal((await saved.api('GET', ORDERS_LIST)).status, 401)
  })

  // issue 14, findings 4 and 13
  test('a password change ends the panel sessions opened before it', async ({ assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    assert.equal((await panel.api('GET', ORDERS_LIST)).status, 200)
    staff.password = 'another-password-1'
    await staff.save()
    assert.equal((await panel.api('GET', ORDERS_LIST)).status, 401)
    const again = await AdminSession.signIn(staff.email, 'another-password-1')
    assert.equal((await again.api('GET', ORDERS_LIST)).status, 200)
  })
})
