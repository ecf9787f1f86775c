import { assert } from '@japa/assert'
import { apiClient, ApiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import testUtils from '@adonisjs/core/services/test_utils'
import { assertMatchesContract, contractCheckingFetch, isDocumented } from '#tests/support/contract'

/**
 * Japa plugins: assertions, the HTTP client (with route names and
 * `loginAs`) and the AdonisJS integration.
 */
export const plugins: Config['plugins'] = [
  assert(),
  apiClient(),
  pluginAdonisJS(app),
  authApiClient(app),
]

/**
 * The run's own database (see tests/support/test_environment.ts) is
 * migrated once before the first test.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [() => testUtils.db().migrate()],
  teardown: [],
}

/**
 * The functional suite talks to a real HTTP server on a loopback port.
 */
export const configureSuite: Config['configureSuite'] = (suite) => {
  if (suite.name === 'functional') {
    suite.setup(checkResponsesAgainstTheContract)
  }
  if (['browser', 'functional', 'e2e'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}

/**
 * Every REST API response the functional suite receives, through the API
 * client or fetch, is checked against the OpenAPI document: its operation
 * and status must be documented and its body must match the schema.
 */
function checkResponsesAgainstTheContract() {
  const originalFetch = globalThis.fetch
  globalThis.fetch = contractCheckingFetch(originalFetch)
  ApiClient.teardown(async (response) => {
    const { method, endpoint } = response.request.config
    if (method.toUpperCase() === 'HEAD' || !isDocumented(endpoint)) {
      return
    }
    const contentType = response.header('content-type')
    await assertMatchesContract({
      method,
      url: endpoint,
      status: response.status(),
      contentType,
      body: contentType?.includes('application/json')
        ? response.body()
        : response.text() || undefined,
    })
  })
  return () => {
    globalThis.fetch = originalFetch
    ApiClient.clearTeardownHooks()
  }
}
