// @ts-check
// Starts the one Worker on the built site with a fresh, migrated local D1 in a temporary folder,
// on free loopback ports: what the e2e tests and the benchmarks run against. seededState() makes such a
// folder with a month of sample cases in it, for the pages that show figures.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolsEnv } from "./tools-env.mjs";

const WRANGLER = "node_modules/.bin/wrangler";
/** wrangler.toml's Cron Trigger (19:00 UTC, 03:00 in China), passed on as the event's `cron`. */
const CRON = "0 19 * * *";
const TSX = "node_modules/.bin/tsx";

/**
 * @param {Record<string, string>} [vars] settings to override (e.g. rate limits for a benchmark)
 * @param {{ state?: string, keep?: boolean, testScheduled?: boolean, assets?: string }} [options] `state`: an earlier run's folder to start on again
 *   (the same PII_KEY must be in `vars`), not migrated again; `keep`: stop leaves the folder for its owner to remove;
 *   `testScheduled` (default off): let the caller run the Worker's daily job (its `scheduled` handler) at a time of its
 *   choosing with `scheduled(at)`, as the Cron Trigger would. It starts wrangler with `--test-scheduled` and calls the
 *   local trigger route of this wrangler's Miniflare, `/cdn-cgi/local/scheduled?time=<ms since 1970>&cron=…&format=json`
 *   (older releases and their docs name `/__scheduled`, which takes no time, and `/cdn-cgi/mf/scheduled`);
 *   `assets` (default dist): another built site to serve, e.g. the scale bench's generated city.
 * @returns {Promise<{ baseUrl: string, state: string, stop: () => Promise<void>, scheduled: (at: Date) => Promise<void>, readyMs: number }>}
 *   `state`: the --persist-to folder (removed by stop unless kept); `scheduled`: runs the daily job with that
 *   `scheduledTime`, and throws unless it finished (or the Worker was started without `testScheduled`)
 */
export async function startLocalWorker(vars = {}, options = {}) {
	const assets = options.assets ?? "dist";
	if (!existsSync(join(assets, "index.html"))) throw new Error(`${assets}/ is missing: run \`npm run build\` first (npm test does).`);
	const env = toolsEnv();
	const state = options.state ?? (await mkdtemp(join(tmpdir(), "bianmin-worker-")));
	if (!options.state) migrate(state);

	const [port, inspectorPort] = [await freePort(), await freePort()];
	const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort)];
	args.push("--persist-to", state, "--show-interactive-dev-session=false", "--log-level", "warn");
	if (options.testScheduled) args.push("--test-scheduled");
	if (options.assets) args.push("--assets", options.assets);
	// A throw-away key for the throw-away database.
	for (const [name, value] of Object.entries({ PII_KEY: randomBytes(32).toString("base64"), ...vars }))
		args.push("--var", `${name}:${value}`);
	const spawnedAt = performance.now();
	const server = spawn(WRANGLER, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
	let output = "";
	server.stdout.on("data", (chunk) => (output += chunk));
	server.stderr.on("data", (chunk) => (output += chunk));

	const stop = async () => {
		// wrangler starts workerd as a child: end the whole process group.
		if (server.pid && server.exitCode === null) {
			const exited = new Promise((resolve) => server.once("exit", resolve));
			process.kill(-server.pid, "SIGTERM");
			// Another Worker may start on the same folder next: let this one let go of it first.
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
		}
		if (!options.keep) await rm(state, { recursive: true, force: true });
	};
	const baseUrl = `http://127.0.0.1:${port}`;
	const scheduled = async (/** @type {Date} */ at) => {
		if (!options.testScheduled) throw new Error("scheduled(at) needs startLocalWorker(vars, { testScheduled: true }).");
		const query = new URLSearchParams({ time: String(at.getTime()), cron: CRON, format: "json" });
		const res = await fetch(`${baseUrl}/cdn-cgi/local/scheduled?${query}`, { signal: AbortSignal.timeout(60_000) });
		const body = await res.text();
		if (!res.ok || !body.includes('"outcome":"ok"'))
			throw new Error(`The scheduled handler at ${at.toISOString()} failed: ${res.status} ${body}\n${output}`);
	};
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
		try {
			if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, state, stop, scheduled, readyMs: performance.now() - spawnedAt };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	await stop();
	throw new Error(`wrangler dev did not answer /api/health within 90 s:\n${output}`);
}

/**
 * A fresh, migrated local D1 in a temporary folder with one month of fictional sample cases, ratings and
 * complaints (`npm run seed:month`, scripts/seed-month.ts, which also loads the sample staff), encrypted with
 * `piiKey`. Start a Worker on it with `startLocalWorker({ PII_KEY: piiKey }, { state, keep: true })`; the caller
 * removes the folder.
 * @param {{ month: string, piiKey: string }} options `month`: YYYY-MM
 * @returns {Promise<string>} the folder
 */
export async function seededState({ month, piiKey }) {
	const state = await mkdtemp(join(tmpdir(), "bianmin-seeded-"));
	try {
		migrate(state);
		const seed = spawnSync(TSX, ["scripts/seed-month.ts", "--month", month, "--persist-to", state, "--pii-key", piiKey], {
			env: toolsEnv(),
			encoding: "utf8",
			stdio: ["ignore", "pipe", "pipe"],
			timeout: 180_000,
		});
		if (seed.status !== 0) throw new Error(`seed:month failed:\n${seed.stdout}\n${seed.stderr}`);
		return state;
	} catch (err) {
		await rm(state, { recursive: true, force: true });
		throw err;
	}
}

/** Applies the migrations to a local D1 in `state`. @param {string} state */
function migrate(state) {
	const run = spawnSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
		env: toolsEnv(),
		encoding: "utf8",
		stdio: ["ignore", "pipe", "pipe"],
		timeout: 120_000,
	});
	if (run.status !== 0) throw new Error(`Migrations failed:\n${run.stdout}\n${run.stderr}`);
}

/** @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on("error", reject);
		srv.listen(0, "127.0.0.1", () => {
			const address = srv.address();
			srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});
}
