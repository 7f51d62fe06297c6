// @ts-check
// Starts the one Worker on the built site with a fresh, migrated local D1 in a temporary folder,
// on free loopback ports: what the e2e tests and the benchmarks run against.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolsEnv } from "./tools-env.mjs";

const WRANGLER = "node_modules/.bin/wrangler";

/**
 * @param {Record<string, string>} [vars] settings to override (e.g. rate limits for a benchmark)
 * @param {{ state?: string, keep?: boolean }} [options] `state`: an earlier run's folder to start on again
 *   (the same PII_KEY must be in `vars`), not migrated again; `keep`: stop leaves the folder for its owner to remove
 * @returns {Promise<{ baseUrl: string, state: string, stop: () => Promise<void> }>} `state`: the --persist-to folder (removed by stop unless kept)
 */
export async function startLocalWorker(vars = {}, options = {}) {
	if (!existsSync("dist/index.html")) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
	const env = toolsEnv();
	const state = options.state ?? (await mkdtemp(join(tmpdir(), "bianmin-worker-")));
	if (!options.state) {
		const migrate = spawnSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
			env,
			encoding: "utf8",
			stdio: ["ignore", "pipe", "pipe"],
		});
		if (migrate.status !== 0) throw new Error(`Migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
	}

	const [port, inspectorPort] = [await freePort(), await freePort()];
	const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort)];
	args.push("--persist-to", state, "--show-interactive-dev-session=false", "--log-level", "warn");
	// A throw-away key for the throw-away database.
	for (const [name, value] of Object.entries({ PII_KEY: randomBytes(32).toString("base64"), ...vars }))
		args.push("--var", `${name}:${value}`);
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
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
		try {
			if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, state, stop };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	await stop();
	throw new Error(`wrangler dev did not answer /api/health within 90 s:\n${output}`);
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
