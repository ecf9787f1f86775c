/**
 * Whether this run talks to PostgreSQL and Redis (npm run test:pg) rather
 * than the embedded default.
 */
export const runsOnPostgres = process.env.DB_CONNECTION === 'pg'
export const runsWithRedis = Boolean(process.env.REDIS_HOST || process.env.REDIS_URL)
