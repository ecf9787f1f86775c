import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Variables of the test run that must not leak into a child app process.
 */
const RUN_SPECIFIC = ['NODE_ENV', 'PORT', 'HOST', 'SQLITE_FILE', 'DB_AUTO_MIGRATE', 'DEMO_DATA']

/**
 * The URL of the HTTP server the functional suite runs in-process.
 */
export function serverUrl(): string {
  return `http://${process.env.HOST}:${process.env.PORT}`
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface AppProcess {
  url: string
  child: ChildProcess
  output(): string
  stop(): Promise<void>
}

function baseEnv(env: Record<string, string | undefined>) {
  const merged: Record<string, string | undefined> = { ...process.env }
  for (const name of RUN_SPECIFIC) {
    delete merged[name]
  }
  /**
   * Outage and load tests sign one user in many times at once from
   * 127.0.0.1, which the sign-in budgets (counted before the password is
   * checked) would refuse: they are opened up for the apps started here.
   * The budgets themselves are tested in tests/functional/auth.
   */
  merged.RATE_LIMIT_LOGIN_PER_MINUTE ??= '100000'
  merged.RATE_LIMIT_LOGIN_ACCOUNT_PER_MINUTE ??= '100000'
  const result: Record<string, string | undefined> = { ...merged, LOG_LEVEL: 'info', ...env }
  /**
   * An empty string means "unset" here.
   */
  for (const [name, value] of Object.entries(result)) {
    if (value === '') {
      delete result[name]
    }
  }
  return result
}

function spawnServer(env: Record<string, string | undefined>, viaNpm = false) {
  /**
   * `viaNpm` starts it exactly as the README does (`npm start`), so the
   * process a supervisor would signal is npm's.
   */
  const [command, args] = viaNpm
    ? ['npm', ['start', '--silent']]
    : [process.execPath, ['--import=ts-node-maintained/register/esm', 'bin/server.ts']]
  return spawn(command, args, {
    cwd: APP_ROOT,
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/**
 * Runs the HTTP server in a child process (as `npm start` does) and waits
 * until /health/live answers. Stopped by its process id.
 */
export async function startApp(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  options: { viaNpm?: boolean } = {}
): Promise<AppProcess> {
  const port = await freePort()
  const child = spawnServer({ HOST: '127.0.0.1', PORT: String(port), ...env }, options.viaNpm)
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))

  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  }

  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The app exited with code ${child.exitCode} before serving:\n${output}`)
    }
    try {
      const response = await fetch(`${url}/health/live`)
      if (response.ok) {
        return { url, child, output: () => output, stop }
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stop()
  throw new Error(`The app did not serve within ${timeoutMs} ms:\n${output}`)
}

/**
 * Runs the server expecting it to stop by itself (a failed boot) and
 * returns its exit code and output.
 */
export async function runUntilExit(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000
): Promise<{ code: number | null; output: string }> {
  const port = await freePort()
  const child = spawnServer({ HOST: '127.0.0.1', PORT: String(port), ...env })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const [code] = (await once(child, 'exit')) as [number | null]
  clearTimeout(timer)
  return { code, output }
}
