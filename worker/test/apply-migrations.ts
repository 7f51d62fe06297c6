import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Every test file runs against the real schema; applying is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
