import { test } from '@japa/runner'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { randomBytes } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { runUntilExit, startApp } from '#tests/support/app_process'

test.group('Boot', () => {
  test('a malformed env value stops the boot with a message naming it', async ({ assert }) => {
    const { code, output } = await runUntilExit({ PORT: 'not-a-port' })
    assert.notEqual(code, 0)
    assert.include(output, 'PORT')
  }).timeout(90_000)

  test('an unknown database driver stops the boot naming DB_CONNECTION', async ({ assert }) => {
    const { code, output } = await runUntilExit({ DB_CONNECTION: 'mysql' })
    assert.notEqual(code, 0)
    assert.include(output, 'DB_CONNECTION')
  }).timeout(90_000)

  test('production refuses to start without an APP_KEY', async ({ assert }) => {
    const { code, output } = await runUntilExit({ NODE_ENV: 'production', APP_KEY: '' })
    assert.notEqual(code, 0)
    assert.include(output, 'APP_KEY')
  }).timeout(90_000)

  test('a port already taken stops the boot (exit 1) instead of leaving a process that serves nothing', async ({
    assert,
    cleanup,
  }) => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    cleanup(() => new Promise<void>((resolve) => taken.close(() => resolve())))
    const port = (taken.address() as AddressInfo).port
    const file = fileURLToPath(
      new URL(`../../../tmp/boot_${randomBytes(4).toString('hex')}.sqlite3`, import.meta.url)
    )
    cleanup(() => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    })
    // Killed after 60 s if it stays up (the exit code is then null).
    const { code, output } = await runUntilExit({
      PORT: String(port),
      DB_CONNECTION: '',
      SQLITE_FILE: file,
      DATABASE_URL: '',
      DEMO_DATA: 'false',
      REDIS_HOST: '',
      REDIS_URL: '',
    })
    assert.equal(code, 1)
    assert.include(output, 'EADDRINUSE')
  }).timeout(90_000)

  test('with no configuration the app migrates, seeds the demo data and serves', async ({
    assert,
    cleanup,
  }) => {
    const file = fileURLToPath(
      new URL(`../../../tmp/boot_${randomBytes(4).toString('hex')}.sqlite3`, import.meta.url)
    )
    cleanup(() => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    })
    const app = await startApp({
      DB_CONNECTION: '',
      SQLITE_FILE: file,
      DATABASE_URL: '',
      REDIS_HOST: '',
      REDIS_URL: '',
    })
    cleanup(() => app.stop())

    const ready = await fetch(`${app.url}/health/ready`)
    assert.equal(ready.status, 200)

    for (const email of ['admin@shop.test', 'staff@shop.test', 'customer@shop.test']) {
      const login = await fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'password123' }),
      })
      assert.equal(login.status, 200, `${email} can sign in`)
      const body = (await login.json()) as { data: { user: { role: string } } }
      assert.equal(body.data.user.role, email.split('@')[0])
    }
  }).timeout(90_000)
})
