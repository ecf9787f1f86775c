const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!
  )

/**
 * The page behind AdminJS's "Log out" link (a GET): a button that posts
 * the sign-out with the session's CSRF token. No script: a page that
 * submitted itself would let any site sign a user out with a link.
 */
export function logoutPage(options: { action: string; csrfToken: string; rootPath: string }) {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Sign out - Shop admin</title>
    <style>
      body { font-family: system-ui, sans-serif; color: #1f2933; display: grid; place-items: center; min-height: 90vh; margin: 0; }
      main { text-align: center; }
      button { font-size: 1rem; padding: .55rem 1.2rem; cursor: pointer; }
      a { margin-left: 1rem; }
    </style>
  </head>
  <body>
    <main>
      <h1>Sign out of the staff panel?</h1>
      <form method="post" action="${escapeHtml(options.action)}">
        <input type="hidden" name="_csrf" value="${escapeHtml(options.csrfToken)}" />
        <button type="submit">Sign out</button>
        <a href="${escapeHtml(options.rootPath)}">Back to the panel</a>
      </form>
    </main>
  </body>
</html>
`
}
