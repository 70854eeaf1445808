import type { EnvInput, ServiceInput } from "../schema";

/**
 * Text Messaging (design 003): one Fargate service released with CodeDeploy blue/green behind the ALB
 * (production listener 80, test listener 8080), RDS PostgreSQL 16.4 in isolated subnets with its password in
 * Secrets Manager, and the design's three subnet tiers.
 */

/** Design 003's VPC plan for 10.<octet>.0.0/16: public .0/.1, private .2/.3, isolated .4/.5 in AZs a and c. */
export function messagingAzs(octet: number): EnvInput["network"]["azs"] {
  return [
    { suffix: "a", publicCidr: `10.${octet}.0.0/24`, privateCidr: `10.${octet}.2.0/24`, isolatedCidr: `10.${octet}.4.0/24` },
    { suffix: "c", publicCidr: `10.${octet}.1.0/24`, privateCidr: `10.${octet}.3.0/24`, isolatedCidr: `10.${octet}.5.0/24` },
  ];
}

/**
 * The app (design 003): Fargate 0.25 vCPU / 512 MiB on :8080, `/health` every 30 s (healthy 2, unhealthy 3),
 * 1–`max` tasks at 70 % CPU and memory, CodeDeploy blue/green with the test listener on 8080.
 * `testListenerCidrs`: who may probe the replacement tasks (CI runners, VPN).
 */
export function messagingApp(max: number, testListenerCidrs: readonly string[]): ServiceInput {
  return {
    port: 8080,
    paths: ["/*"],
    priority: 100,
    healthCheck: { path: "/health", intervalSeconds: 30, healthyThreshold: 2, unhealthyThreshold: 3 },
    size: { cpu: 256, memory: 512 },
    compute: { type: "fargate" },
    deployment: { type: "blue-green", config: "all-at-once", testListenerPort: 8080, testListenerCidrs: [...testListenerCidrs], terminationWaitMinutes: 5 },
    scaling: { min: 1, max, cpuTarget: 70, memoryTarget: 70 },
    // DB_HOST, DB_PORT, DB_NAME and DB_USER/DB_PASSWORD from the RDS-managed secret (the design's DATABASE_URL
    // is assembled by the app from them: a URL with the password cannot be a task definition value).
    uses: { database: "main" },
  };
}

/** RDS PostgreSQL 16.4 (design 003): gp3 20 GB with storage autoscaling. */
export function messagingDatabase(instanceClass: "db.t3.micro" | "db.t3.small", multiAz: boolean, protect: boolean) {
  return {
    engine: "postgres",
    version: "16.4",
    instanceClass,
    storage: { allocatedGb: 20, maxAllocatedGb: 100 },
    multiAz,
    // db.t3.micro/small have no Performance Insights (RDS User Guide).
    performanceInsightsDays: false,
    finalSnapshot: protect,
  } as const;
}
