import { test } from '@japa/runner'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * The rule ids the import-direction rule (eslint.config.js) reports for
 * `source` written in `filePath` (nothing is read from or written to disk).
 */
async function ruleIds(eslint: ESLint, filePath: string, source: string) {
  const [result] = await eslint.lintText(`${source}\n`, { filePath })
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.ruleId)
}

test.group('Import directions (eslint.config.js)', (group) => {
  let eslint: ESLint
  group.setup(() => {
    eslint = new ESLint({ cwd: ROOT })
  })

  test('{0} may not import {1}')
    .with<[string, string][]>([
      ['app/domain/x.ts', '#services/money'],
      ['app/domain/x.ts', '#models/order'],
      ['app/domain/x.ts', '@adonisjs/lucid/services/db'],
      ['app/models/x.ts', '#services/slug_service'],
      ['app/models/x.ts', '#openapi/document'],
      ['app/models/x.ts', '#serializers/user_serializer'],
      ['app/models/x.ts', '#validators/email'],
      ['app/models/order_item.ts', '#services/cart_service'],
      ['app/validators/x.ts', '#models/user'],
      ['app/validators/x.ts', '#services/money'],
      ['app/services/x.ts', '#openapi/document'],
      ['app/services/x.ts', '#controllers/orders_controller'],
      ['app/services/stock_service.ts', '#models/product'],
      ['app/serializers/x.ts', '#services/money'],
      ['app/events/x.ts', '#services/stock_service'],
      ['config/x.ts', '#services/money'],
      ['config/x.ts', '#admin/auth'],
    ])
    .run(async ({ assert }, [filePath, source]) => {
      const ids = await ruleIds(eslint, filePath, `import x from '${source}'\nexport default x`)
      assert.deepEqual(ids, ['no-restricted-imports'])
    })

  test('{0} may import {1}')
    .with<[string, string][]>([
      ['app/domain/x.ts', '#domain/money'],
      ['app/models/order_item.ts', '#services/stock_service'],
      ['app/models/x.ts', '#domain/slug'],
      ['app/services/x.ts', '#serializers/order_serializer'],
      ['app/serializers/x.ts', '#models/order'],
      ['app/controllers/x.ts', '#services/money'],
      ['config/adminjs.ts', '#admin/auth'],
      ['config/session.ts', '#admin/session_stores'],
    ])
    .run(async ({ assert }, [filePath, source]) => {
      const ids = await ruleIds(eslint, filePath, `import x from '${source}'\nexport default x`)
      assert.deepEqual(ids, [])
    })
})
