import type { D1Migration } from "cloudflare:test";

declare global {
	namespace Cloudflare {
		interface Env {
			/** The migrations in worker/migrations, read by vitest.config.ts. */
			TEST_MIGRATIONS: D1Migration[];
			/** The fixed test key vitest.config.ts binds. */
			PII_KEY: string;
		}
	}
}
