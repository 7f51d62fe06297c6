// @ts-check
// npm start: build the site, bring the local D1 database up to date, and serve the whole product
// from one Worker on http://127.0.0.1:8787. Local data lives in .wrangler/state and survives restarts.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { toolsEnv } from "./tools-env.mjs";

const HOST = "127.0.0.1";
const PORT = process.env.PORT ?? "8787";
const env = toolsEnv();

/**
 * Runs a tool from node_modules/.bin and stops here if it fails.
 * @param {string} title @param {string} command @param {string[]} args
 */
function step(title, command, args) {
	console.log(`\n▶ ${title}`);
	// stdin is not a terminal, so wrangler applies migrations without asking.
	const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"], env, shell: false });
	if (result.status !== 0) {
		console.error(`\n✖ ${title}失败，请看上面的提示。`);
		process.exit(result.status ?? 1);
	}
}

// The key that encrypts ID numbers (see worker/src/lib/crypto.ts): made once per machine, kept out of Git.
const devVars = ".dev.vars";
if (!existsSync(devVars) || !/^PII_KEY=/m.test(readFileSync(devVars, "utf8"))) {
	appendFileSync(devVars, `PII_KEY=${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
	console.log("▶ 已在 .dev.vars 生成本机的个人信息加密密钥 PII_KEY（不要提交到 Git，丢失后已加密的身份证号无法解密）");
}

step("构建网站（Astro + Pagefind）", "node_modules/.bin/astro", ["build"]);
step("更新本地数据库（D1 迁移）", "node_modules/.bin/wrangler", ["d1", "migrations", "apply", "DB", "--local"]);

console.log(`\n▶ 启动服务：http://${HOST}:${PORT}  （按 Ctrl+C 停止）\n`);
const server = spawn("node_modules/.bin/wrangler", ["dev", "--ip", HOST, "--port", PORT, "--show-interactive-dev-session=false"], {
	stdio: "inherit",
	env,
});
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
