/**
 * ECS and the project's container rules. Container rules read `container_definitions` (a JSON string in
 * Terraform); the same rules run over ecspresso task definitions (`ecspresso.taskdef` pseudo-resources, see
 * modules/guardrails/taskdefs.ts), whose keys are camelCase at task level.
 */
import { defineRule } from "./define";
import type { Block, Outcome, Res } from "../types";
import { PASS, block, blocks, expectOneOf, fail, isRef, isSet, unknown } from "../values";

export const TASKDEF = "aws_ecs_task_definition";
/** A task definition rendered for ecspresso (deploy/<env>/<svc>/taskdef.json). */
export const ECSPRESSO_TASKDEF = "ecspresso.taskdef";
const TASK_TYPES = [TASKDEF, ECSPRESSO_TASKDEF];

type Containers = { ok: true; list: Block[] } | { ok: false; why: string };

export function containers(r: Res): Containers {
  const v = r.type === ECSPRESSO_TASKDEF ? r.attrs.containerDefinitions : r.attrs.container_definitions;
  if (Array.isArray(v)) return { ok: true, list: v as Block[] };
  if (typeof v !== "string") return { ok: false, why: "no container definitions" };
  if (v.trim().startsWith("${")) return { ok: false, why: `${v.slice(0, 60)} is only known at apply` };
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? { ok: true, list: parsed as Block[] } : { ok: false, why: "not a JSON array" };
  } catch {
    return { ok: false, why: "not JSON" };
  }
}

/** Task-level attribute, snake_case in Terraform and camelCase in ecspresso. */
function task(r: Res, snake: string, camel: string): unknown {
  return r.type === ECSPRESSO_TASKDEF ? r.attrs[camel] : r.attrs[snake];
}

function perContainer(r: Res, attribute: string, expected: string, test: (c: Block) => boolean | "unknown", actual: (c: Block) => unknown): Outcome[] | Outcome {
  const cs = containers(r);
  if (!cs.ok) return unknown("container_definitions", expected, cs.why);
  return cs.list.map((c, i) => {
    const t = test(c);
    const where = `container_definitions[${i}]${typeof c.name === "string" ? ` (${c.name})` : ""}.${attribute}`;
    if (t === "unknown") return unknown(where, expected, actual(c));
    return t ? PASS : fail(where, expected, actual(c));
  });
}

const SECRET_NAME = /(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|aws_secret_access_key|credential)/i;
const SECRET_VALUE = /((AKIA|ASIA)[A-Z0-9]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|xox[baprs]-[A-Za-z0-9-]{10,})/;

export const ecsRules = [
  defineRule({
    id: "CKV_AWS_332",
    title: "Fargate services run the LATEST platform version",
    types: ["aws_ecs_service"],
    severity: "M",
    fix: 'Omit platformVersion or set it to "LATEST".',
    check: (r) => {
      const fargate = r.attrs.launch_type === "FARGATE" || blocks(r.attrs.capacity_provider_strategy).some((s) => /^FARGATE/.test(String(s.capacity_provider)));
      if (!fargate) return [];
      return expectOneOf(r.attrs, "platform_version", ["LATEST"], true);
    },
  }),
  defineRule({
    id: "CKV_AWS_97",
    title: "EFS volumes use transit encryption",
    types: TASK_TYPES,
    severity: "H",
    fix: 'Set efsVolumeConfiguration.transitEncryption = "ENABLED".',
    check: (r) => {
      const vols = r.type === ECSPRESSO_TASKDEF ? blocks(r.attrs.volumes).map((v) => ({ efs: block(v.efsVolumeConfiguration), te: block(v.efsVolumeConfiguration)?.transitEncryption })) : blocks(r.attrs.volume).map((v) => ({ efs: block(v.efs_volume_configuration), te: block(v.efs_volume_configuration)?.transit_encryption }));
      return vols.filter((v) => v.efs).map((v, i) => (v.te === "ENABLED" ? PASS : fail(`volume[${i}].efs_volume_configuration.transit_encryption`, '"ENABLED"', v.te)));
    },
  }),
  defineRule({
    id: "CKV_AWS_336",
    title: "Containers have a read-only root filesystem",
    types: TASK_TYPES,
    severity: "H",
    fix: "Set readonlyRootFilesystem: true on every container and mount a writable volume for /tmp or caches.",
    check: (r) => perContainer(r, "readonlyRootFilesystem", "true", (c) => (isRef(c.readonlyRootFilesystem) ? "unknown" : c.readonlyRootFilesystem === true), (c) => c.readonlyRootFilesystem),
  }),
  defineRule({
    id: "PRJ_ECS_PRIV",
    title: "No privileged containers (checkov's CKV_AWS_334 reads a non-existent key)",
    types: TASK_TYPES,
    severity: "H",
    fix: "Remove privileged: true; grant specific linuxParameters.capabilities only if unavoidable.",
    check: (r) => perContainer(r, "privileged", "not true", (c) => c.privileged !== true && c.privileged !== "true", (c) => c.privileged),
  }),
  defineRule({
    id: "PRJ_ECS_HOSTNS",
    title: "Tasks do not share the host's PID or IPC namespace",
    types: TASK_TYPES,
    severity: "H",
    fix: 'Remove pid_mode / ipc_mode "host" (task level).',
    check: (r) =>
      ([["pid_mode", "pidMode"], ["ipc_mode", "ipcMode"]] as const).map(([s, c]) => {
        const v = task(r, s, c);
        if (isRef(v)) return unknown(s, 'not "host"', v);
        return v === "host" ? fail(s, 'not "host"', v) : PASS;
      }),
  }),
  defineRule({
    id: "PRJ_ECS_USER",
    title: "Containers in host network mode run as a non-root user",
    types: TASK_TYPES,
    severity: "H",
    fix: 'Set user to a non-root uid (e.g. "1000") on every container of a host-network task.',
    check: (r) => {
      if (task(r, "network_mode", "networkMode") !== "host") return [];
      return perContainer(r, "user", "a non-root user", (c) => isSet(c.user) && !/^(root|0)(:.*)?$/.test(String(c.user)), (c) => c.user);
    },
  }),
  defineRule({
    id: "PRJ_ECS_LOGS",
    title: "Every container ships logs (logConfiguration.logDriver set)",
    types: TASK_TYPES,
    severity: "H",
    fix: 'Set logConfiguration { logDriver: "awslogs", options: { awslogs-group, awslogs-region, awslogs-stream-prefix } }.',
    check: (r) => perContainer(r, "logConfiguration.logDriver", "a log driver", (c) => isSet((c.logConfiguration as Block | undefined)?.logDriver), (c) => (c.logConfiguration as Block | undefined)?.logDriver),
  }),
  defineRule({
    id: "PRJ_ECS_SECRETS",
    title: "No secret-looking container environment variables (use secrets[].valueFrom)",
    types: TASK_TYPES,
    severity: "C",
    fix: "Move the value to Secrets Manager under the env prefix and reference it in secrets[].valueFrom (services.<svc>.secrets in config).",
    check: (r) => {
      const cs = containers(r);
      if (!cs.ok) return unknown("container_definitions", "no secrets in environment", cs.why);
      const out: Outcome[] = [];
      cs.list.forEach((c, i) => {
        for (const e of blocks(c.environment)) {
          const name = String(e.name ?? "");
          const value = String(e.value ?? "");
          if (SECRET_NAME.test(name) || SECRET_VALUE.test(value)) {
            out.push(fail(`container_definitions[${i}] (${String(c.name)}).environment.${name}`, "secrets via secrets[].valueFrom, not environment", SECRET_VALUE.test(value) ? "value looks like a credential" : "name looks like a secret"));
          }
        }
      });
      return out.length ? out : PASS;
    },
  }),
];
