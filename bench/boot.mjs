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
 *
 * Before/after in one run (a shared machine's load changes over minutes):
 * `--against DIR` boots another checkout of the app (e.g. a worktree of
 * the commit before: `git worktree add /tmp/boot_ab <commit>` and
 * `ln -s "$PWD/node_modules" /tmp/boot_ab/node_modules`) alternately with
 * this one, each on its own database, and reports both (with --build,
 * both are compiled first).
 *
 *   node bench/boot.mjs --runs 5 --build --against /tmp/boot_ab
 */
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import {
  adminStatements,
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
async function bootOnce(env, { compiled, timeoutMs, appRoot = root }) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const entry = compiled ? ['build/bin/server.js'] : [...tsNode, 'bin/server.ts']
  const started = performance.now()
  const child = spawn('node', entry, {
    cwd: appRoot,
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
 * The summary of a series of boots (what benchBoot returns for each app).
 */
function summarize(boots, runs, compiled) {
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

async function dropDatabase(database) {
  await adminStatements(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
}

/**
 * Boots the app `runs` times (see the top of this file). `compiled`: run
 * build/bin/server.js (call buildApp() first) rather than the sources;
 * `timeoutMs`: how long a boot, or the requests after it, may take before
 * counting as a hang; `database`: the PostgreSQL database it creates and
 * drops; `onBoot(boot, index)`: called after each counted boot.
 * `against`: the directory of another checkout of the app (compiled too
 * when `compiled`), booted alternately with this one on its own database
 * (`<database>_against`); its summary is returned as `against`.
 */
export async function benchBoot({
  runs = 5,
  compiled = true,
  timeoutMs = 60_000,
  database = 'shop_bench_boot',
  onBoot = () => {},
  against,
} = {}) {
  const apps = [{ appRoot: root, database }]
  if (against) {
    apps.push({ appRoot: against.endsWith('/') ? against : `${against}/`, database: `${database}_against` })
  }
  try {
    for (const app of apps) {
      app.env = {
        ...(await prepareDatabase('pg', { database: app.database })),
        // The panel's component bundle is built by the panel's first request
        // in production: not what is measured here.
        ADMIN_JS_SKIP_BUNDLE: 'true',
      }
      app.boots = []
      // The first boot migrates the new database: not counted.
      const first = await bootOnce(app.env, {
        compiled,
        timeoutMs: timeoutMs * 3,
        appRoot: app.appRoot,
      })
      if (first.hung) {
        throw new Error(`the first boot (migrations) of ${app.appRoot} did not answer: ${first.at}`)
      }
    }
    for (let run = 0; run < runs; run++) {
      // Alternate which app boots first, so neither always follows the other.
      for (const app of run % 2 ? [...apps].reverse() : apps) {
        app.boots.push(await bootOnce(app.env, { compiled, timeoutMs, appRoot: app.appRoot }))
        if (app.appRoot === root) onBoot(app.boots.at(-1), run)
      }
    }
  } finally {
    for (const app of apps) await dropDatabase(app.database)
  }
  const result = summarize(apps[0].boots, runs, compiled)
  if (against) {
    result.against = { appRoot: apps[1].appRoot, ...summarize(apps[1].boots, runs, compiled) }
  }
  return result
}

/**
 * `node ace build` in another checkout of the app (for --against).
 */
function buildOther(appRoot) {
  const ignore = process.env.BENCH_IGNORE_TS_ERRORS === 'true' ? ['--ignore-ts-errors'] : []
  const result = spawnSync('node', [...tsNode, 'bin/console.ts', 'build', ...ignore], {
    cwd: appRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`node ace build in ${appRoot} failed with ${result.status}`)
}

if (isMain(import.meta)) {
  process.env.DB_HOST ??= '127.0.0.1'
  process.env.DB_USER ??= 'postgres'
  if (!process.env.REDIS_URL) process.env.REDIS_HOST ??= '127.0.0.1'
  const compiled = flag('build', false) === true
  const against = flag('against', undefined)
  if (compiled) {
    console.log('building the app (node ace build)...')
    buildApp()
    if (typeof against === 'string') {
      console.log(`building ${against} (node ace build)...`)
      buildOther(against)
    }
  }
  const result = await benchBoot({
    runs: Number(flag('runs', 5)),
    compiled,
    timeoutMs: Number(flag('timeout', 60_000)),
    database: String(flag('database', 'shop_bench_boot')),
    against: typeof against === 'string' ? against : undefined,
  })
  const measures = [
    'firstAnswerMs',
    'firstApiMs',
    'cpuMsToFirstAnswer',
    'idleRssMb',
    'panelFirstAnswerMs',
    'rssAfterPanelMb',
  ]
  const rows = measures.map((measure) => ({
    measure,
    ...result[measure],
    ...(result.against
      ? {
          againstMedian: result.against[measure].median,
          ratio: result.against[measure].median
            ? round(result[measure].median / result.against[measure].median)
            : undefined,
        }
      : {}),
  }))
  const hung = (summary) =>
    `${summary.hangs} hung${summary.hangs ? `: ${summary.hangsAt.join('; ')}` : ''}`
  console.log(
    `${result.runs} boots (${compiled ? 'compiled' : 'sources'}), ${hung(result)}` +
      (result.against ? `; against ${result.against.appRoot}: ${hung(result.against)}` : '')
  )
  report('boot', rows, result)
  if (result.hangs || result.against?.hangs) process.exitCode = 1
}
