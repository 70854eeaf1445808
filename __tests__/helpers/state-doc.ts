/** A small Terraform state document (one output pair, one ECS cluster) for the state-script tests. */
export const STATE_DOC = {
  version: 4,
  terraform_version: "1.11.4",
  serial: 3,
  lineage: "0b5c1f0e-2d7e-4f53-9a1c-3c1d2e3f4a5b",
  outputs: {
    ecs_cluster_name: { value: "acme-dev", type: "string" },
    private_subnet_ids: { value: ["subnet-a", "subnet-c", "subnet-d"], type: ["list", "string"] },
  },
  resources: [
    {
      mode: "managed",
      type: "aws_ecs_cluster",
      name: "cluster",
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: 0, attributes: { id: "arn:aws:ecs:ap-northeast-1:111111111111:cluster/acme-dev", name: "acme-dev" }, sensitive_attributes: [] }],
    },
  ],
};
