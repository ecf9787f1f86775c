import { configProvider } from '@adonisjs/core'
import { RuntimeException } from '@adonisjs/core/exceptions'
import type { ApplicationService } from '@adonisjs/core/types'
import type { MailManager } from '@adonisjs/mail'
import type AdonisMailProvider from '@adonisjs/mail/mail_provider'
import type { MailersList } from '@adonisjs/mail/types'

/**
 * The mail service (`mail.manager`, what `@adonisjs/mail/services/main`
 * gives) as @adonisjs/mail's own provider binds it, but with the library
 * (nodemailer, the message builder) imported when the service is first
 * made (the first e-mail, a test's `mail.fake()`), not at boot. Also
 * unlike it: no `Mailer` class binding (nothing injects it) and no Edge
 * template engine (the app renders its own templates: app/services/shop_mail.ts).
 * The service is closed at shutdown only when it was made.
 */
export default class MailProvider implements Pick<AdonisMailProvider, 'register' | 'shutdown'> {
  #manager: MailManager<MailersList> | null = null

  constructor(protected app: ApplicationService) {}

  register() {
    this.app.container.singleton('mail.manager', async (resolver) => {
      const { MailManager } = await import('@adonisjs/mail')
      const emitter = await resolver.make('emitter')
      const config = await configProvider.resolve<any>(this.app, this.app.config.get('mail'))
      if (!config) {
        throw new RuntimeException(
          'Invalid "config/mail.ts" file. Make sure you are using the "defineConfig" method'
        )
      }
      this.#manager = new MailManager(emitter, config)
      return this.#manager
    })
  }

  async shutdown() {
    await this.#manager?.closeAll()
  }
}
