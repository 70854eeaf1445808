/**
 * Where the machine's Terraform provider filesystem mirror is, if any. Used by the synth entry (each synthesized
 * stack gets the mirror linked in, so plain `cdktf diff` works offline) and by scripts/lib/terraform.ts.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Places a Terraform filesystem mirror is commonly installed. `TF_PROVIDER_MIRROR` wins when set. */
const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  "/usr/share/terraform/plugins",
  "/usr/local/share/terraform/plugins",
  join(process.env.HOME ?? "/root", ".terraform.d", "plugins"),
  join(process.env.HOME ?? "/root", ".local", "share", "terraform", "plugins"),
];

/** A mirror directory holding registry.terraform.io/hashicorp/aws/<version>/, or undefined. */
export function findProviderMirror(): string | undefined {
  const candidates = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : MIRROR_CANDIDATES;
  for (const dir of candidates) {
    const aws = join(dir, "registry.terraform.io", "hashicorp", "aws");
    if (existsSync(aws) && readdirSync(aws).length > 0) return dir;
  }
  return undefined;
}
