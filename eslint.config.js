import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  {
    ignores: ['build/**', 'tmp/**', 'coverage/**'],
  },
  {
    /**
     * Tests and benchmark scripts read response bodies inline:
     * `(await response.json()).data` is clearer there than a temporary.
     */
    files: ['tests/**', 'bench/**'],
    rules: {
      '@unicorn/no-await-expression-member': 'off',
    },
  }
)
