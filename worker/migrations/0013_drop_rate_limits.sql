-- The per-client limits moved to Cloudflare's Workers Rate Limiting bindings (wrangler.toml [[ratelimits]],
-- worker/src/lib/rate-limit.ts): no database write on a request's path. The per-case lookup lockout, which
-- must be exact, stays in applications.lookup_failures and locked_until.
DROP TABLE rate_limits;
