import { configProvider } from '@adonisjs/core'
import type { InferMailers } from '@adonisjs/mail/types'
import env from '#start/env'

const user = env.get('SMTP_USER')
const password = env.get('SMTP_PASSWORD')

/**
 * The shop's e-mails go out through one SMTP server, configured by
 * environment. The defaults (localhost:1025, no TLS, no login) are where
 * `npx maildev` listens, to catch mail on a development machine. Mail is
 * only ever sent by the `mail.send` job (app/jobs/send_mail_job.ts),
 * never inside a request.
 */
const smtp = {
  host: env.get('SMTP_HOST') ?? 'localhost',
  port: env.get('SMTP_PORT') ?? 1025,
  secure: env.get('SMTP_SECURE') ?? false,
  auth: user ? { type: 'login' as const, user, pass: password ?? '' } : undefined,
  /**
   * nodemailer's timeouts (milliseconds): a server that does not answer
   * fails the job (which is retried), it never holds a worker for
   * minutes.
   */
  ...{ connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
}

/**
 * @adonisjs/mail (and nodemailer with it) is imported when the mail
 * service is first made (providers/mail_provider.ts), not at boot: this
 * is its `defineConfig` with the SMTP transport, resolved then.
 */
const mailConfig = configProvider.create(async (app) => {
  const { defineConfig, transports } = await import('@adonisjs/mail')
  return defineConfig({ default: 'smtp', mailers: { smtp: transports.smtp(smtp) } }).resolver(app)
})

/**
 * Who the shop's e-mails are from and where they link to. Without
 * MAIL_FROM, mail is sent from the shop's e-mail address in its settings.
 * MAIL_PRODUCT_URL is the product page a back-in-stock notice links to,
 * `{slug}` and `{id}` replaced; without it, the API's product resource.
 */
export const shopMail = {
  from: env.get('MAIL_FROM') ?? null,
  productUrl:
    env.get('MAIL_PRODUCT_URL') ??
    `${(env.get('APP_URL') ?? `http://localhost:${env.get('PORT') ?? 3333}`).replace(/\/+$/, '')}/api/v1/products/{slug}`,
}

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
