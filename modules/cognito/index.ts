import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { Construct } from "../../foundation/cdk";
import type { IdentityConfig } from "../../envs/schema";

export interface UserPoolProps {
  readonly name: string;
  /** Password policy, MFA, threat protection, hosted UI domain prefix, token lifetime (envs/schema.ts IdentitySchema). */
  readonly config: IdentityConfig;
  /** HTTPS host names the ALB serves; the ALB client's callbacks are `https://<host>/oauth2/idpresponse`. @default [] */
  readonly albHosts: readonly string[];
  /** SPA sign-in callback URLs (https). @default [] */
  readonly spaCallbackUrls: readonly string[];
  /** `ACTIVE` blocks `terraform destroy`. */
  readonly deletionProtection: boolean;
}

/**
 * A Cognito user pool with the project's defaults (Amazon Cognito Developer Guide):
 * - sign-in by e-mail (verified), admin-created users only (no self sign-up), case-insensitive user names;
 * - password policy and MFA (TOTP) from config; threat protection (advanced security) from config, which needs
 *   the PLUS feature plan, so the tier follows it;
 * - a hosted UI domain (`<prefix>.auth.<region>.amazoncognito.com`);
 * - an ALB client (client secret, `code` flow, scope `openid`, callbacks `https://<host>/oauth2/idpresponse` —
 *   the ALB `authenticate-cognito` requirements) when `albHosts` is set, and a public SPA client (no secret, code
 *   flow with PKCE) when `spaCallbackUrls` is set. Token revocation and user-existence-error hiding on both.
 */
export class UserPool extends Construct {
  readonly pool: CognitoUserPool;
  readonly domain: CognitoUserPoolDomain;
  readonly albClient?: CognitoUserPoolClient;
  readonly spaClient?: CognitoUserPoolClient;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    const c = props.config;
    const pp = c.passwordPolicy;
    this.pool = new CognitoUserPool(this, "pool", {
      name: props.name,
      usernameAttributes: ["email"],
      autoVerifiedAttributes: ["email"],
      usernameConfiguration: { caseSensitive: false },
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      passwordPolicy: {
        minimumLength: pp.minimumLength,
        requireLowercase: pp.requireLowercase,
        requireUppercase: pp.requireUppercase,
        requireNumbers: pp.requireNumbers,
        requireSymbols: pp.requireSymbols,
        temporaryPasswordValidityDays: pp.temporaryPasswordValidityDays,
      },
      mfaConfiguration: c.mfa,
      softwareTokenMfaConfiguration: c.mfa === "OFF" ? undefined : { enabled: true },
      // Threat protection needs the PLUS plan; with it off, tier and add-ons stay at the service defaults.
      ...(c.advancedSecurity === "OFF" ? {} : { userPoolTier: "PLUS", userPoolAddOns: { advancedSecurityMode: c.advancedSecurity } }),
      accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
      deletionProtection: props.deletionProtection ? "ACTIVE" : "INACTIVE",
    });
    this.domain = new CognitoUserPoolDomain(this, "domain", { domain: c.domainPrefix, userPoolId: this.pool.id });
    const common = {
      userPoolId: this.pool.id,
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email"],
      supportedIdentityProviders: ["COGNITO"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: c.accessTokenHours,
      idTokenValidity: c.accessTokenHours,
      refreshTokenValidity: 30,
      tokenValidityUnits: [{ accessToken: "hours", idToken: "hours", refreshToken: "days" }],
    };
    if (props.albHosts.length) {
      this.albClient = new CognitoUserPoolClient(this, "alb_client", {
        ...common,
        name: `${props.name}-alb`,
        generateSecret: true,
        callbackUrls: props.albHosts.map((h) => `https://${h}/oauth2/idpresponse`),
      });
    }
    if (props.spaCallbackUrls.length) {
      this.spaClient = new CognitoUserPoolClient(this, "spa_client", {
        ...common,
        name: `${props.name}-spa`,
        generateSecret: false,
        callbackUrls: [...props.spaCallbackUrls],
        logoutUrls: [...props.spaCallbackUrls],
      });
    }
  }
}
