import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface WorkerProcess {
  child: ChildProcess
  output(): string
  kill(signal: NodeJS.Signals): Promise<void>
}

/**
 * Runs `node ace jobs:work` in a child process on this test run's
 * database and Redis key space, and waits until it says it is running.
 * Stopped (or killed) by its process id.
 */
export async function startJobWorker(
  env: Record<string, string> = {},
  timeoutMs = 60_000
): Promise<WorkerProcess> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    JOBS_POLL_MS: '100',
    JOBS_LOCK_MS: '2000',
    WEBHOOK_BACKOFF_MS: '200',
    WEBHOOKS_ALLOW_PRIVATE: 'true',
    ...env,
  }
  delete childEnv.PORT
  const child = spawn(process.execPath, ['ace', 'jobs:work'], {
    cwd: APP_ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal)
      await once(child, 'exit')
    }
  }
  const deadline = Date.now() + timeoutMs
  while (!output.includes('jobs:work: running jobs')) {
    if (child.exitCode !== null) {
      throw new Error(`jobs:work exited with code ${child.exitCode}:\n${output}`)
    }
    if (Date.now() > deadline) {
      await kill('SIGKILL')
      throw new Error(`jobs:work did not start within ${timeoutMs} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { child, output: () => output, kill }
}
