import { Construct } from "../../foundation/cdk";
import { UserPool } from "../../modules/cognito";
import { IdentityOut, ServerlessNames } from "../../foundation/contract";
import { ConfigError } from "../../foundation/errors";
import { EnvStack, type EnvStackProps } from "./env-stack";

/** Host names (and SPA URL) the Cognito clients call back to, derived from the environment's domain. */
export function identityHosts(env: EnvStack["env"]): { albHosts: string[]; spaUrls: string[] } {
  const d = env.domain?.name;
  const protectedServices = Object.values(env.services).some((s) => s.protected);
  // The browser reaches protected services on the domain (CloudFront) or on origin.<domain> (the ALB itself).
  const albHosts = d && protectedServices ? [d, `origin.${d}`] : [];
  const spa = env.serverless?.spa;
  const spaHost = d && spa ? (spa.subdomain ? `${spa.subdomain}.${d}` : d) : undefined;
  const spaUrls = [...(spaHost ? [`https://${spaHost}/`] : []), ...(env.identity?.spaCallbackUrls ?? [])];
  return { albHosts, spaUrls };
}

/**
 * `<env>-identity`: the Cognito user pool, its hosted UI domain and app clients (ALB for protected services,
 * SPA for the serverless front end). Applied before the platform, which reads its outputs for
 * `authenticate-cognito`, and before the serverless stack, whose API authorizer names the pool.
 */
export class IdentityStack extends EnvStack {
  readonly userPool: UserPool;

  constructor(scope: Construct, props: Omit<EnvStackProps, "layer">) {
    super(scope, { ...props, layer: "identity" });
    const env = this.env;
    if (!env.identity) throw new ConfigError(env.name, "E_IDENTITY_MISSING", "IdentityStack needs identity in the environment config");
    const { albHosts, spaUrls } = identityHosts(env);
    this.userPool = new UserPool(this, "users", {
      name: ServerlessNames.userPool(this.prefix),
      config: env.identity,
      albHosts,
      spaCallbackUrls: spaUrls,
      deletionProtection: env.deletionProtection,
    });
    const u = this.userPool;
    this.output(IdentityOut.userPoolId, u.pool.id, "Cognito user pool id");
    this.output(IdentityOut.userPoolArn, u.pool.arn, "Cognito user pool ARN (ALB authenticate-cognito, API authorizer)");
    this.output(IdentityOut.albClientId, u.albClient?.id ?? "", "App client of the ALB (client secret, code flow); empty without protected services or domain");
    this.output(IdentityOut.spaClientId, u.spaClient?.id ?? "", "App client of the SPA (public, code flow); empty without callback URLs");
    this.output(IdentityOut.domain, u.domain.domain, "Hosted UI domain prefix");
  }
}
