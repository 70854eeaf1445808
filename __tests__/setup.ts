import { Testing } from "../src/cdk";

// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, …).
Testing.setupJest();
