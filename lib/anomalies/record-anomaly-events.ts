import type { Tx } from "@/lib/db";
import { recordEvents } from "@/lib/webhooks/record-event";
import { anomalyState, tenantRef } from "@/lib/webhooks/resources";

/**
 * Records anomaly events carrying each anomaly's state as this transaction leaves it (detection's
 * raw SQL included: the rows are read back here), one read and one outbox write per batch.
 */
export async function recordAnomalyEvents(
  tx: Tx,
  type: "anomaly.opened" | "anomaly.resolved",
  anomalyIds: string[],
): Promise<void> {
  if (anomalyIds.length === 0) return;
  const anomalies = await tx.anomaly.findMany({
    where: { id: { in: anomalyIds } },
    include: {
      tenant: { select: { id: true, externalId: true, slug: true } },
      metric: { select: { key: true } },
    },
  });
  await recordEvents(
    tx,
    anomalies.map((anomaly) => ({
      type,
      tenantId: anomaly.tenantId,
      data: { tenant: tenantRef(anomaly.tenant), anomaly: anomalyState(anomaly, anomaly.metric.key) },
    })),
  );
}
