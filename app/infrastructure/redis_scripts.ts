import type { Redis } from 'ioredis'

/**
 * ioredis's auto pipeline as it keeps it (not in its types).
 */
interface OpenPipeline {
  _shaToScript: Record<string, unknown>
  [command: string]: unknown
}

interface AutoPipelined {
  _autoPipelines?: Map<string, OpenPipeline>
  scriptsSet: Record<string, { sha: string }>
  [command: string]: unknown
}

/**
 * Makes a Lua command defined on `io` (`defineCommand`) usable at once by
 * the auto pipeline already open in this tick (`enableAutoPipelining`,
 * config/redis.ts).
 *
 * ioredis gives a pipeline the scripts defined when it is opened. The
 * rate limiter (rate-limiter-flexible) defines its counter script
 * (`rlflxIncr`) when its first store is made, on the first limited
 * request, and calls it right away: when a cache read of another request
 * had opened the tick's pipeline just before, the call found no such
 * command on it, and the pipeline then ran with one callback too many,
 * whose error was thrown where nothing catches it: the process crashed
 * (seen under the 1,000-checkout storm, tests/resilience).
 */
export function defineScriptsIntoOpenPipelines(io: Redis) {
  const client = io as unknown as AutoPipelined
  const define = io.defineCommand.bind(io)
  io.defineCommand = ((name: string, definition: Parameters<Redis['defineCommand']>[1]) => {
    define(name, definition)
    const script = client.scriptsSet[name]
    for (const pipeline of client._autoPipelines?.values() ?? []) {
      pipeline._shaToScript[script.sha] = script
      pipeline[name] = client[name]
      pipeline[`${name}Buffer`] = client[`${name}Buffer`]
    }
  }) as Redis['defineCommand']
}
