import type { EnvInput, ServiceInput } from "../schema";

/**
 * Eldonia (design 001): a Node.js backend on Fargate behind CloudFront + WAF, Aurora PostgreSQL, ElastiCache
 * Redis for sessions and caches, and an S3 media bucket. Every Eldonia environment shares these shapes.
 */

/**
 * The design's VPC plan 10.0.0.0/16 (public 10.0.1/24, 10.0.2/24; private 10.0.10/24, 10.0.20/24) for `10.<octet>`,
 * with the isolated tier the data stores need (the design names none; 10.<octet>.100/24 and .200/24, by analogy).
 */
export function eldoniaAzs(octet: number): EnvInput["network"]["azs"] {
  return [
    { suffix: "a", publicCidr: `10.${octet}.1.0/24`, privateCidr: `10.${octet}.10.0/24`, isolatedCidr: `10.${octet}.100.0/24` },
    { suffix: "c", publicCidr: `10.${octet}.2.0/24`, privateCidr: `10.${octet}.20.0/24`, isolatedCidr: `10.${octet}.200.0/24` },
  ];
}

/** The backend (design 001 §5.2.1/§5.3): Fargate 0.5 vCPU / 1 GiB on :3001, `/health` every 30 s, 1–10 tasks. */
export function eldoniaBackend(scaling: { min: number; max: number }): ServiceInput {
  return {
    port: 3001,
    paths: ["/*"],
    priority: 100,
    healthCheck: { path: "/health", intervalSeconds: 30 },
    size: { cpu: 512, memory: 1024 },
    compute: { type: "fargate" },
    // Design §5.3.3: rolling with at least half the tasks serving.
    deployment: { type: "rolling", minimumHealthyPercent: 50, maximumPercent: 200 },
    environment: { NODE_ENV: "production" },
    scaling,
    // DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD, REDIS_URL/REDIS_AUTH_TOKEN, S3_BUCKET_MEDIA and JWT_SECRET,
    // all resolved by the platform from the data stack.
    uses: { database: "main", cache: "sessions", buckets: ["media"], secrets: { JWT_SECRET: "jwt-secret" } },
  };
}

/** Data stores both stages share; `database` and cache sizes differ per stage. */
export const eldoniaStores = {
  // Design §5.2.2: IA after 90 days, Glacier after 365, versioning, SSE-S3; served through the edge with OAC
  // (objects under media/ answer at https://<distribution>/media/…).
  buckets: { media: { lifecycle: "tiers", iaDays: 90, glacierDays: 365, encryption: "s3", edge: { pathPattern: "/media/*" } } },
  secrets: { "jwt-secret": { length: 64, description: "JWT signing key of the Eldonia backend" } },
} as const satisfies Partial<EnvInput["data"]>;
