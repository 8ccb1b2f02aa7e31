import type { MetricBucket } from "@/lib/generated/prisma/enums";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function bucketMs(bucket: MetricBucket): number {
  return bucket === "hour" ? HOUR : DAY;
}

/** The start of the (UTC) bucket a moment falls into. */
export function bucketStart(at: Date, bucket: MetricBucket): Date {
  const size = bucketMs(bucket);
  return new Date(Math.floor(at.getTime() / size) * size);
}
