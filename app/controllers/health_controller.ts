import type { HttpContext } from '@adonisjs/core/http'
import { setTimeout as sleep } from 'node:timers/promises'
import { healthChecks } from '#start/health'
import { redisEnabled } from '#start/runtime'

/**
 * The longest /health/ready waits for its checks.
 */
const READY_DEADLINE_MS = 1_800

function deadline(ms: number): Promise<null> {
  return sleep(ms, null, { ref: false })
}

export default class HealthController {
  /**
   * The process is up and serving requests.
   */
  live({ response }: HttpContext) {
    return response.ok({ status: 'ok' })
  }

  /**
   * Every backing service answers. 503 (with the failing checks named in
   * the usual error list) when one does not.
   */
  async ready({ response }: HttpContext) {
    const report = await Promise.race([healthChecks.run(), deadline(READY_DEADLINE_MS)])
    if (report === null) {
      /**
       * A backing service that is stalled rather than gone (the
       * connection open, nothing answered) must not hold the probe: past
       * the deadline it is down (issue 14, finding 6).
       */
      return response.serviceUnavailable({
        status: 'error',
        checks: [],
        errors: [
          {
            code: 'E_SERVICE_UNAVAILABLE',
            message: `The readiness checks (database${redisEnabled ? ', Redis' : ''}) did not answer within ${READY_DEADLINE_MS} ms`,
          },
        ],
      })
    }
    const checks = report.checks.map((check) => ({
      name: check.name,
      status: check.status,
      message: check.message,
      meta: check.meta,
    }))
    if (report.isHealthy) {
      return response.ok({ status: report.status, checks })
    }
    return response.serviceUnavailable({
      status: report.status,
      checks,
      errors: report.checks
        .filter((check) => check.status === 'error')
        .map((check) => ({
          code: 'E_SERVICE_UNAVAILABLE',
          message: `${check.name}: ${check.message}`,
        })),
    })
  }
}
