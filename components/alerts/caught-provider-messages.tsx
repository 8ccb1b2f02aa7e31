import type { CaughtMessage } from "@/lib/devservices/provider-catcher";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";

const PROVIDERS: Record<CaughtMessage["provider"], string> = {
  sms: "SMS",
  pagerduty: "PagerDuty",
  slack: "Slack",
  teams: "Teams",
  discord: "Discord",
};

/** What the development provider catcher received instead of Twilio, PagerDuty and the chat rooms. */
export function CaughtProviderMessages({ messages }: { messages: CaughtMessage[] }) {
  return (
    <section className="mt-8 space-y-3" aria-labelledby="caught-providers">
      <h2 id="caught-providers" className="text-sm font-semibold text-slate-700 dark:text-slate-200">
        SMS, PagerDuty and chat
      </h2>
      <Table
        head={["Received", "Channel", "To", "Message"].map((h) => (
          <th key={h} className={headCellClass}>
            {h}
          </th>
        ))}
        empty={
          messages.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">Nothing caught yet.</p>
          ) : undefined
        }
      >
        {messages.map((m) => (
          <tr key={m.id} data-testid="caught-message">
            <td className={`${cellClass} text-slate-500`}>
              <LocalTime value={new Date(m.receivedAt)} />
            </td>
            <td className={cellClass}>
              {PROVIDERS[m.provider]}
              {m.provider === "pagerduty" ? ` ${m.action}` : ""}
            </td>
            <td className="px-4 py-2.5">
              <p className="w-44 break-all">{m.to}</p>
            </td>
            <td className="px-4 py-2.5">
              <p className="w-72 break-words">{m.text}</p>
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
