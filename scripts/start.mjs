// @ts-check
// npm start: build the site, bring the local D1 database up to date, and serve the whole product
// from one Worker on http://127.0.0.1:8787. Local data lives in .wrangler/state and survives restarts.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { register } from "tsx/esm/api";
import { toolsEnv } from "./tools-env.mjs";

// The staff script is TypeScript over core/: tsx loads it.
register();
const { StaffError, readContent, seedSample } = await import("./staff");

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
// The back office's development sign-in (worker/src/lib/staff-session.ts): pick a sample staff member
// instead of Cloudflare Access. Written once; a DEV_SIGN_IN line already there, whatever its value, is kept.
const vars = readFileSync(devVars, "utf8");
if (!/^DEV_SIGN_IN=/m.test(vars)) {
	const lines = [
		`# 后台的开发环境登录：在 http://${HOST}:${PORT}/staff/sign-in/ 选一个工作人员身份进入后台，代替 Cloudflare Access。`,
		"# 只对本机地址（127.0.0.1、localhost）有效，设置了 ACCESS_AUD（线上）时自动关闭；不要写进 wrangler.toml。",
		"DEV_SIGN_IN=true",
	];
	appendFileSync(devVars, `${vars === "" || vars.endsWith("\n") ? "" : "\n"}${lines.join("\n")}\n`);
	console.log("▶ 已在 .dev.vars 打开本机的后台开发环境登录 DEV_SIGN_IN=true（只对 127.0.0.1 有效）");
}

step("构建网站（Astro + Pagefind）", "node_modules/.bin/astro", ["build"]);
step("更新本地数据库（D1 迁移）", "node_modules/.bin/wrangler", ["d1", "migrations", "apply", "DB", "--local"]);

// An empty staff directory gets the sample staff (scripts/sample-staff.json), so the back office can be tried at once.
try {
	const { inserted } = seedSample({ remote: false }, readContent());
	if (inserted > 0) console.log(`\n▶ 已载入示例工作人员：${inserted} 人，登录地址 http://${HOST}:${PORT}/staff/sign-in/`);
} catch (err) {
	if (!(err instanceof StaffError)) throw err;
	console.error(`\n✖ 没能载入示例工作人员（网站照常启动，可稍后运行 npm run staff -- seed）：${err.message}`);
}

// npm start -- --seed-month 2026-03: a month of fictional sample cases (scripts/seed-month.ts), once per month and database.
const seedMonthAt = process.argv.indexOf("--seed-month");
if (seedMonthAt >= 0) {
	const month = process.argv[seedMonthAt + 1] ?? "";
	const args = ["scripts/seed-month.ts", "--month", month, "--if-absent"];
	step(`写入 ${month} 的示例办件（npm run seed:month）`, "node_modules/.bin/tsx", args);
}

console.log(`\n▶ 启动服务：http://${HOST}:${PORT}  （按 Ctrl+C 停止）\n`);
const devArgs = ["dev", "--ip", HOST, "--port", PORT, "--show-interactive-dev-session=false"];
// With a seeded month, wrangler's local trigger route runs the daily job once (below).
if (seedMonthAt >= 0) devArgs.push("--test-scheduled");
const server = spawn("node_modules/.bin/wrangler", devArgs, { stdio: "inherit", env });
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
if (seedMonthAt >= 0) await runDailyJobAfter(process.argv[seedMonthAt + 1] ?? "");

/**
 * The seeded month's public figures and 电子监察 warnings come from the daily job, which wrangler dev does not run
 * by itself: run it once as the Cron Trigger would at 03:00 (China) on the 1st of the next month.
 * @param {string} month YYYY-MM
 */
async function runDailyJobAfter(month) {
	const [year, mm] = month.split("-").map(Number);
	const next = `${mm === 12 ? year + 1 : year}-${String((mm % 12) + 1).padStart(2, "0")}-01`;
	const at = Date.parse(`${next}T03:00:00+08:00`);
	const base = `http://${HOST}:${PORT}`;
	for (let tries = 0; tries < 240; tries++) {
		try {
			if ((await fetch(`${base}/api/health`)).ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	const query = new URLSearchParams({ time: String(at), cron: "0 19 * * *", format: "json" });
	try {
		const res = await fetch(`${base}/cdn-cgi/local/scheduled?${query}`);
		const body = await res.text();
		if (!res.ok || !body.includes('"outcome":"ok"')) throw new Error(`${res.status} ${body}`);
		console.log(`\n▶ 已按 ${next} 凌晨运行每日统计和电子监察：${base}/performance/ 和 ${base}/staff/supervision/ 可以看到 ${month} 的情况`);
	} catch (err) {
		console.error(`\n✖ 没能运行每日统计（网站照常运行）：${err instanceof Error ? err.message : String(err)}`);
	}
}
