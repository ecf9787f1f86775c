import { test } from '@japa/runner'
import { hardenAdminHtml } from '#admin/page_security'

function layout(state: unknown) {
  return `<!DOCTYPE html>
<html><head>
  <script>
    window.REDUX_STATE = ${JSON.stringify(state)};
    window.THEME = ${JSON.stringify({ font: 'a<b' })};
  </script>
  <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto:300" type="text/css">
  <script src="/admin/frontend/assets/app.bundle.js"></script>
  <script>
    window.__APP_STATE__ = JSON.parse('${JSON.stringify({ action: '/admin/login<' })}');
  </script>
</head><body><div id="app"></div></body></html>`
}

// issue 14, finding 8
test.group('hardenAdminHtml', () => {
  test('escapes < and line separators in every inline JSON value, and only there', ({ assert }) => {
    const title = '</script><script>alert(1)</script> "quoted" {braces} [and] \\ \u2028\u2029'
    const html = hardenAdminHtml(layout({ session: { title }, list: [{ a: '}' }] }), 'N0NCE')
    assert.notInclude(html, '</script><script>alert(1)')
    assert.notInclude(html, '\u2028')
    const state = /window\.REDUX_STATE = (.*);\n/.exec(html)![1]
    assert.deepEqual(JSON.parse(state), { session: { title }, list: [{ a: '}' }] })
    assert.include(html, 'window.THEME = {"font":"a\\u003cb"};')
    assert.include(html, `JSON.parse('{"action":"/admin/login\\u003c"}')`)
    assert.equal((html.match(/<script\b/g) ?? []).length, (html.match(/<\/script>/g) ?? []).length)
  })

  test('gives every script element the nonce and drops the Google Fonts stylesheet', ({
    assert,
  }) => {
    const html = hardenAdminHtml(layout({ session: null }), 'N0NCE')
    const tags = html.match(/<script[^>]*>/g)!
    assert.lengthOf(tags, 3)
    for (const tag of tags) {
      assert.include(tag, 'nonce="N0NCE"')
    }
    assert.notInclude(html, 'fonts.googleapis.com')
  })
})
