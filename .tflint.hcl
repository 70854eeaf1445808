# tflint over every synthesized AWS stack (scripts/tflint.ts, a step of npm test).
config {
  call_module_type = "none"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}
