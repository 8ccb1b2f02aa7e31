import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { notificationReaderId } from "@/lib/notifications/notification-reader";
import { listNotifications } from "@/lib/notifications/queries";
import { notificationsQuerySchema } from "@/lib/notifications/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { MarkReadButton } from "@/components/notifications/mark-read-button";
import { NotificationList } from "@/components/notifications/notification-list";
import { SEVERITY } from "@/components/notifications/severity";

export const metadata = { title: "Notifications" };

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<PageSearchParams>;
}) {
  const actor = await requirePageActor(["OWNER"]);
  const { values: query, invalid } = parsePageSearchParams(notificationsQuerySchema, await searchParams);
  const page = await listNotifications(notificationReaderId(actor), query);
  // "Mark all read" covers what existed when this page was drawn, not what arrived after.
  const drawnAt = new Date().toISOString();
  return (
    <>
      <PageHeader
        title="Notifications"
        description={`Alerts from Steward's jobs and automations. ${page.unread.toLocaleString("en")} unread; each person has their own read state.`}
        actions={
          page.unread > 0 ? (
            <MarkReadButton input={{ all: true, upTo: drawnAt }} variant="primary">
              Mark all read
            </MarkReadButton>
          ) : undefined
        }
      />
      {invalid && (
        <p role="alert" className="mb-4 text-sm text-amber-700">
          Some filters were invalid and were reset.
        </p>
      )}
      <form className="mb-4 flex flex-wrap gap-3">
        <select
          name="severity"
          defaultValue={query.severity ?? ""}
          aria-label="Severity"
          className={`${inputBaseClass} w-40`}
        >
          <option value="">All severities</option>
          {Object.entries(SEVERITY).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select
          name="unread"
          defaultValue={query.unread ? "true" : ""}
          aria-label="Read state"
          className={`${inputBaseClass} w-40`}
        >
          <option value="">Read and unread</option>
          <option value="true">Unread only</option>
        </select>
        <button className={buttonClass("secondary")}>Filter</button>
      </form>
      <NotificationList notifications={page.rows} />
      <Pagination
        basePath="/notifications"
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
        params={{ severity: query.severity, unread: query.unread ? "true" : undefined }}
      />
    </>
  );
}
