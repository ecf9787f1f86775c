/**
 * Boot to the first answer, and idle memory (issue 22, item 4; target:
 * first answer within 1.5 s, idle RSS at most 160 MB).
 *
 * `benchBoot({ runs })` boots the app `runs` times on PostgreSQL + Redis
 * in production mode (compiled by `node ace build` when `buildApp()` ran
 * before, as in `npm run bench`; from the TypeScript sources otherwise) on
 * its own database (`shop_bench_boot` unless `database` says otherwise), migrated by a first boot that is not
 * counted. For each boot it measures, from the spawn of node:
 * - the first answer (`GET /health/live`) and the first API answer
 *   (`GET /api/v1/categories`, right after it);
 * - the CPU time the process used until its first answer (on a shared
 *   machine it varies less than the wall clock) and its RSS then (idle: no
 *   request but those two);
 * - then the staff panel's first answer (`GET /admin/login`: the panel is
 *   loaded on its first request) and the RSS after it.
 * The panel's request is sent together with API requests, so its lazy load
 * runs alongside the API's own lazy imports: a boot or a request that does
 * not answer within `timeoutMs` counts as a hang (the process is killed).
 *
 *   node bench/boot.mjs --runs 10            # from the sources
 *   node bench/boot.mjs --runs 10 --build    # compiled first (node ace build)
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import {
  buildApp,
  envWith,
  flag,
  freePort,
  isMain,
  prepareDatabase,
  report,
  root,
  round,
  tsNode,
} from './lib.mjs'

/**
 * RSS (MB) and CPU time used so far (ms) of a process, from /proc.
 */
function usage(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime are fields 14 and 15 of /proc/pid/stat, in clock ticks (100 per second).
  const ticks = Number(fields[11]) + Number(fields[12])
  return {
    rssMb: round(Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024),
    cpuMs: ticks * 10,
  }
}

async function answer(url, deadline) {
  for (;;) {
    if (performance.now() > deadline) return undefined
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(Math.max(1, Math.round(deadline - performance.now()))),
      })
      await response.arrayBuffer()
      return response.status
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * One boot: the figures above, or `{ hung: true, at }` when something did
 * not answer in time.
 */
async function bootOnce(env, { compiled, timeoutMs }) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const entry = compiled ? ['build/bin/server.js'] : [...tsNode, 'bin/server.ts']
  const started = performance.now()
  const child = spawn('node', entry, {
    cwd: root,
    env: envWith({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const deadline = started + timeoutMs
  const since = () => Math.round(performance.now() - started)
  try {
    const live = await Promise.race([answer(`${url}/health/live`, deadline), exited.then(() => -1)])
    if (live === -1) throw new Error(`the app exited with ${child.exitCode}`)
    if (live !== 200) return { hung: true, at: 'first answer' }
    const firstAnswerMs = since()
    const idle = usage(child.pid)
    const api = await answer(`${url}/api/v1/categories`, deadline)
    if (api !== 200) return { hung: true, at: 'first API answer' }
    const firstApiMs = since()
    const idleAfterApi = usage(child.pid)

    const panelStarted = performance.now()
    const statuses = await Promise.all([
      answer(`${url}/admin/login`, deadline + timeoutMs),
      answer(`${url}/api/v1/products`, deadline + timeoutMs),
      answer(`${url}/health/ready`, deadline + timeoutMs),
      answer(`${url}/openapi.json`, deadline + timeoutMs),
    ])
    if (statuses.some((status) => status !== 200)) {
      return { hung: true, at: `panel and API requests (${statuses.join(', ')})` }
    }
    return {
      firstAnswerMs,
      firstApiMs,
      cpuMsToFirstAnswer: idle.cpuMs,
      idleRssMb: idleAfterApi.rssMb,
      panelFirstAnswerMs: Math.round(performance.now() - panelStarted),
      rssAfterPanelMb: usage(child.pid).rssMb,
    }
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 15_000)),
      ])
      if (!stopped) {
        child.kill('SIGKILL')
        await exited
      }
    }
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/**
 * Boots the app `runs` times (see the top of this file). `compiled`: run
 * build/bin/server.js (call buildApp() first) rather than the sources;
 * `timeoutMs`: how long a boot, or the requests after it, may take before
 * counting as a hang; `database`: the PostgreSQL database it creates and
 * drops; `onBoot(boot, index)`: called after each counted boot.
 */
export async function benchBoot({
  runs = 5,
  compiled = true,
  timeoutMs = 60_000,
  database = 'shop_bench_boot',
  onBoot = () => {},
} = {}) {
  const env = {
    ...(await prepareDatabase('pg', { database })),
    // The panel's component bundle is built by the panel's first request
    // in production: not what is measured here.
    ADMIN_JS_SKIP_BUNDLE: 'true',
  }
  const boots = []
  try {
    // The first boot migrates the new database: not counted.
    const first = await bootOnce(env, { compiled, timeoutMs: timeoutMs * 3 })
    if (first.hung) throw new Error(`the first boot (migrations) did not answer: ${first.at}`)
    for (let run = 0; run < runs; run++) {
      boots.push(await bootOnce(env, { compiled, timeoutMs }))
      onBoot(boots.at(-1), run)
    }
  } finally {
    const admin = new pg.Client({
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 5432),
      user: process.env.DB_USER ?? 'postgres',
      password: process.env.DB_PASSWORD,
      database: 'postgres',
    })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    await admin.end()
  }
  const answered = boots.filter((boot) => !boot.hung)
  const hangs = boots.filter((boot) => boot.hung)
  const figure = (key) => answered.map((boot) => boot[key])
  const summary = (key) =>
    answered.length
      ? {
          median: median(figure(key)),
          min: Math.min(...figure(key)),
          max: Math.max(...figure(key)),
        }
      : {}
  return {
    runs,
    compiled,
    hangs: hangs.length,
    hangsAt: hangs.map((boot) => boot.at),
    firstAnswerMs: summary('firstAnswerMs'),
    firstApiMs: summary('firstApiMs'),
    cpuMsToFirstAnswer: summary('cpuMsToFirstAnswer'),
    idleRssMb: summary('idleRssMb'),
    panelFirstAnswerMs: summary('panelFirstAnswerMs'),
    rssAfterPanelMb: summary('rssAfterPanelMb'),
    // What the bench table shows (the median boot).
    bootMs: answered.length ? median(figure('firstAnswerMs')) : undefined,
    boots,
  }
}

if (isMain(import.meta)) {
  process.env.DB_HOST ??= '127.0.0.1'
  process.env.DB_USER ??= 'postgres'
  if (!process.env.REDIS_URL) process.env.REDIS_HOST ??= '127.0.0.1'
  const compiled = flag('build', false) === true
  if (compiled) {
    console.log('building the app (node ace build)...')
    buildApp()
  }
  const result = await benchBoot({
    runs: Number(flag('runs', 5)),
    compiled,
    timeoutMs: Number(flag('timeout', 60_000)),
    database: String(flag('database', 'shop_bench_boot')),
  })
  const rows = [
    'firstAnswerMs',
    'firstApiMs',
    'cpuMsToFirstAnswer',
    'idleRssMb',
    'panelFirstAnswerMs',
    'rssAfterPanelMb',
  ].map((measure) => ({ measure, ...result[measure] }))
  console.log(
    `${result.runs} boots (${compiled ? 'compiled' : 'sources'}), ${result.hangs} hung${result.hangs ? `: ${result.hangsAt.join('; ')}` : ''}`
  )
  report('boot', rows, result)
  if (result.hangs) process.exitCode = 1
}
