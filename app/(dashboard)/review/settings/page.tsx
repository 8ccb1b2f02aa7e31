import { requirePageActor } from "@/app/_server/session";
import { env, reviewEngineMode } from "@/lib/env";
import { logger } from "@/lib/logger";
import { aiBreakerState } from "@/lib/review/decide/circuit-breaker";
import { getReviewSettings } from "@/lib/review/intake/settings";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { ReviewTabs } from "@/components/review/review-tabs";
import { ReviewSettingsForm } from "@/components/review/review-settings-form";
import { updateReviewSettingsAction } from "../actions";

export const metadata = { title: "Review settings" };

/** The breaker lives in Redis; without Redis the page still opens and says the state is unknown. */
async function breaker() {
  try {
    return await aiBreakerState();
  } catch (error) {
    logger.warn({ err: error }, "could not read the AI circuit breaker");
    return null;
  }
}

export default async function ReviewSettingsPage() {
  await requirePageActor(["OWNER"]);
  const [settings, circuit] = await Promise.all([getReviewSettings(), breaker()]);
  const mode = reviewEngineMode();
  const config = env();

  return (
    <>
      <PageHeader
        title="Review settings"
        description="How recommendations are routed, when suspensions are recommended, and how long each kind may wait"
      />
      <ReviewTabs current="settings" owner />
      <div className="grid items-start gap-6 lg:grid-cols-3">
        <Card title="Settings" className="lg:col-span-2">
          <ReviewSettingsForm action={updateReviewSettingsAction} settings={settings} />
        </Card>
        <Card title="Decision engine">
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-500">In use</dt>
              <dd className="mt-0.5" data-testid="engine-mode">
                {mode === "ai" ? `AI (${config.ANTHROPIC_MODEL})` : "Rules (deterministic, no network)"}
              </dd>
            </div>
            <div>
              <dt className="text-xs uppercase tracking-wide text-slate-500">AI circuit</dt>
              <dd className="mt-0.5" data-testid="engine-circuit">
                {circuit === null ? (
                  <span>Unknown: Redis cannot be reached.</span>
                ) : circuit.open ? (
                  <span>
                    <Badge tone="red">open</Badge> rules decide alone until{" "}
                    <LocalTime value={circuit.until} /> after {circuit.consecutiveFailures} consecutive AI
                    failures
                  </span>
                ) : (
                  <span>
                    <Badge tone="green">closed</Badge>{" "}
                    {circuit.consecutiveFailures
                      ? `${circuit.consecutiveFailures} consecutive AI failure(s) so far`
                      : "no recent AI failures"}
                  </span>
                )}
              </dd>
            </div>
          </dl>
          <p className="mt-3 text-xs text-slate-500">
            {mode === "ai"
              ? `After ${config.REVIEW_AI_BREAKER_FAILURES} consecutive failures the circuit opens and rules decide for ${config.REVIEW_AI_BREAKER_COOLDOWN_SECONDS} s; each item says which engine decided and why.`
              : "Set ANTHROPIC_API_KEY (and REVIEW_ENGINE=ai) to let Claude recommend; rules take over whenever it fails."}
          </p>
        </Card>
      </div>
    </>
  );
}
