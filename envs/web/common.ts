import type { EnvInput, ServiceInput } from "../schema";

/** Three AZs a/c/d with the design's subnet plan for VPC 10.<octet>.0.0/16. */
export function threeAzs(octet: number): EnvInput["network"]["azs"] {
  return (["a", "c", "d"] as const).map((suffix, i) => ({
    suffix,
    publicCidr: `10.${octet}.${i}.0/24`,
    privateCidr: `10.${octet}.${128 + i}.0/24`,
  }));
}

/**
 * The design's two containers (design 002): Next.js frontend on 3000 for `/*`, Fastify backend on 3001 for
 * `/api/*`. Priorities are stable: the more specific path is evaluated first.
 */
export function webServices(scaling: { min: number; max: number }): Record<string, ServiceInput> {
  return {
    backend: {
      port: 3001,
      paths: ["/api/*"],
      priority: 100,
      healthCheck: { path: "/api/health" },
      scaling,
    },
    frontend: {
      port: 3000,
      paths: ["/*"],
      priority: 200,
      healthCheck: { path: "/" },
      stickinessSeconds: 86400,
      // Next.js writes its cache (ISR pages, optimised images) under .next/cache in the app directory.
      readonlyRootFilesystem: false,
      // Hashed JS/CSS served by CloudFront from the static bucket (Next.js standalone image layout).
      staticAssets: { path: "/app/.next/static" },
      scaling,
    },
  };
}
