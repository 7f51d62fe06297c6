import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { toolsEnv } from "../scripts/tools-env.mjs";

declare module "vitest" {
	export interface ProvidedContext {
		/** Where the Worker under test listens, e.g. http://127.0.0.1:41234. */
		baseUrl: string;
	}
}

const WRANGLER = "node_modules/.bin/wrangler";

/** Starts the one Worker on the built site with a fresh local D1, as `npm start` does. */
export default async function setup(project: TestProject) {
	if (!existsSync("dist/index.html")) throw new Error("dist/ is missing: run `npm run build` before the e2e tests (npm test does).");
	const state = await mkdtemp(join(tmpdir(), "bianmin-e2e-"));
	const env = toolsEnv();
	const migrate = spawnSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
		env,
		encoding: "utf8",
		stdio: ["ignore", "pipe", "pipe"],
	});
	if (migrate.status !== 0) throw new Error(`Migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

	const [port, inspectorPort] = [await freePort(), await freePort()];
	const server = spawn(
		WRANGLER,
		[
			"dev",
			"--ip",
			"127.0.0.1",
			"--port",
			String(port),
			"--inspector-port",
			String(inspectorPort),
			"--persist-to",
			state,
			"--show-interactive-dev-session=false",
			"--log-level",
			"warn",
		],
		{ env, stdio: ["ignore", "pipe", "pipe"], detached: true },
	);
	let output = "";
	server.stdout.on("data", (chunk) => (output += chunk));
	server.stderr.on("data", (chunk) => (output += chunk));

	const baseUrl = `http://127.0.0.1:${port}`;
	await waitForHealth(baseUrl, server, () => output);
	project.provide("baseUrl", baseUrl);

	return async () => {
		stop(server);
		await rm(state, { recursive: true, force: true });
	};
}

async function waitForHealth(baseUrl: string, server: ChildProcess, output: () => string) {
	const deadline = Date.now() + 90_000;
	while (Date.now() < deadline) {
		if (server.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output()}`);
		try {
			const res = await fetch(`${baseUrl}/api/health`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	stop(server);
	throw new Error(`wrangler dev did not answer /api/health within 90 s:\n${output()}`);
}

function stop(server: ChildProcess) {
	// wrangler starts workerd as a child: end the whole process group.
	if (server.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on("error", reject);
		srv.listen(0, "127.0.0.1", () => {
			const { port } = srv.address() as { port: number };
			srv.close(() => resolve(port));
		});
	});
}
