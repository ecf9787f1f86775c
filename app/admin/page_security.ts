import { randomBytes } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { contentSecurityPolicy } from '#middleware/content_security_policy'

/**
 * The inline JSON values AdminJS writes into its pages (layout and login):
 * `window.REDUX_STATE = {...}` holds data from the database (the signed-in
 * user's name, resource labels...), `window.THEME = {...}` and
 * `JSON.parse('{...}')` the login page's settings.
 */
const INLINE_JSON_MARKERS = ['window.REDUX_STATE = ', 'window.THEME = ', "JSON.parse('"]

/**
 * Where the JSON value starting at `start` ends (the index after it), read
 * the way JSON.stringify writes it: strings with backslash escapes,
 * objects and arrays nested; null when it is not a complete value.
 */
function endOfJsonValue(source: string, start: number): number | null {
  const first = source[start]
  if (first !== '{' && first !== '[') {
    return null
  }
  let depth = 0
  let inString = false
  for (let index = start; index < source.length; index++) {
    const char = source[index]
    if (inString) {
      if (char === '\\') {
        index++
      } else if (char === '"') {
        inString = false
      }
      continue
    }
    if (char === '"') {
      inString = true
    } else if (char === '{' || char === '[') {
      depth++
    } else if (char === '}' || char === ']') {
      depth--
      if (depth === 0) {
        return index + 1
      }
    }
  }
  return null
}

/**
 * `<` cannot close the script element once written `\u003c` (the same
 * character for JavaScript and JSON); U+2028 and U+2029 are escaped too.
 */
function escapeForScript(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * Makes a page rendered by AdminJS safe to serve (issue 14, finding 8):
 * - every inline JSON value is escaped, so a `</script>` in the data (a
 *   user's full name, say) stays text inside its string;
 * - every `<script>` element gets the response's nonce (the CSP allows
 *   scripts from this origin and nonced inline ones only); after the
 *   escaping, the only `<script` tags left are the template's own;
 * - the Google Fonts stylesheet (the one request off this host, which the
 *   CSP refuses) is left out: the panel falls back to the system fonts.
 */
export function hardenAdminHtml(html: string, nonce: string): string {
  let result = html
  for (const marker of INLINE_JSON_MARKERS) {
    let from = 0
    while (true) {
      const at = result.indexOf(marker, from)
      if (at === -1) {
        break
      }
      const start = at + marker.length
      const end = endOfJsonValue(result, start)
      if (end === null) {
        from = start
        continue
      }
      const escaped = escapeForScript(result.slice(start, end))
      result = result.slice(0, start) + escaped + result.slice(end)
      from = start + escaped.length
    }
  }
  return result
    .replace(/<link[^>]*href="https:\/\/fonts\.googleapis\.com[^"]*"[^>]*>/g, '')
    .replace(/<script(?=[\s>])/g, `<script nonce="${nonce}"`)
}

/**
 * The panel's policy: its scripts from this origin or nonced (AdminJS's
 * inline state), its API on this origin, never framed. Styles allow inline
 * (AdminJS's styled-components insert style elements at run time).
 */
export function adminContentSecurityPolicy(nonce: string): string {
  return contentSecurityPolicy({
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
  })
}

/**
 * Middleware for every panel route: a fresh nonce per response, the CSP
 * header, and the HTML pages hardened (see hardenAdminHtml).
 */
export async function adminPageSecurity(ctx: HttpContext, next: NextFn) {
  const nonce = randomBytes(18).toString('base64')
  ctx.response.header('content-security-policy', adminContentSecurityPolicy(nonce))
  await next()
  const body = ctx.response.getBody()
  if (typeof body === 'string' && /^\s*<!DOCTYPE html>/i.test(body)) {
    ctx.response.send(hardenAdminHtml(body, nonce))
  }
}
