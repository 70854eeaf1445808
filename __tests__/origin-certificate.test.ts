/**
 * CloudFront → ALB over HTTPS works only when the origin name is one the ALB's certificate covers. Without a
 * domain the origin is the ALB's *.elb.amazonaws.com name (no certificate can cover it): an imported
 * `alb.certificateArn` without `domain` must fail validation, naming the field and the fix.
 */
import type { EnvInput } from "../envs";
import { dev } from "../envs/web/dev";
import { prod } from "../envs/web/prod";
import { albServesHttps } from "../src/stacks/edge-stack";
import { clone, validationProblems } from "./helpers/platform";
import { loadConfig } from "../envs";

const CERT = "arn:aws:acm:ap-northeast-1:111111111111:certificate/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab";

describe("alb.certificateArn and the CloudFront origin name", () => {
  it("is rejected without domain while the edge fronts the ALB", () => {
    const e = clone(dev) as EnvInput & { alb?: Record<string, unknown> };
    e.alb = { ...(e.alb ?? {}), certificateArn: CERT };
    const message = validationProblems(e);
    expect(message).toContain(`dev: alb.certificateArn = "${CERT.slice(0, 40)}`);
    expect(message).toMatch(/\*\.elb\.amazonaws\.com.*502.*set domain: \{ name, hostedZoneId \}.*or remove alb\.certificateArn/);
  });

  it("is accepted with a domain (origin.<domain> is the origin name)", () => {
    const e = clone(prod) as EnvInput & { alb?: Record<string, unknown> };
    e.alb = { ...(e.alb ?? {}), certificateArn: CERT };
    const { envs } = loadConfig([e]);
    expect(albServesHttps(envs[0])).toBe(true);
  });

  it("is accepted without domain when no CloudFront fronts the ALB", () => {
    const e = clone(dev) as EnvInput & { alb?: Record<string, unknown>; edge?: Record<string, unknown> };
    e.alb = { ...(e.alb ?? {}), certificateArn: CERT, ingress: "internet" };
    e.edge = { enabled: false };
    expect(validationProblems(e)).toBe("");
  });
});
