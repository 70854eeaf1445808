/**
 * Fail when a synthesized output contains secret material: private keys (PEM), GitHub tokens (classic, App
 * installation, fine-grained, OAuth, refresh), AWS access key ids and secret-looking assignments.
 *
 *   node --require tsx/cjs scripts/ci/scan-secrets.ts [dir]      # default cdktf.out
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export const SECRET_PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: "PEM private key", re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { name: "GitHub token", re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/ },
  { name: "GitHub fine-grained token", re: /\bgithub_pat_[A-Za-z0-9_]{40,}\b/ },
  { name: "AWS access key id", re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { name: "AWS secret access key", re: /aws_secret_access_key["'\s:=]+[A-Za-z0-9/+=]{40}/i },
];

export interface Finding {
  readonly file: string;
  readonly pattern: string;
}

/** Every file under `dir` (recursively) matched against every pattern. */
export function scanForSecrets(dir: string): Finding[] {
  const out: Finding[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        // Provider binaries and lock files fetched by `terraform init` are not synthesized output.
        if (name === ".terraform") continue;
        walk(p);
      } else if (st.isFile()) {
        const text = readFileSync(p, "utf8");
        for (const { name: pattern, re } of SECRET_PATTERNS) if (re.test(text)) out.push({ file: p, pattern });
      }
    }
  };
  walk(dir);
  return out;
}

if (require.main === module) {
  const dir = process.argv[2] ?? "cdktf.out";
  const findings = scanForSecrets(dir);
  for (const f of findings) console.error(`secret material (${f.pattern}) in ${f.file}`);
  console.log(`scanned ${dir}: ${findings.length} finding(s)`);
  process.exitCode = findings.length ? 1 : 0;
}
