// A chanceryd process for tests: started on a free port, restartable on the same port.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root (this file runs from clients/typescript/dist/test). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const listening = "chanceryd listening on ";

export class Chanceryd {
  port = 0;
  private process: ChildProcess | undefined;
  private readonly stderr: string[] = [];

  /** `flags` are added to chanceryd's own (TLS, tokens). */
  constructor(private readonly storePath: string, private readonly flags: string[] = []) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts on `port` (0 picks a free one) and resolves once it listens. */
  async start(): Promise<void> {
    const binary = process.env.CHANCERYD || path.join(repoRoot, "build", "bin", "chanceryd");
    const child = spawn(binary, [`--listen=127.0.0.1:${this.port}`, `--store=sqlite:${this.storePath}`,
      `--port-file=${this.storePath}.port`, ...this.flags], { stdio: ["ignore", "ignore", "pipe"] });
    this.process = child;
    // Every line is kept, and the pipe drained, for the life of the process.
    const lines = createInterface({ input: child.stderr! });
    await new Promise<void>((resolve, reject) => {
      lines.on("line", (line) => {
        this.stderr.push(line);
        if (line.startsWith(listening)) {
          this.port = Number(line.slice(listening.length).split(":").pop());
          resolve();
        }
      });
      lines.on("close", () => reject(new Error(`chanceryd exited before listening: ${this.stderr.join("\n")}`)));
    });
  }

  /** SIGTERM, then waits: chanceryd must exit 0. */
  async stop(): Promise<void> {
    const child = this.process!;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = await exited;
    if (code !== 0) throw new Error(`chanceryd exited ${code}: ${this.stderr.join("\n")}`);
  }

  /** SIGKILL, as a crash: the server ends no call and closes no connection cleanly. */
  async kill(): Promise<void> {
    const child = this.process!;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }

  /** SIGSTOP: the process holds its connections but answers nothing until resume(). */
  pause(): void {
    this.process!.kill("SIGSTOP");
  }

  /** SIGCONT, after pause(). */
  resume(): void {
    this.process!.kill("SIGCONT");
  }

  /** Whether the process is started and has not exited. */
  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
