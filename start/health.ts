/*
|--------------------------------------------------------------------------
| Readiness checks
|--------------------------------------------------------------------------
|
| Ready means every backing service answers: the database always, Redis
| when it is configured.
|
*/
import { HealthChecks } from '@adonisjs/core/health'
import { DbCheck } from '@adonisjs/lucid/database'
import { RedisCheck } from '@adonisjs/redis'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#start/runtime'

export const healthChecks = new HealthChecks().register([
  new DbCheck(db.connection()),
  ...(redisEnabled ? [new RedisCheck(redis.connection())] : []),
])
