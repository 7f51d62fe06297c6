// npm run new:item -- <code> <department>
// Writes content/items/<code>.md with every field of a guide, each to be filled in ("待填写").
// `npm run check:content` fails until no 待填写 is left, so a half-written guide cannot be published.
import { existsSync, writeFileSync } from "node:fs";
import { ItemSchema } from "../core/item";

const [code, department] = process.argv.slice(2);
const usage = "用法：npm run new:item -- 事项编码 部门编码，例如 npm run new:item -- gengdi-butie nongye";

if (!code || !department) fail(usage);
if (!ItemSchema.shape.code.safeParse(code).success) fail(`事项编码「${code}」只能用小写字母、数字和连字符。${usage}`);
if (!existsSync(`content/departments/${department}.yaml`)) fail(`部门「${department}」不存在，请用 content/departments/ 里的文件名。`);
const file = `content/items/${code}.md`;
if (existsSync(file)) fail(`${file} 已经存在，请直接修改它，或换一个编码。`);

const reviewBy = new Date();
reviewBy.setFullYear(reviewBy.getFullYear() + 1);

writeFileSync(
	file,
	`---
code: ${code}
name: 待填写（事项目录里的规范名称）
type: 公共服务
department: ${department}
level: township
summary: 待填写（一句话：谁、在什么情况下可以办）
legalBasis:
  - law: 待填写（法律法规全称，不加书名号）
    article: 第一条
    clause: 待填写（条文原文，一字不改）
    verified: false
conditions:
  - 待填写
materials:
  - name: 待填写
    form: 原件
    source: 待填写（在哪里开具或领取）
steps:
  - name: 申请
    description: 待填写
  - name: 办结
    description: 待填写
legalDeadline:
  days: 20
  unit: 工作日
  basis: 待填写（哪部法规哪一条规定的时限；没有法律法规规定的，写明参照哪里的规定）
  source: 地方做法
promisedDeadline:
  days: 10
  unit: 工作日
visits: 1
online: false
agent:
  allowed: false
fees: []
result:
  name: 待填写
  type: 其他
faq:
  - q: 待填写
    a: 待填写
  - q: 待填写
    a: 待填写
keywords: []
aliases: []
reviewBy: ${reviewBy.toISOString().slice(0, 10)}
---

待填写（写给群众看的补充说明）
`,
);
console.log(`已生成 ${file}。把所有「待填写」改成真实内容，然后运行 npm run check:content 检查。`);

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}
