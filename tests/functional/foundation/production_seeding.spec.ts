import { test } from '@japa/runner'
import { randomBytes } from 'node:crypto'
import { startApp } from '#tests/support/app_process'
import { createScratchSqlite } from '#tests/support/faults'

/**
 * Issue 14, finding 1: production on the default SQLite database seeded the
 * demo accounts (admin@shop.test / password123 signed in as admin).
 */
async function bootProduction(
  label: string,
  demoData: string,
  cleanup: (fn: () => Promise<void>) => void
) {
  const database = await createScratchSqlite(label)
  cleanup(() => database.drop())
  const app = await startApp(
    {
      ...database.appEnv(),
      NODE_ENV: 'production',
      APP_KEY: randomBytes(32).toString('base64url'),
      DEMO_DATA: demoData,
      REDIS_HOST: '',
      REDIS_URL: '',
      ADMIN_JS_SKIP_BUNDLE: 'true',
    },
    90_000
  )
  cleanup(() => app.stop())
  return { app, database }
}

async function signInAsDemoAdmin(url: string) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@shop.test', password: 'password123' }),
  })
  await response.arrayBuffer()
  return response.status
}

test.group('Boot: demo data in production', () => {
  test('production on a fresh SQLite file seeds nothing: the demo admin cannot sign in', async ({
    assert,
    cleanup,
  }) => {
    const { app, database } = await bootProduction('prod_noseed', '', cleanup)

    assert.equal(await signInAsDemoAdmin(app.url), 401)
    const [row] = await database.client.from('users').count('* as total')
    assert.equal(Number(row.total), 0)
    assert.notInclude(app.output(), 'seeded the demo data')
  }).timeout(120_000)

  test('production with DEMO_DATA=true seeds the demo accounts and warns naming them', async ({
    assert,
    cleanup,
  }) => {
    const { app, database } = await bootProduction('prod_seed', 'true', cleanup)

    assert.equal(await signInAsDemoAdmin(app.url), 200)
    const [row] = await database.client.from('users').count('* as total')
    assert.equal(Number(row.total), 3)

    const warning = app
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .find((entry) => entry.msg.includes('DEMO_DATA=true in production'))
    assert.exists(warning, 'a warning about the demo accounts is logged')
    assert.isAtLeast(warning!.level, 40)
    assert.include(warning!.msg, 'admin@shop.test')
  }).timeout(120_000)
})
