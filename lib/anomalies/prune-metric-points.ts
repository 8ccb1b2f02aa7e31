import { db } from "@/lib/db";
import { DAY } from "./buckets";
import { POINT_RETENTION_DAYS } from "./schemas";

/** Series per delete: the primary key (series_id, bucket) finds their old points without a bucket index. */
const SERIES_PER_DELETE = 200;

/**
 * Batched deletes of metric points past their retention, for the nightly prune, walking series
 * ranges. Not counted up front: without an index on bucket that would read the whole table.
 */
export function metricPointSweep(now: Date) {
  const cutoff = new Date(now.getTime() - POINT_RETENTION_DAYS * DAY).toISOString();
  let afterId = 0;
  let maxId: number | undefined;
  return {
    /** Deletes the next range's old points; 0 once every range is done. */
    sweep: async () => {
      maxId ??= (await db.metricSeries.aggregate({ _max: { id: true } }))._max.id ?? 0;
      while (afterId < maxId) {
        const deleted =
          await db.$executeRaw`DELETE FROM metric_points WHERE series_id > ${afterId} AND series_id <= ${afterId + SERIES_PER_DELETE} AND bucket < ${cutoff}::timestamp`;
        afterId += SERIES_PER_DELETE;
        if (deleted > 0) return deleted;
      }
      return 0;
    },
  };
}
