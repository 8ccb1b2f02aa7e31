import { db } from "@/lib/db";

/** What an audit row names: a record's name, and where it is shown when it has a page. */
export type AuditLink = { label: string; href?: string };

type Resolver = (ids: string[]) => Promise<[string, AuditLink][]>;

const named =
  <Row extends { id: string }>(
    find: (ids: string[]) => Promise<Row[]>,
    link: (row: Row) => AuditLink,
  ): Resolver =>
  async (ids) =>
    (await find(ids)).map((row) => [row.id, link(row)]);

const where = (ids: string[]) => ({ where: { id: { in: ids } } });

/** Entities whose name is in the database, read in one query per type on a page. */
const FROM_DATABASE: Record<string, Resolver> = {
  tenant: named(
    (ids) => db.tenant.findMany({ ...where(ids), select: { id: true, name: true } }),
    (t) => ({ label: t.name, href: `/tenants/${t.id}` }),
  ),
  user: named(
    (ids) => db.user.findMany({ ...where(ids), select: { id: true, name: true, email: true } }),
    (u) => ({ label: u.name || u.email, href: "/settings/users" }),
  ),
  trial: named(
    (ids) => db.trial.findMany({ ...where(ids), select: { id: true, tenant: { select: { name: true } } } }),
    (t) => ({ label: `trial of ${t.tenant.name}`, href: `/billing/trials/${t.id}` }),
  ),
  anomaly: named(
    (ids) =>
      db.anomaly.findMany({
        ...where(ids),
        select: { id: true, tenant: { select: { name: true } }, metric: { select: { name: true } } },
      }),
    (a) => ({ label: `${a.metric.name} of ${a.tenant.name}`, href: `/anomalies/${a.id}` }),
  ),
  review_item: named(
    (ids) => db.reviewItem.findMany({ ...where(ids), select: { id: true, summary: true } }),
    (r) => ({ label: r.summary, href: `/review?item=${r.id}` }),
  ),
  apiKey: named(
    (ids) => db.apiKey.findMany({ ...where(ids), select: { id: true, name: true } }),
    (k) => ({ label: `API key ${k.name}`, href: "/settings/api-keys" }),
  ),
  webhook_endpoint: named(
    (ids) => db.webhookEndpoint.findMany({ ...where(ids), select: { id: true, url: true } }),
    (w) => ({ label: w.url, href: `/settings/webhooks/${w.id}` }),
  ),
  tenant_import: named(
    (ids) => db.tenantImport.findMany({ ...where(ids), select: { id: true, fileName: true } }),
    (i) => ({ label: `import of ${i.fileName}`, href: `/tenants/import/${i.id}` }),
  ),
};

/** Entities named by their id, with a page to link to. */
const BY_ID: Record<string, (id: string) => AuditLink> = {
  job: (id) => ({ label: `job ${id}`, href: `/jobs/${encodeURIComponent(id)}` }),
  schedule: (id) => ({ label: `schedule ${id}`, href: "/jobs" }),
  queue: (id) => ({ label: `queue ${id}`, href: `/jobs/list?queue=${encodeURIComponent(id)}` }),
  emailTemplate: (id) => ({
    label: `template ${id}`,
    href: `/settings/email-templates/${encodeURIComponent(id)}`,
  }),
  metric_definition: (id) => ({ label: `metric ${id}`, href: "/anomalies/rules" }),
  review_settings: () => ({ label: "review settings", href: "/review/settings" }),
};

export const auditLinkKey = (type: string, id: string) => `${type}:${id}`;

/**
 * Names and links for what a page of audit entries is about and for who made each change (keyed
 * `type:id`, actors as `user:id`), so rows read "Acme Analytics" rather than a cuid. A record
 * deleted since keeps its raw id.
 */
export async function auditEntityLinks(
  entries: { entityType: string; entityId: string | null; actorId: string | null }[],
): Promise<Record<string, AuditLink>> {
  const idsByType = new Map<string, Set<string>>();
  const add = (type: string, id: string | null) => {
    if (id) idsByType.set(type, (idsByType.get(type) ?? new Set()).add(id));
  };
  for (const entry of entries) {
    add(entry.entityType, entry.entityId);
    add("user", entry.actorId);
  }
  const links: Record<string, AuditLink> = {};
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      const resolved = FROM_DATABASE[type]
        ? await FROM_DATABASE[type]([...ids])
        : BY_ID[type]
          ? [...ids].map((id): [string, AuditLink] => [id, BY_ID[type](id)])
          : [];
      for (const [id, link] of resolved) links[auditLinkKey(type, id)] = link;
    }),
  );
  return links;
}
