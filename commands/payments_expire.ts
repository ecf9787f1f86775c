import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace payments:expire`: expires every order whose payment window
 * has closed (issue 20): its payment `expired`, the order `cancelled`
 * and its stock back, as the delayed `payment.expire` job does for one
 * order. A sweep for what those jobs missed (a queue that was down, jobs
 * left to `jobs:work` processes that were not running); safe to run at
 * any time and from cron, since expiring an order happens once.
 */
export default class PaymentsExpire extends BaseCommand {
  static commandName = 'payments:expire'
  static description = 'Cancel the orders whose payment window has closed (issue 20)'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'At most this many orders in one run (default: 500)' })
  declare limit?: number

  async run() {
    if (this.limit !== undefined && (!Number.isInteger(this.limit) || this.limit < 1)) {
      this.logger.error('--limit must be a positive integer')
      this.exitCode = 1
      return
    }
    const { PaymentService } = await import('#services/payment_service')
    const expired = await new PaymentService().expireOverdue(this.limit)
    this.logger.success(
      `payments:expire: ${expired} order${expired === 1 ? '' : 's'} expired and cancelled`
    )
  }
}
