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
