import { describeJobRoundTrip } from "./shared/job-round-trip";

describeJobRoundTrip("one Redis");
