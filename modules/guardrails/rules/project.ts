/**
 * project rules that are not tied to one service file: the state backend (PRJ_BACKEND), provider
 * credentials (CKV_AWS_41), the ECS capacity provider invariant (INV_CP), Redis snapshots, Cognito pools.
 */
import { defineRule } from "./define";
import type { Block, Outcome } from "../types";
import { BACKEND_TYPE } from "../context";
import { PASS, at, block, blocks, fail, isSet, num, strings, unknown, warn } from "../values";

/** Every endpoint is on loopback: an emulator with static test credentials, never a real account. */
function emulatorOnly(endpoints: unknown): boolean {
  const values = blocks(endpoints).flatMap((e) => Object.values(e)).map(String);
  return values.length > 0 && values.every((v) => /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(v));
}

const CREDENTIAL_KEYS = ["access_key", "secret_key", "token", "session_token"];

export const projectRules = [
  defineRule({
    id: "PRJ_BACKEND",
    title: "S3 backend: native locking, encryption with the state CMK, no credentials in the block",
    types: [BACKEND_TYPE],
    severity: "C",
    fix: "Use configureS3Backend (src/stacks/env-stack.ts): use_lockfile = true, encrypt = true, kms_key_id = the state CMK, credentials from the environment/OIDC.",
    check: (r) => {
      const a = r.attrs;
      const out: Outcome[] = [
        a.use_lockfile === true ? PASS : fail("use_lockfile", "true (S3 native locking, Terraform ≥ 1.10)", a.use_lockfile),
        a.encrypt === true ? PASS : fail("encrypt", "true", a.encrypt),
      ];
      const creds = CREDENTIAL_KEYS.filter((k) => isSet(a[k]));
      if (creds.length && !emulatorOnly(a.endpoints)) out.push(fail(creds.join(", "), "no credentials in the backend block (they are copied into .terraform/ and plans)", "set"));
      if (isSet(a.dynamodb_table) || isSet(a.dynamodb_endpoint)) out.push(warn("dynamodb_table", "removed once every runner is on Terraform ≥ 1.11 (use_lockfile replaces it)", a.dynamodb_table));
      // Without kms_key_id Terraform writes state and lock objects as SSE-S3 (AES256), overriding the bucket's
      // SSE-KMS default; the emulator too, so the e2e proves the same encryption as a real account.
      if (!isSet(a.kms_key_id)) out.push(fail("kms_key_id", "the account's state CMK (stateKmsKeyId: SSE-KMS for state and lock objects)", a.kms_key_id));
      return out;
    },
  }),
  defineRule({
    id: "INV_CP",
    title: "Capacity provider with managed termination protection: ASG scale-in protected, managed scaling on, AmazonECSManaged tag, desired capacity ignored",
    types: ["aws_ecs_capacity_provider"],
    severity: "H",
    fix: 'ASG: protectFromScaleIn = true, tag { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true }, lifecycle.ignoreChanges ["desired_capacity"]; capacity provider: managedScaling.status = "ENABLED".',
    check: (r, ctx) => {
      const p = block(r.attrs.auto_scaling_group_provider);
      if (!p) return fail("auto_scaling_group_provider", "set");
      const out: Outcome[] = [];
      const asg = ctx.deref(p.auto_scaling_group_arn);
      const mtp = p.managed_termination_protection === "ENABLED";
      if (mtp && at(p, "managed_scaling.status") !== "ENABLED") out.push(fail("auto_scaling_group_provider.managed_scaling.status", '"ENABLED" (required by managed termination protection)', at(p, "managed_scaling.status")));
      if (!asg) {
        out.push(unknown("auto_scaling_group_provider.auto_scaling_group_arn", "an ASG in this stack", String(p.auto_scaling_group_arn)));
        return out;
      }
      if (mtp && asg.attrs.protect_from_scale_in !== true) out.push(fail(`${asg.address}.protect_from_scale_in`, "true (managed termination protection)", asg.attrs.protect_from_scale_in));
      const tags = blocks(asg.attrs.tag).map((t: Block) => String(t.key));
      if (!tags.includes("AmazonECSManaged")) out.push(fail(`${asg.address}.tag`, 'an "AmazonECSManaged" tag', tags.join(",") || "none"));
      const ignored = strings(at(asg.attrs, "lifecycle.ignore_changes"));
      if (!ignored.includes("desired_capacity") && !ignored.includes("all")) out.push(fail(`${asg.address}.lifecycle.ignore_changes`, '["desired_capacity"] (ECS managed scaling owns it)', ignored.join(",") || "none"));
      return out.length ? out : PASS;
    },
  }),
  defineRule({
    id: "PRJ_REDIS_SNAP",
    title: "Redis replication groups keep snapshots",
    types: ["aws_elasticache_replication_group"],
    severity: "M",
    fix: "Set snapshotRetentionLimit ≥ 1.",
    check: (r) => {
      const n = num(r.attrs.snapshot_retention_limit);
      if (n === "unknown") return unknown("snapshot_retention_limit", "> 0", r.attrs.snapshot_retention_limit);
      return n !== undefined && n > 0 ? PASS : fail("snapshot_retention_limit", "> 0", r.attrs.snapshot_retention_limit);
    },
  }),
  defineRule({
    id: "PRJ_COG",
    title: "Cognito user pools: strong password policy (COG1) and MFA on (COG2, warning)",
    types: ["aws_cognito_user_pool"],
    severity: "H",
    fix: 'passwordPolicy { minimumLength ≥ 8, requireUppercase, requireNumbers, requireSymbols }; mfaConfiguration = "ON".',
    check: (r) => {
      const pp = block(r.attrs.password_policy);
      const strong = pp && Number(pp.minimum_length ?? 8) >= 8 && pp.require_uppercase !== false && pp.require_numbers !== false && pp.require_symbols !== false;
      return [
        strong ? PASS : fail("password_policy", "length ≥ 8 with upper-case, numbers and symbols", pp ? JSON.stringify(pp) : "absent"),
        r.attrs.mfa_configuration === "ON" ? PASS : warn("mfa_configuration", '"ON"', r.attrs.mfa_configuration),
      ];
    },
  }),
];
