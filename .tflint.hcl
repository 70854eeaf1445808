# tflint over every synthesized AWS stack (scripts/tflint.ts, a step of npm test).
config {
  call_module_type = "none"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

# tflint-ruleset-aws, built by scripts/tools.sh into .tools/tflint-plugins (scripts/tflint.ts points
# TFLINT_PLUGIN_DIR there). No `source`/`version`: a manually installed plugin is loaded by its file name.
# deep_check stays off: it calls AWS APIs and needs credentials; the offline rules (instance types, engine versions,
# names, enum values from the provider schema) run on the JSON alone.
plugin "aws" {
  enabled    = true
  deep_check = false
}

# Waivers: tflint annotations (`# tflint-ignore`) are comments, which Terraform's JSON syntax has not, so a waiver on
# the synthesized JSON is a rule-level disable here, with its reason.

# Not a false positive: modules/elasticache deliberately uses the engine's default parameter group
# (default.redis7 / default.redis7.cluster.on / default.valkey8 …): no engine parameter is changed from its default,
# the emulator (moto 5.2.1) has no CreateCacheParameterGroup, and moving to an own group later is an in-place
# ModifyReplicationGroup (CacheParameterGroupName), not a replacement. The rule is informational ("cannot edit it").
rule "aws_elasticache_replication_group_default_parameter_group" {
  enabled = false
}
