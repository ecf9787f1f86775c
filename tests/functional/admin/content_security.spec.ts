import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { AdminSession } from '#tests/support/admin_session'
import { serverUrl } from '#tests/support/app_process'

const BREAKOUT = '</script><script>window.__pwned=1</script>'

function directives(policy: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) {
      map.set(name, values)
    }
  }
  return map
}

/**
 * What every page's policy must say: nothing inline or evaluated for
 * scripts unless nonced or hashed, nothing from other origins, no frames.
 */
function assertStrictPolicy(assert: any, policy: string | null, label: string) {
  assert.isString(policy, `${label}: no Content-Security-Policy`)
  const parsed = directives(policy)
  assert.deepEqual(parsed.get('frame-ancestors'), ["'none'"], label)
  assert.deepEqual(parsed.get('object-src'), ["'none'"], label)
  assert.deepEqual(parsed.get('default-src'), ["'self'"], label)
  const scripts = parsed.get('script-src') ?? []
  assert.include(scripts, "'self'", label)
  assert.notInclude(scripts, "'unsafe-inline'", label)
  assert.notInclude(scripts, "'unsafe-eval'", label)
  assert.notMatch(policy!, /https?:|\*/, `${label}: a third-party origin in ${policy}`)
}

test.group('Content-Security-Policy and inline JSON of the pages', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 8
  test('/docs, /redoc and the live page send a strict policy', async ({ assert }) => {
    for (const path of ['/docs', '/redoc', '/account/orders/live']) {
      const response = await fetch(`${serverUrl()}${path}`)
      assert.equal(response.status, 200, path)
      assertStrictPolicy(assert, response.headers.get('content-security-policy'), path)
      const html = await response.text()
      const styles = directives(response.headers.get('content-security-policy')).get('style-src')!
      if (path !== '/redoc') {
        // Their one inline style is allowed by its hash, nothing else inline.
        assert.notInclude(styles, "'unsafe-inline'", path)
        assert.isTrue(
          styles.some((value) => value.startsWith("'sha256-")),
          path
        )
      }
      assert.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${path} has an inline script`)
    }
  })

  // issue 14, finding 8
  test('the panel pages send a policy with a fresh nonce on each of their scripts', async ({
    assert,
  }) => {
    const login = await fetch(`${serverUrl()}/admin/login`)
    const policy = login.headers.get('content-security-policy')
    assertStrictPolicy(assert, policy, '/admin/login')
    const nonce = /'nonce-([^']+)'/.exec(policy!)![1]
    const html = await login.text()
    const tags = html.match(/<script[^>]*>/g) ?? []
    assert.isAbove(tags.length, 3)
    for (const tag of tags) {
      assert.include(tag, `nonce="${nonce}"`)
    }
    assert.notInclude(html, 'fonts.googleapis.com')

    const again = await fetch(`${serverUrl()}/admin/login`)
    assert.notEqual(again.headers.get('content-security-policy'), policy)
  })

  // issue 14, finding 8
  test('a user name with </script> stays inside the panel page inline state', async ({
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').merge({ fullName: BREAKOUT }).create()
    const panel = await AdminSession.signIn(staff.email, 'password123')
    for (const path of ['/admin', '/admin/resources/orders']) {
      const response = await panel.request('GET', path)
      assert.equal(response.status, 200, path)
      assertStrictPolicy(assert, response.headers.get('content-security-policy'), path)
      const html = await response.text()
      assert.notInclude(html, BREAKOUT, path)
      assert.include(html, '\\u003c/script>\\u003cscript>window.__pwned=1\\u003c/script>', path)
      // As many script elements close as open: nothing broke out.
      assert.equal(
        (html.match(/<script\b/g) ?? []).length,
        (html.match(/<\/script>/g) ?? []).length,
        path
      )
      // The escaped state is the same data once parsed.
      const state = /window\.REDUX_STATE = (.*);\n/.exec(html)![1]
      assert.equal(JSON.parse(state).session.title, BREAKOUT)
    }
  })
})
