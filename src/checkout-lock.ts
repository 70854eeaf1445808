/**
 * The checkout-level lock of the commands that write `cdktf.out/` (synth, `cdktf deploy/diff/destroy` through
 * cdktf.json's app, `npm run synth`, `local:up/down`, `test:e2e`). Two such commands in one checkout would
 * replace each other's synth output mid-run (terraform then plans or applies files that changed under it).
 *
 * The lock is a file next to the output directory (`cdktf.out.lock`), created atomically (`O_EXCL`), holding
 * the holder's pid, command line and start time. A second command fails at once naming the holder. A lock
 * whose pid is no longer running (killed, crashed) is stale and taken over.
 *
 * Nesting: a holder exports its token in `CHECKOUT_LOCK_TOKEN`; a child that finds the lock held with that
 * token (main.ts run by `cdktf deploy` run by `local:up`) proceeds without taking it again.
 *
 * Plain `npx cdktf deploy|diff`: cdktf runs main.ts, then terraform, in one CLI process. main.ts records the
 * cdktf CLI process as the holder (found among its ancestors), so the lock lasts until cdktf exits — through
 * the terraform run — and is stale (taken over) afterwards.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";

export const LOCK_TOKEN_ENV = "CHECKOUT_LOCK_TOKEN";

export interface LockHolder {
  readonly pid: number;
  readonly command: string;
  /** ISO 8601 start time. */
  readonly started: string;
  readonly token: string;
}

export class CheckoutLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    super(
      `another command is using this checkout's cdktf.out: pid ${holder.pid} \`${holder.command}\`, started ${holder.started} ` +
        `(lock ${lockFile}). Wait for it to finish, or stop it (kill ${holder.pid}); a lock whose process has ended is taken over automatically.`,
    );
    this.name = "CheckoutLockedError";
  }
}

export interface HeldLock {
  readonly file: string;
  readonly token: string;
  /** True when an enclosing command holds the lock (nothing taken, nothing to release). */
  readonly inherited: boolean;
  /** Set when a stale lock was taken over: the dead holder. */
  readonly tookOverFrom?: LockHolder;
  release(): void;
}

/** Whether a process with this pid is running (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof h.pid !== "number" || typeof h.token !== "string") return undefined;
    return { pid: h.pid, command: String(h.command ?? "?"), started: String(h.started ?? "?"), token: h.token };
  } catch {
    return undefined;
  }
}

export interface AcquireOptions {
  /** The holder's command line. @default this process's argv */
  readonly command?: string;
  /** The process whose life the lock lasts. @default this process */
  readonly pid?: number;
  /** Inherited token. @default process.env.CHECKOUT_LOCK_TOKEN */
  readonly inheritedToken?: string;
}

/**
 * Take the lock `file` or throw `CheckoutLockedError` naming the live holder. Never waits.
 * Exports the token in this process's `CHECKOUT_LOCK_TOKEN` so children inherit the lock.
 */
export function acquireCheckoutLock(file: string, opts: AcquireOptions = {}): HeldLock {
  const inherited = opts.inheritedToken ?? process.env[LOCK_TOKEN_ENV];
  const current = readHolder(file);
  if (inherited && current?.token === inherited) {
    return { file, token: inherited, inherited: true, release: () => undefined };
  }
  const holder: LockHolder = {
    pid: opts.pid ?? process.pid,
    command: opts.command ?? process.argv.slice(1).join(" "),
    started: new Date().toISOString(),
    token: randomUUID(),
  };
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(holder, null, 2) + "\n", { flag: "wx" });
      // A lock taken inside a process that already holds another (the e2e's in-process synth into a scratch
      // directory) hands the outer token back on release: deleting it made the e2e's later children look like
      // strangers to its own lock ("synth refused: another command is using this checkout's cdktf.out").
      const outer = process.env[LOCK_TOKEN_ENV];
      process.env[LOCK_TOKEN_ENV] = holder.token;
      return {
        file,
        token: holder.token,
        inherited: false,
        tookOverFrom,
        release: () => {
          if (readHolder(file)?.token === holder.token) rmSync(file, { force: true });
          if (process.env[LOCK_TOKEN_ENV] === holder.token) {
            if (outer === undefined) delete process.env[LOCK_TOKEN_ENV];
            else process.env[LOCK_TOKEN_ENV] = outer;
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const other = readHolder(file);
    if (other && processAlive(other.pid)) throw new CheckoutLockedError(file, other);
    // Stale (dead holder) or unreadable (a writer died mid-write): move it aside atomically, so that of two
    // commands taking over at once only one removes it, then try again.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      renameSync(file, aside);
      rmSync(aside, { force: true });
      tookOverFrom = other;
    } catch {
      // Someone else moved it first.
    }
  }
  const other = readHolder(file);
  if (other) throw new CheckoutLockedError(file, other);
  throw new Error(`could not take the checkout lock ${file}${existsSync(file) ? " (unreadable lock file; remove it if no command is running)" : ""}`);
}

/**
 * The cdktf CLI process this process runs under, if any: the nearest ancestor whose command line runs cdktf
 * (`node …/cdktf …`, `npx cdktf …`). Linux /proc only; undefined elsewhere or when not run by cdktf.
 */
export function cdktfCliAncestor(start = process.ppid): { pid: number; command: string } | undefined {
  let pid = start;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    let cmdline: string;
    let stat: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return undefined;
    }
    if (/(^|[\s/])cdktf(\.js)?(\s|$)|cdktf-cli[/\\]/.test(cmdline)) return { pid, command: cmdline };
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!Number.isInteger(ppid)) return undefined;
    pid = ppid;
  }
  return undefined;
}
