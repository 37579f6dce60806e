// The README, as a user meets it: this directory, copied without node_modules and dist, is
// installed into a new project by the README's own commands, and every example of the README runs,
// as written, against a chanceryd with the installed package.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { Chanceryd, repoRoot } from "./chanceryd.js";
import { makeTestPki, serverFlags } from "./vector-security.js";

const run = promisify(execFile);
const clientDir = path.join(repoRoot, "clients", "typescript");
const readme = readFileSync(path.join(clientDir, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)].map(([, language, code]) => ({ language, code }));

let dir: string;
let checkout: string;  // A copy of the repository's clients/typescript, as a fresh checkout has it.
let project: string;   // The user's project.
let pki: string;
const servers: Chanceryd[] = [];

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "chancery-readme-"));
  checkout = path.join(dir, "chancery");
  project = path.join(dir, "your-project");
  cpSync(clientDir, path.join(checkout, "clients", "typescript"), { recursive: true,
    filter: (source) => !/^(node_modules|dist)$|\.tgz$/.test(path.basename(source)) });
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "your-project", private: true }));
  pki = makeTestPki(path.join(dir, "pki"));
});

after(async () => {
  await Promise.all(servers.filter((server) => server.running).map((server) => server.stop()));
  rmSync(dir, { recursive: true });
});

async function startServer(flags: string[] = []): Promise<Chanceryd> {
  const server = new Chanceryd(path.join(dir, `chancery-${servers.length}.db`), flags);
  servers.push(server);
  await server.start();
  return server;
}

test("the README installs the package from a fresh checkout and its examples run", async (t) => {
  const install = blocks.filter((block) => block.language === "sh");
  assert.equal(install.length, 1, "one block of shell commands, the installation");
  const commands = install[0].code.replaceAll("/path/to/chancery", checkout).replaceAll("/path/to/your-project", project);
  await run("bash", ["-e", "-c", commands], { env: { ...process.env, npm_config_loglevel: "error", npm_config_prefer_offline: "true" } });
  const installed = JSON.parse(readFileSync(path.join(project, "node_modules", "@chancery", "client", "package.json"),
    "utf8"));
  assert.equal(installed.name, "@chancery/client");

  const plain = await startServer();
  const secured = await startServer(serverFlags({ tls: "mutual", tokens: { alice: "reader" } }, pki, dir));
  const examples = blocks.filter((block) => block.language === "ts" || block.language === "js");
  assert.ok(examples.length >= 4);
  for (const [index, { language, code }] of examples.entries()) {
    await t.test(`example ${index + 1}: ${code.split("\n").find((line) => line.includes("new ChanceryClient"))}`,
      async () => {
        const file = path.join(project, `example-${index + 1}.${language === "ts" ? "mjs" : "cjs"}`);
        writeFileSync(file, code);
        const tls = code.includes("tls:");
        const env = { ...process.env, CHANCERY_ADDRESS: (tls ? secured : plain).address,
          CHANCERY_REPLICAS: `${plain.address},${plain.address}`,
          CHANCERY_TOKEN: tls ? "token-of-alice" : undefined };
        const { stdout } = await run(process.execPath, [file], { cwd: tls ? pki : project, env });
        assert.ok(stdout.length > 0);
        t.diagnostic(stdout);
      });
  }

  // The TypeScript examples compile against the installed declarations.
  await t.test("the TypeScript examples type-check", async () => {
    const typescript = examples.filter(({ language }) => language === "ts");
    typescript.forEach(({ code }, index) => writeFileSync(path.join(project, `example-${index + 1}.mts`), code));
    await run(process.execPath, [path.join(clientDir, "node_modules", "typescript", "bin", "tsc"), "--noEmit",
      "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext",
      "--typeRoots", path.join(clientDir, "node_modules", "@types"), "--types", "node",
      ...typescript.map((_, index) => `example-${index + 1}.mts`)],
    { cwd: project }).catch((error) => assert.fail(`${error.stdout}${error.stderr}`));
  });
});
