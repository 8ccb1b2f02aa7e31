"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { ReviewItemDetail } from "@/lib/review/queries/review-items";
import { ACTION_LABELS } from "@/lib/review/action-labels";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import { DECIDED_STATUSES } from "@/lib/review/statuses";
import type { Jsonified } from "@/lib/jsonified";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { TenantStatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import type { Verdict } from "./decision-dialog";
import {
  ENGINE_LABELS,
  ExecutionBadge,
  formatDuration,
  OverdueBadge,
  ReviewStatusBadge,
  VerdictBadge,
} from "./labels";

export type ItemDetail = Jsonified<ReviewItemDetail>;

const linkClass = "text-indigo-600 hover:underline dark:text-indigo-400";

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section
      className="border-t border-slate-200 pt-4 dark:border-slate-800"
      aria-label={title}
      data-testid={testId}
    >
      <h3 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">{title}</h3>
      {children}
    </section>
  );
}

function Facts({ facts }: { facts: { label: string; value: ReactNode; testId?: string }[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
      {facts
        .filter((fact) => fact.value !== null && fact.value !== undefined && fact.value !== "")
        .map(({ label, value, testId }) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="mt-0.5 break-words" data-testid={testId}>
              {value}
            </dd>
          </div>
        ))}
    </dl>
  );
}

/** Evidence as "key: value" lines; nested objects (a payment issue's details) flattened to "details.reason". */
function evidenceLines(evidence: Record<string, unknown>, prefix = ""): { key: string; value: string }[] {
  return Object.entries(evidence).flatMap(([key, value]) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? evidenceLines(value as Record<string, unknown>, `${prefix}${key}.`)
      : [
          {
            key: `${prefix}${key}`,
            value: value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value),
          },
        ],
  );
}

/** Reopens a decided item; the item is read again once it is. */
function ReopenForm({
  itemId,
  reopen,
  onReopened,
}: {
  itemId: string;
  reopen: FormAction;
  onReopened: () => void;
}) {
  return (
    <ActionForm
      action={reopen}
      onSuccess={onReopened}
      hidden={{ itemId }}
      submit="Reopen"
      variant="secondary"
    >
      {(state) => (
        <>
          <Field
            label="Why reopen it"
            name="reopen-note"
            errors={state.fields?.note}
            hint="The decision stays in the history, marked reversed; what it executed is not undone."
          >
            <textarea
              id="reopen-note"
              name="note"
              rows={2}
              defaultValue={state.values?.note}
              className={inputClass}
            />
          </Field>
        </>
      )}
    </ActionForm>
  );
}

/**
 * The selected item: who it is about, why the engine recommends what it does, what people decided
 * and what the execution did. `readOnly` says why this person cannot decide it now (null when they can).
 */
export function ReviewDetail({
  item,
  owner,
  readOnly,
  claimNote,
  onDecide,
  reopen,
  onReopened,
}: {
  item: ItemDetail;
  owner: boolean;
  readOnly: string | null;
  claimNote: ReactNode;
  onDecide: (verdict: Verdict) => void;
  reopen: FormAction;
  onReopened: () => void;
}) {
  const { tenant, recommendation: rec } = item;
  const decided = DECIDED_STATUSES.includes(item.status);
  return (
    <div className="space-y-4" data-testid="review-detail">
      <div>
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-lg font-semibold">{REVIEW_KINDS[item.kind].label}</h2>
          <span data-testid="review-detail-status">
            <ReviewStatusBadge status={item.status} />
          </span>
          {item.overdue && <OverdueBadge />}
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{item.summary}</p>
        <p className="mt-1 text-xs text-slate-500">
          Raised <LocalTime value={item.createdAt} /> by {item.source} · due <LocalTime value={item.dueAt} />{" "}
          · priority {item.priority}
        </p>
      </div>

      <div className="rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/50" data-testid="review-claim">
        {claimNote}
        {readOnly === null ? (
          <div className="mt-2 flex flex-wrap gap-2">
            <Button type="button" onClick={() => onDecide("approve")} aria-keyshortcuts="a">
              Approve <kbd className="text-xs opacity-70">a</kbd>
            </Button>
            <Button type="button" variant="danger" onClick={() => onDecide("reject")} aria-keyshortcuts="r">
              Reject <kbd className="text-xs opacity-70">r</kbd>
            </Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => onDecide("modify")}
              aria-keyshortcuts="m"
            >
              Modify <kbd className="text-xs opacity-70">m</kbd>
            </Button>
          </div>
        ) : (
          <p className="mt-1 text-slate-600 dark:text-slate-400" data-testid="review-read-only">
            {readOnly}
          </p>
        )}
        {item.closedNote && <p className="mt-1">Closed: {item.closedNote}</p>}
      </div>

      <Section title="Tenant">
        <Facts
          facts={[
            {
              label: "Name",
              value: owner ? (
                <Link href={`/tenants/${tenant.id}`} className={linkClass}>
                  {tenant.name}
                </Link>
              ) : (
                tenant.name
              ),
            },
            {
              label: "Status",
              value: <TenantStatusBadge status={tenant.status} />,
              testId: "review-tenant-status",
            },
            { label: "Plan", value: tenant.plan },
            {
              label: "Customer for",
              value: `${tenant.ageDays} day${tenant.ageDays === 1 ? "" : "s"} (since ${tenant.createdAt.slice(0, 10)})`,
            },
          ]}
        />
      </Section>

      <Section title="Recommendation" testId="review-recommendation">
        {rec ? (
          <>
            <p className="text-sm">
              <strong>{ACTION_LABELS[rec.action]}</strong> ({rec.decision}) · confidence{" "}
              <span className="tabular-nums">{rec.confidence}</span>
            </p>
            {rec.reasoning && (
              <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{rec.reasoning}</p>
            )}
            {rec.engineNote && (
              <p
                role="note"
                className="mt-2 rounded-md bg-amber-50 px-2 py-1 text-sm text-amber-800 dark:bg-amber-950 dark:text-amber-300"
              >
                Decided by {rec.engine ? ENGINE_LABELS[rec.engine] : "rules"} instead: {rec.engineNote}
              </p>
            )}
            <div className="mt-3">
              <Facts
                facts={[
                  { label: "Policy applied", value: rec.policyApplied },
                  {
                    label: "Engine",
                    value: rec.engine && `${ENGINE_LABELS[rec.engine]}${rec.model ? ` · ${rec.model}` : ""}`,
                    testId: "review-engine",
                  },
                  {
                    label: "Policy file",
                    value: rec.policyFile && (
                      <span className="font-mono text-xs">
                        {rec.policyFile} @ {rec.policyHash}
                      </span>
                    ),
                  },
                  {
                    label: "Latency",
                    value: rec.latencyMs !== null ? `${rec.latencyMs.toLocaleString("en")} ms` : null,
                  },
                  {
                    label: "Tokens",
                    value:
                      rec.inputTokens !== null
                        ? `${rec.inputTokens.toLocaleString("en")} in · ${(rec.outputTokens ?? 0).toLocaleString("en")} out`
                        : null,
                  },
                  {
                    label: "Recommended",
                    value: rec.recommendedAt && <LocalTime value={rec.recommendedAt} />,
                  },
                ]}
              />
            </div>
          </>
        ) : (
          <p className="text-sm text-slate-500">The decision engine has not recommended anything yet.</p>
        )}
      </Section>

      {item.score !== null && (
        <Section title={`Score ${item.score} of 100`} testId="review-factors">
          <ul className="space-y-2">
            {item.factors.map((factor) => (
              <li key={factor.key} className="text-sm">
                <div className="flex items-baseline justify-between gap-3">
                  <span className="font-medium">{factor.label}</span>
                  <span className="tabular-nums text-slate-600 dark:text-slate-400">
                    {factor.points} of {factor.weight} points
                  </span>
                </div>
                <div className="mt-1 h-1.5 rounded-full bg-slate-200 dark:bg-slate-700" aria-hidden>
                  <div
                    className="h-1.5 rounded-full bg-indigo-500"
                    style={{
                      width: `${factor.weight ? Math.round((factor.points / factor.weight) * 100) : 0}%`,
                    }}
                  />
                </div>
                <p className="mt-0.5 text-xs text-slate-500">{factor.explanation}</p>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title="Evidence">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {evidenceLines(item.evidence as Record<string, unknown>).map(({ key, value }) => (
            <div key={key} className="contents">
              <dt className="font-mono text-xs text-slate-500">{key}</dt>
              <dd className="break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section title="Decisions" testId="review-decisions">
        {item.decisions.length === 0 ? (
          <p className="text-sm text-slate-500">Nobody has decided yet.</p>
        ) : (
          <ol className="space-y-3">
            {item.decisions.map((d) => (
              <li key={d.id} className="text-sm" data-testid="review-decision">
                <div className="flex flex-wrap items-center gap-2">
                  <VerdictBadge verdict={d.verdict} />
                  {d.action && <span className="font-medium">{ACTION_LABELS[d.action]}</span>}
                  <span className="text-slate-600 dark:text-slate-400">
                    by {d.actorLabel} · <LocalTime value={d.decidedAt} /> · after{" "}
                    {formatDuration(d.secondsToDecision)}
                  </span>
                </div>
                {d.note && <p className="mt-1">“{d.note}”</p>}
                <p className="mt-1 text-xs text-slate-500">
                  The engine ({d.engine ? ENGINE_LABELS[d.engine] : "none"}) recommended{" "}
                  {d.recommendedAction ? ACTION_LABELS[d.recommendedAction] : "nothing"}
                  {d.recommendedConfidence !== null && ` at ${d.recommendedConfidence}`}
                  {d.policyFile && ` under ${d.policyFile} @ ${d.policyHash}`}
                </p>
                {d.executionStatus && (
                  <p className="mt-1 flex flex-wrap items-center gap-2" data-testid="review-execution">
                    <ExecutionBadge status={d.executionStatus} />
                    <span>{d.executionDetail ?? "Waiting for the worker."}</span>
                    {d.executedAt && (
                      <span className="text-xs text-slate-500">
                        <LocalTime value={d.executedAt} />
                      </span>
                    )}
                  </p>
                )}
                {d.reversedAt && (
                  <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">
                    Reopened by {d.reversedBy} · <LocalTime value={d.reversedAt} />
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>

      {owner && decided && (
        <Section title="Reopen">
          <ReopenForm itemId={item.id} reopen={reopen} onReopened={onReopened} />
        </Section>
      )}
    </div>
  );
}
