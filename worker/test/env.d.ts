import type { D1Migration } from "cloudflare:test";

declare global {
	namespace Cloudflare {
		interface Env {
			/** The migrations in worker/migrations, read by vitest.config.ts. */
			TEST_MIGRATIONS: D1Migration[];
			/** The fixed test key vitest.config.ts binds. */
			PII_KEY: string;
			/** Small rate limits (2 and 3 a minute) a test puts in place of a route's limiter. */
			TEST_LIMIT_2: RateLimit;
			TEST_LIMIT_3: RateLimit;
		}
	}
}
