import type { EnvInput, FunctionInput, ServiceInput } from "../schema";
import { spotEditor } from "../presets";

/**
 * DevFlow Engine (design 000, us-east-1): a React SPA on CloudFront + S3, a REST API → five Python 3.11
 * functions, the sessions table (DynamoDB, 24 h TTL), code-server on Fargate Spot started on demand, hourly
 * cleanup and weekly archive jobs, a versioned backup bucket and a dashboard.
 */

/** Two AZs (a, b) of VPC 10.<second>.0.0/16: public 0-1, private 128-129. */
export function twoAzs(second: number): EnvInput["network"]["azs"] {
  return (["a", "b"] as const).map((suffix, i) => ({ suffix, publicCidr: `10.${second}.${i}.0/24`, privateCidr: `10.${second}.${128 + i}.0/24` }));
}

/** The code-server service (design 000 §5.1.1): Fargate Spot 1 vCPU / 2 GiB, desired 0, ECS Exec on. */
export function editor(spot: boolean): ServiceInput {
  const base = spotEditor();
  // Production runs on on-demand Fargate (design 000 §6.2 enableSpot: false).
  return spot ? base : { ...base, compute: { type: "fargate" } };
}

/** API function: 29 s is API Gateway's integration timeout, so a longer one could never answer. */
function apiFunction(description: string, access: FunctionInput["access"]): FunctionInput {
  return { runtime: "python3.11", handler: "app.lambda_handler", description, memoryMb: 256, timeoutSeconds: 29, reservedConcurrency: 10, access };
}

const SECRETS = ["github-app", "claude-api-key"];

/** The functions of design 000 §3.3 and §5 (names without the `devflow-` prefix: physical names add `acme-<env>-`). */
export function devflowFunctions(): Record<string, FunctionInput> {
  return {
    "start-session": apiFunction("Create a session and start the code-server task", { tables: ["sessions"], secrets: SECRETS, services: ["editor"] }),
    "execute-prompt": apiFunction("Run a prompt in a session", { tables: ["sessions"], secrets: SECRETS }),
    "get-status": apiFunction("Session status", { tables: ["sessions"] }),
    "get-editor-url": apiFunction("URL of the session's code-server", { tables: ["sessions"], services: ["editor"] }),
    "stop-session": apiFunction("Stop a session and its code-server task", { tables: ["sessions"], services: ["editor"] }),
    // Design 000 §5.1.2 / §5.3: 15-minute jobs.
    cleanup: { runtime: "python3.11", handler: "app.lambda_handler", description: "Hourly: end idle sessions, scale code-server to zero", timeoutSeconds: 900, reservedConcurrency: 1, access: { tables: ["sessions"], services: ["editor"] } },
    archive: { runtime: "python3.11", handler: "app.lambda_handler", description: "Weekly: archive ended sessions to the backup bucket", timeoutSeconds: 900, memoryMb: 512, reservedConcurrency: 1, access: { tables: ["sessions"], backupBucket: true } },
  };
}

/** Design 000's serverless tier; `cloudwatchRole` = who owns the account's API Gateway logging role. */
export function devflowServerless(opts: { cloudwatchRole: "create" | "existing"; allowDefaultCertificate?: boolean; waf?: boolean }): NonNullable<EnvInput["serverless"]> {
  return {
    functions: devflowFunctions(),
    api: {
      stageName: "v1",
      authorization: "cognito",
      cloudwatchRole: opts.cloudwatchRole,
      throttling: { rateLimit: 20, burstLimit: 40 },
      routes: [
        { method: "POST", path: "/api/sessions", function: "start-session" },
        { method: "POST", path: "/api/sessions/{id}/prompt", function: "execute-prompt" },
        { method: "GET", path: "/api/sessions/{id}", function: "get-status" },
        { method: "GET", path: "/api/sessions/{id}/editor-url", function: "get-editor-url" },
        { method: "DELETE", path: "/api/sessions/{id}", function: "stop-session" },
      ],
    },
    schedules: {
      // Design 000 §5.1.2 (hourly) and §5.3 (Monday 02:00; CDK's Schedule.cron is UTC).
      cleanup: { expression: "rate(1 hour)", function: "cleanup" },
      archive: { expression: "cron(0 2 ? * MON *)", timezone: "UTC", function: "archive" },
    },
    spa: { apiPath: "/api", allowDefaultCertificate: opts.allowDefaultCertificate ?? false, ...(opts.waf ? { waf: {} } : {}) },
    backupBucket: { expireDays: 90, noncurrentDays: 30 },
    dashboard: { enabled: true, activeSessions: { namespace: "DevFlow", metric: "ActiveSessions" } },
  };
}
