import type { HttpContext } from '@adonisjs/core/http'
import { healthChecks } from '#start/health'

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
    const report = await healthChecks.run()
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
