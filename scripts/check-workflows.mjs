// @ts-check
// npm run check:workflows — every GitHub Actions workflow in .github/workflows/ through action-validator
// (its schema for workflows, the expressions and the `uses` references); exits 1 on the first that fails.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const dir = ".github/workflows";
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
if (files.length === 0) {
	console.error(`${dir}/ 里没有工作流文件`);
	process.exit(1);
}
let failed = 0;
for (const file of files) {
	const run = spawnSync("node_modules/.bin/action-validator", [`${dir}/${file}`], { encoding: "utf8" });
	if (run.status !== 0) {
		failed++;
		console.error(`${dir}/${file}：\n${run.stdout}${run.stderr}`);
	}
}
console.log(`工作流检查：${files.length} 个文件，${failed} 个有误`);
process.exit(failed > 0 ? 1 : 0);
