import type { ReactNode } from "react";
import { requirePageActor } from "@/app/_server/session";
import { ANALYTICS_WEEKS, reviewAnalytics, type Agreement } from "@/lib/review/queries/analytics";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import { PageHeader } from "@/components/ui/page-header";
import { Card, StatCard } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { ReviewTabs } from "@/components/review/review-tabs";
import { AgreementChart } from "@/components/review/agreement-chart";
import { formatDuration } from "@/components/review/labels";

export const metadata = { title: "Review analytics" };

const share = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : "—");
const median = (seconds: number | null) => (seconds === null ? "—" : formatDuration(seconds));
const num = "whitespace-nowrap px-4 py-2.5 text-right tabular-nums";

function Head({ labels, numeric = [] }: { labels: string[]; numeric?: number[] }) {
  return labels.map((label, i) => (
    <th key={label} className={`${headCellClass} ${numeric.includes(i) ? "text-right" : ""}`}>
      {label}
    </th>
  ));
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="p-6 text-center text-sm text-slate-500">{children}</p>;
}

function AgreementCells({ row }: { row: Agreement }) {
  return (
    <>
      <td className={num} data-testid="agreed">
        {row.approved}
      </td>
      <td className={num} data-testid="modified">
        {row.modified}
      </td>
      <td className={num} data-testid="rejected">
        {row.rejected}
      </td>
      <td className={num}>{row.total}</td>
      <td className={num}>{share(row.approved, row.total)}</td>
    </>
  );
}

export default async function ReviewAnalyticsPage() {
  const actor = await requirePageActor(["OWNER", "REVIEWER"]);
  const { since, byKind, byPolicy, weeks, auto, reviewers, speed, age } = await reviewAnalytics(new Date());
  const people = byKind.reduce(
    (sum, k) => ({ approved: sum.approved + k.approved, total: sum.total + k.total }),
    { approved: 0, total: 0 },
  );
  const executed = auto.reduce(
    (sum, a) => ({ executed: sum.executed + a.executed, reversed: sum.reversed + a.reversed }),
    { executed: 0, reversed: 0 },
  );

  return (
    <>
      <PageHeader
        title="Review analytics"
        description={
          <>
            How people agree with the decision engine over the last {ANALYTICS_WEEKS} weeks (since{" "}
            <LocalTime value={since} dateOnly />
            ), how fast they decide, and how old the queue is
          </>
        }
      />
      <ReviewTabs current="analytics" owner={actor.role === "OWNER"} />

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <div data-testid="stat-decisions">
          <StatCard
            label="People's decisions"
            value={people.total.toLocaleString("en")}
            detail={`in ${ANALYTICS_WEEKS} weeks`}
          />
        </div>
        <div data-testid="stat-agreement">
          <StatCard
            label="Agreed with the engine"
            value={share(people.approved, people.total)}
            detail={`${people.approved} of ${people.total} approved as recommended`}
          />
        </div>
        <div data-testid="stat-auto">
          <StatCard
            label="Executed automatically"
            value={executed.executed.toLocaleString("en")}
            detail={`${executed.reversed} later reversed by an owner`}
          />
        </div>
        <div data-testid="stat-median">
          <StatCard
            label="Median time to decision"
            value={median(speed.medianSeconds30Days)}
            detail={`30 days (${speed.decisions30Days} decisions); 7 days: ${median(speed.medianSeconds7Days)}`}
          />
        </div>
        <div data-testid="stat-open">
          <StatCard
            label="Open items"
            value={age.open.toLocaleString("en")}
            detail={`${age.overdue} past their SLA, ${age.withinSla} within`}
          />
        </div>
      </div>

      <Card title={`Decisions per week (last ${ANALYTICS_WEEKS} weeks)`} className="mt-6">
        <AgreementChart weeks={weeks} />
      </Card>

      <div className="mt-6 grid gap-6 [&>*]:min-w-0">
        <section aria-label="Agreement per type">
          <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">
            Agreement per type
          </h2>
          <Table
            head={
              <Head
                labels={["Type", "Agreed", "Modified", "Rejected", "Decisions", "Agreement"]}
                numeric={[1, 2, 3, 4, 5]}
              />
            }
            empty={
              byKind.length === 0 ? <Empty>Nobody has decided anything in these weeks.</Empty> : undefined
            }
          >
            {byKind.map((row) => (
              <tr key={row.kind} data-testid="agreement-kind" data-kind={row.kind}>
                <td className={cellClass}>{REVIEW_KINDS[row.kind].label}</td>
                <AgreementCells row={row} />
              </tr>
            ))}
          </Table>
        </section>

        <section aria-label="Agreement per policy version">
          <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">
            Agreement per policy version
          </h2>
          <Table
            head={
              <Head
                labels={["Policy", "Agreed", "Modified", "Rejected", "Decisions", "Agreement", "Decided"]}
                numeric={[1, 2, 3, 4, 5]}
              />
            }
            empty={
              byPolicy.length === 0 ? (
                <Empty>No policy has been judged by a person in these weeks.</Empty>
              ) : undefined
            }
          >
            {byPolicy.map((row) => (
              <tr key={`${row.kind}:${row.policyFile}:${row.policyHash}`} data-testid="agreement-policy">
                <td className={cellClass}>
                  <span>{REVIEW_KINDS[row.kind].label}</span>
                  <span className="ml-2 font-mono text-xs text-slate-500">
                    {row.policyFile ?? "no policy"}
                    {row.policyHash && ` @ ${row.policyHash}`}
                  </span>
                </td>
                <AgreementCells row={row} />
                <td className={`${cellClass} text-xs text-slate-500`}>
                  <LocalTime value={row.firstDecidedAt} dateOnly /> –{" "}
                  <LocalTime value={row.lastDecidedAt} dateOnly />
                </td>
              </tr>
            ))}
          </Table>
        </section>
      </div>

      <div className="mt-6 grid gap-6 xl:grid-cols-2 [&>*]:min-w-0">
        <section aria-label="Automatic executions">
          <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">
            Automatic executions
          </h2>
          <Table
            head={
              <Head
                labels={["Type", "Executed", "Later reversed", "Failed to execute"]}
                numeric={[1, 2, 3]}
              />
            }
            empty={
              auto.length === 0 ? (
                <Empty>The engine executed nothing on its own in these weeks.</Empty>
              ) : undefined
            }
          >
            {auto.map((row) => (
              <tr key={row.kind} data-testid="auto-kind" data-kind={row.kind}>
                <td className={cellClass}>{REVIEW_KINDS[row.kind].label}</td>
                <td className={num}>{row.executed}</td>
                <td className={num}>
                  {row.reversed}{" "}
                  <span className="text-xs text-slate-500">({share(row.reversed, row.executed)})</span>
                </td>
                <td className={num}>{row.failed}</td>
              </tr>
            ))}
          </Table>
        </section>

        <section aria-label="Reviewers">
          <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">Reviewers</h2>
          <Table
            head={
              <Head
                labels={["Reviewer", "Last 7 days", "Last 30 days", "Median time to decision (30 days)"]}
                numeric={[1, 2, 3]}
              />
            }
            empty={
              reviewers.length === 0 ? <Empty>Nobody has decided anything in 30 days.</Empty> : undefined
            }
          >
            {reviewers.map((row) => (
              <tr key={row.actorId} data-testid="reviewer-row" data-reviewer={row.reviewer}>
                <td className={cellClass}>{row.reviewer}</td>
                <td className={num} data-testid="last-7-days">
                  {row.last7Days}
                </td>
                <td className={num} data-testid="last-30-days">
                  {row.last30Days}
                </td>
                <td className={num}>{median(row.medianSeconds30Days)}</td>
              </tr>
            ))}
          </Table>
        </section>
      </div>

      <section aria-label="Queue age" className="mt-6">
        <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">Queue age</h2>
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400" data-testid="queue-age-summary">
          {age.open === 0 ? (
            "Nothing is open."
          ) : (
            <>
              {age.open} open, {age.overdue} past their SLA and {age.withinSla} within it; the oldest was
              raised <LocalTime value={age.oldestCreatedAt} />.
            </>
          )}
        </p>
        <Table head={<Head labels={["Age", "Open items", "Past their SLA"]} numeric={[1, 2]} />}>
          {age.buckets.map((row) => (
            <tr key={row.bucket}>
              <td className={cellClass}>{row.bucket}</td>
              <td className={num}>{row.items}</td>
              <td className={num}>{row.overdue}</td>
            </tr>
          ))}
        </Table>
      </section>
    </>
  );
}
