// A vector's "server" section (tests/conformance/README.md): chanceryd's TLS and token flags,
// and each principal's client options, with certificates from make-test-pki.sh.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { ClientOptions } from "../src/index.js";
import { repoRoot } from "./chanceryd.js";

export interface ServerSecurity { tls?: "server" | "mutual"; tokens?: Record<string, string> }

/** Makes the test certificates in `dir` and returns it. */
export function makeTestPki(dir: string): string {
  execFileSync(path.join(repoRoot, "tests", "conformance", "make-test-pki.sh"), [dir]);
  return dir;
}

const tokenOf = (principal: string) => `token-of-${principal}`;

/** chanceryd's flags for the section; the tokens file is written into `dir`. */
export function serverFlags(server: ServerSecurity, pki: string, dir: string): string[] {
  const flags: string[] = [];
  if (server.tls) flags.push(`--tls-cert=${path.join(pki, "server.pem")}`, `--tls-key=${path.join(pki, "server.key")}`);
  if (server.tls === "mutual") flags.push(`--tls-client-ca=${path.join(pki, "ca.pem")}`);
  if (server.tokens) {
    const tokens = path.join(dir, "tokens");
    writeFileSync(tokens, Object.entries(server.tokens).map(([principal, roles]) =>
      `sha256:${createHash("sha256").update(tokenOf(principal)).digest("hex")} ${principal} ${roles}\n`).join(""));
    flags.push(`--tokens=${tokens}`);
  }
  return flags;
}

/** Client options for a step run as `principal` (undefined: no token). */
export function clientOptions(server: ServerSecurity, pki: string, principal: string | undefined): ClientOptions {
  const read = (name: string) => readFileSync(path.join(pki, name));
  return {
    token: principal === undefined ? undefined : tokenOf(principal),
    tls: !server.tls ? undefined
      : server.tls === "mutual" ? { ca: read("ca.pem"), cert: read("client.pem"), key: read("client.key") }
      : { ca: read("ca.pem") },
  };
}
