import type { EnvInput, ServiceInput } from "../schema";

/**
 * Vitascope (design 004, ap-northeast-1): users sign in with Cognito in front of the ALB, the backend API runs on
 * ECS Fargate, jobs go through SQS to a Lambda (which writes DynamoDB and publishes to EventBridge), EventBridge
 * rules and schedules drive further functions.
 */

/** Three AZs a/c/d of VPC 10.<second>.0.0/16: public 0-2, private 128-130, isolated 64-66 (the database). */
export function vitascopeAzs(second: number): EnvInput["network"]["azs"] {
  return (["a", "c", "d"] as const).map((suffix, i) => ({
    suffix,
    publicCidr: `10.${second}.${i}.0/24`,
    privateCidr: `10.${second}.${128 + i}.0/24`,
    isolatedCidr: `10.${second}.${64 + i}.0/24`,
  }));
}

/**
 * Design 004's stores: PostgreSQL with read replicas (Aurora PostgreSQL readers, autoscaled where `maxReaders` > 0)
 * and the DynamoDB table the functions write results to.
 */
export function vitascopeData(opts: { readers: number; maxReaders: number; multiAz: boolean; protect: boolean }): NonNullable<EnvInput["data"]> {
  return {
    databases: {
      main: {
        engine: "aurora-postgresql",
        version: "16.4",
        instanceClass: "db.t4g.medium",
        readers: { count: opts.readers, ...(opts.maxReaders ? { autoscaling: { min: opts.readers, max: opts.maxReaders, targetCpu: 70 } } : {}) },
        multiAz: opts.multiAz,
        backupRetentionDays: opts.protect ? 7 : 1,
        finalSnapshot: opts.protect,
      },
    },
    tables: { results: { partitionKey: "jobId" } },
  };
}

/** The backend API on Fargate behind the ALB (`app/` Python service; port 8000, /health). */
export function backendApi(opts: { protected: boolean; min: number; max: number }): ServiceInput {
  return {
    port: 8000,
    paths: ["/*"],
    priority: 100,
    healthCheck: { path: "/health" },
    size: { cpu: 512, memory: 1024 },
    compute: { type: "fargate" },
    scaling: { min: opts.min, max: opts.max },
    protected: opts.protected,
    uses: { database: "main", tables: ["results"] },
  };
}

/** SQS → Lambda (jobs), EventBridge events → Lambda (notify), a nightly schedule (report). */
export function vitascopeServerless(): NonNullable<EnvInput["serverless"]> {
  return {
    functions: {
      "process-job": {
        runtime: "python3.11",
        handler: "app.lambda_handler",
        description: "Consume the jobs queue, write results to DynamoDB, publish job events",
        timeoutSeconds: 60,
        reservedConcurrency: 5,
        access: { tables: ["results"], eventBus: true },
      },
      notify: {
        runtime: "python3.11",
        handler: "app.lambda_handler",
        description: "React to job events (notifications)",
        timeoutSeconds: 30,
        reservedConcurrency: 2,
        access: { tables: ["results"] },
      },
      "daily-report": {
        runtime: "python3.11",
        handler: "app.lambda_handler",
        description: "Nightly aggregate of the day's results",
        timeoutSeconds: 300,
        reservedConcurrency: 1,
        access: { tables: ["results"], eventBus: true },
      },
    },
    queues: {
      // 6 × the consumer's 60 s timeout (AWS guidance for SQS event sources).
      jobs: { visibilityTimeoutSeconds: 360, maxReceiveCount: 5, consumer: { function: "process-job", batchSize: 10, maximumConcurrency: 5 } },
    },
    eventBus: { rules: { "job-completed": { source: ["vitascope.jobs"], detailType: ["JobCompleted"], function: "notify" } } },
    schedules: { "daily-report": { expression: "cron(0 3 * * ? *)", timezone: "Asia/Tokyo", function: "daily-report" } },
    dashboard: { enabled: true },
  };
}
