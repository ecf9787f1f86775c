import { test } from '@japa/runner'
import { createConfig, lintFromString } from '@redocly/openapi-core'

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
})
