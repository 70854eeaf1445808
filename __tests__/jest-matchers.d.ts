// Types for the matchers cdktf's Testing.setupJest() registers (cdktf 0.21 ships them untyped for jest 30).
import type { TerraformConstructor } from "cdktf/lib/testing/matchers";

declare global {
  namespace jest {
    interface Matchers<R> {
      toHaveResource(type: TerraformConstructor): R;
      toHaveResourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveDataSource(type: TerraformConstructor): R;
      toHaveDataSourceWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
      toHaveProvider(type: TerraformConstructor): R;
      toHaveProviderWithProperties(type: TerraformConstructor, properties: Record<string, unknown>): R;
      toBeValidTerraform(): R;
      toPlanSuccessfully(): R;
    }
  }
}
export {};
