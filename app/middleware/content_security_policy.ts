import { createHash } from 'node:crypto'

export type CspDirectives = Record<string, string[]>

/**
 * What every page's policy says unless it says otherwise: nothing from
 * other origins, no plugins, no <base> rewriting, forms to this origin
 * only, and never in a frame (issue 14, finding 8).
 */
const BASE: CspDirectives = {
  'default-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
}

/**
 * A Content-Security-Policy header value: the base directives, overridden
 * or completed by the page's own.
 */
export function contentSecurityPolicy(directives: CspDirectives): string {
  return Object.entries({ ...BASE, ...directives })
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

/**
 * The CSP hash sources of a static page's inline `<script>` and `<style>`
 * elements (each element's exact text), so a policy can allow exactly
 * those and nothing else inline.
 */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const hashesOf = (tag: 'script' | 'style') =>
    [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
      .map(([, text]) => text)
      .filter((text) => text.length > 0)
      .map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`)
  return { scripts: hashesOf('script'), styles: hashesOf('style') }
}
