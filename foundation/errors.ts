/**
 * Errors raised while building stacks. Every message names where (environment / construct path),
 * a stable code, the offending value and the fix, so a failed synth is actionable from CI logs alone.
 */
export class ConfigError extends Error {
  constructor(
    /** Where: an environment name or a construct path. */
    readonly where: string,
    /** Stable code, e.g. E_BRIDGE_HOSTPORT; tests match on it. */
    readonly code: string,
    message: string,
  ) {
    super(`[${where}] ${code}: ${message}`);
    this.name = "ConfigError";
  }
}
