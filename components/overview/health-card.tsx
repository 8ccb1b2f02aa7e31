import Link from "next/link";
import type { Health } from "@/lib/overview/inbox";
import type { Jsonified } from "@/lib/jsonified";

function since(seconds: number | null): string {
  if (seconds === null) return "never";
  return seconds < 90 ? `${seconds}s ago` : `${Math.round(seconds / 60)} min ago`;
}

const Dot = ({ ok }: { ok: boolean }) => (
  <span className={`h-2.5 w-2.5 rounded-full ${ok ? "bg-emerald-500" : "bg-rose-500"}`} aria-hidden />
);

/** Whether the worker beats and Redis answers; the age of the beat comes computed from the server. */
export function HealthCard({ health }: { health: Jsonified<Health> }) {
  return (
    <div className="space-y-2 text-sm">
      <div className="flex items-center gap-2">
        <Dot ok={health.worker.alive} />
        <Link href="/jobs" className="font-medium hover:underline">
          Worker
        </Link>
        <span data-testid="worker-status">{health.worker.alive ? "Running" : "Not running"}</span>
      </div>
      <p className="text-xs text-slate-500">Last heartbeat {since(health.worker.secondsSinceBeat)}</p>
      {!health.worker.alive && (
        <p className="text-xs text-slate-500">
          Start it with <code>npm run worker</code>.
        </p>
      )}
      <div className="flex items-center gap-2">
        <Dot ok={health.redis.answering} />
        <span className="font-medium">Redis</span>
        <span data-testid="redis-status">{health.redis.answering ? "Answering" : "Not answering"}</span>
      </div>
    </div>
  );
}
