import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Settings" };

const SECTIONS = [
  { href: "/settings/users", title: "Users", text: "Who can sign in, with which role; disable accounts." },
  { href: "/settings/api-keys", title: "API keys", text: "Keys for machines calling /api/v1, with scopes." },
  {
    href: "/settings/own-limits",
    title: "Own limits",
    text: "Requests a minute per API key on /api/v1, sign-in attempts a minute per address.",
  },
  {
    href: "/settings/plans",
    title: "Plans",
    text: "The plan catalog: prices, limits and features, versioned; move tenants between versions.",
  },
  {
    href: "/settings/webhooks",
    title: "Webhooks",
    text: "Endpoints that receive every decision as a signed event, with their delivery log.",
  },
  {
    href: "/settings/on-call",
    title: "On-call order",
    text: "Who urgent alerts go to first, and who next when nobody acknowledges them.",
  },
  {
    href: "/settings/email-templates",
    title: "Email templates",
    text: "Wording of every email the automations send, with a live preview.",
  },
  {
    href: "/settings/email-log",
    title: "Email log",
    text: "Every notification sent, queued or failed, with the provider's id.",
  },
  {
    href: "/settings/outbox",
    title: "Outbox",
    text: "Mail, SMS, PagerDuty events and chat posts caught locally in development.",
  },
];

export default async function SettingsPage() {
  await requirePageActor(["OWNER"]);
  return (
    <>
      <PageHeader title="Settings" />
      <div className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map((s) => (
          <Link
            key={s.href}
            href={s.href}
            className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-400 dark:border-slate-800 dark:bg-slate-900"
          >
            <p className="font-medium">{s.title}</p>
            <p className="mt-1 text-sm text-slate-500">{s.text}</p>
          </Link>
        ))}
      </div>
    </>
  );
}
