import { domainToASCII } from 'node:url'

/**
 * E-mail addresses are identities here (unique per account, the key of
 * the sign-in budgets), so two spellings that look the same must be the
 * same address, and characters nobody can see are refused. The rule:
 *
 * 1. invisible and control characters are refused outright: control (Cc),
 *    format (Cf: zero-width space and joiners, BOM, soft hyphen, bidi
 *    controls), private-use and unassigned code points, line and paragraph
 *    separators, and white space inside the address;
 * 2. NFKC normalisation (fullwidth `ａｄｍｉｎ＠ｓｈｏｐ．ｔｅｓｔ` becomes
 *    `admin@shop.test`, ligatures and compatibility forms are folded), then
 *    lowercase;
 * 3. the part before the @ must then be ASCII (letters a-z, digits and the
 *    RFC 5322 symbols `!#$%&'*+/=?^_\`{|}~-`, dot-separated): accented and
 *    look-alike letters (dotless i, Cyrillic a, a letter with a stray
 *    combining mark) are refused rather than guessed at. Mail providers
 *    hardly accept anything else there;
 * 4. the domain is converted to ASCII the way browsers do it (UTS #46:
 *    case folding and mapping, then punycode: `bücher.de` is stored as
 *    `xn--bcher-kva.de`); a domain that does not convert (a label starting
 *    with a combining mark, say) is refused.
 *
 * The result is what is stored, compared for uniqueness and looked up at
 * sign-in, so a look-alike spelling signs in to, or conflicts with, the
 * account it imitates.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\s]/u
const LOCAL_ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
const LOCAL_PART = new RegExp(`^${LOCAL_ATOM}(?:\\.${LOCAL_ATOM})*$`)
const DOMAIN_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const DOMAIN = new RegExp(`^${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})+$`)

export const EMAIL_MAX_LENGTH = 254

export const EMAIL_MESSAGES = {
  invisible: 'The email must not contain invisible, control or space characters',
  format: 'The email must be an address like name@example.com',
  localPart:
    'The part of the email before @ may use only the letters a-z, digits and . _ + - ' +
    "! # $ % & ' * / = ? ^ ` { | } ~ (no accented or look-alike letters)",
  domain: 'The domain of the email is not a valid domain name',
  length: `The email must be at most ${EMAIL_MAX_LENGTH} characters`,
} as const

export type EmailProblem = keyof typeof EMAIL_MESSAGES

/**
 * The canonical form of an address, or what is wrong with it.
 */
export function normalizeEmail(
  raw: string
): { email: string; problem?: undefined } | { email?: undefined; problem: EmailProblem } {
  /**
   * Only ordinary white space around the address is forgiven (a pasted
   * line break); an invisible character anywhere, a BOM included, is not.
   */
  const trimmed = raw.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')
  if (INVISIBLE_OR_CONTROL.test(trimmed)) {
    return { problem: 'invisible' }
  }
  const folded = trimmed.normalize('NFKC').toLowerCase()
  if (INVISIBLE_OR_CONTROL.test(folded)) {
    return { problem: 'invisible' }
  }
  const at = folded.lastIndexOf('@')
  if (at <= 0 || at === folded.length - 1) {
    return { problem: 'format' }
  }
  const local = folded.slice(0, at)
  const domainInput = folded.slice(at + 1)
  if (!LOCAL_PART.test(local) || local.length > 64) {
    return { problem: local.includes('@') ? 'format' : 'localPart' }
  }
  const domain = domainToASCII(domainInput)
  if (!domain || !DOMAIN.test(domain)) {
    return { problem: 'domain' }
  }
  const email = `${local}@${domain}`
  if (email.length > EMAIL_MAX_LENGTH) {
    return { problem: 'length' }
  }
  return { email }
}
