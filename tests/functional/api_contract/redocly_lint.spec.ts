import { test } from '@japa/runner'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { openApiDocument } from '#openapi/document'
import { AUTH_ERRORS } from '#auth/auth_errors'

/**
 * The served document, linted by Redocly with its recommended rules (issue
 * 15, item 5): zero errors. Warnings are printed, not failed on.
 */
test.group('OpenAPI document: Redocly lint', () => {
  test('GET /openapi.json passes the recommended rules with no error', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/openapi.json')
    response.assertStatus(200)
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({
      source: response.text(),
      absoluteRef: 'openapi.json',
      config,
    })
    const describe = (problem: (typeof problems)[number]) =>
      `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? '?'}`
    const errors = problems.filter((problem) => problem.severity === 'error').map(describe)
    const warnings = problems.filter((problem) => problem.severity === 'warn').map(describe)
    if (warnings.length) {
      console.log(`Redocly warnings (${warnings.length}):\n${warnings.join('\n')}`)
    }
    assert.deepEqual(errors, [])
  })

  test('the 401 answers document every code and the WWW-Authenticate challenge', ({ assert }) => {
    const document = openApiDocument()
    const unauthorized = document.components.responses.Unauthorized
    assert.equal(
      unauthorized.headers['WWW-Authenticate'].$ref,
      '#/components/headers/WwwAuthenticate'
    )
    for (const code of [
      'E_TOKEN_MISSING',
      'E_TOKEN_INVALID',
      'E_TOKEN_EXPIRED',
      'E_TOKEN_REVOKED',
    ]) {
      assert.include(unauthorized.description, code)
    }
    const refresh = document.paths['/api/v1/auth/refresh'].post.responses['401']
    for (const code of ['E_REFRESH_INVALID', 'E_REFRESH_EXPIRED', 'E_REFRESH_REVOKED']) {
      assert.include(refresh.description, code)
    }
    assert.include(
      document.paths['/api/v1/auth/login'].post.responses['401'].description,
      'E_INVALID_CREDENTIALS'
    )
    // every code the API can answer with a 401 is documented somewhere
    const text = JSON.stringify(document)
    for (const code of Object.keys(AUTH_ERRORS)) {
      assert.include(text, code)
    }
  })
})
