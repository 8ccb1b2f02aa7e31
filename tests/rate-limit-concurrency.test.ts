import { describeRateLimitAcrossProcesses } from "./shared/rate-limit-across-processes";

describeRateLimitAcrossProcesses("one Redis");
