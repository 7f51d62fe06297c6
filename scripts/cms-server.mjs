// @ts-check
// Decap CMS's local backend (decap-server) on a folder of this machine: the CMS at /admin/ then reads and
// writes that folder's content/ directly, with no Git host and no sign-in. `npm run cms` runs it on this
// checkout; the e2e test runs it on a scratch copy.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free loopback port. @returns {Promise<number>} */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});
}

/**
 * @param {string} root the folder whose content/ the CMS edits
 * @param {number} [port] default: a free one
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>} `url`: the proxy's API, for /admin/?local_backend=
 */
export async function startCmsServer(root, port) {
	const listen = port ?? /** @type {number} */ (await freePort());
	const env = { ...process.env, MODE: "fs", GIT_REPO_DIRECTORY: root, PORT: String(listen), BIND_HOST: "127.0.0.1", LOG_LEVEL: "warn" };
	const server = spawn(process.execPath, ["node_modules/decap-server/dist/index.js"], { env, stdio: ["ignore", "pipe", "pipe"] });
	let output = "";
	server.stdout.on("data", (chunk) => (output += chunk));
	server.stderr.on("data", (chunk) => (output += chunk));
	const url = `http://127.0.0.1:${listen}/api/v1`;
	const stop = async () => {
		if (server.exitCode !== null) return;
		const exited = new Promise((resolve) => server.once("exit", resolve));
		server.kill("SIGTERM");
		await exited;
	};
	for (let i = 0; i < 100; i++) {
		if (server.exitCode !== null) throw new Error(`decap-server 没有启动：\n${output}`);
		const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"action":"info"}' })
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return { url, stop };
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await stop();
	throw new Error(`decap-server 10 秒内没有应答：\n${output}`);
}

// npm run cms [-- <folder>]: edit this checkout's content/ (or another folder's) at http://127.0.0.1:4321/admin/ or the Worker's /admin/.
if (import.meta.url === `file://${process.argv[1]}`) {
	const { url } = await startCmsServer(process.argv[2] ?? process.cwd(), 8081);
	console.log(
		`本地编辑后端已启动（${url}）：打开 npm run dev 或 npm start 的 /admin/，点「登录」即可直接修改 content/ 里的文件。按 Ctrl+C 停止。`,
	);
}
