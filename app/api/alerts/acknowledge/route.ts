// The acknowledgement link sent in alert SMS and emails: GET shows a button, POST acknowledges (so a
// link preview fetching the URL acknowledges nothing). No session: the signed token is the permission.
import { acknowledgeByLink } from "@/lib/alerts/acknowledge-alert";
import { AppError, describeError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, content: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head><body style="font-family:system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem"><main><h1>${escape(title)}</h1>${content}</main></body></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

export function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return page(
    200,
    "Acknowledge this alert?",
    `<form method="post"><input type="hidden" name="token" value="${escape(token)}"><button type="submit">Acknowledge</button></form>`,
  );
}

export async function POST(request: Request) {
  try {
    const form = await request.formData().catch(() => {
      throw new AppError("VALIDATION", "Open the acknowledgement link and press Acknowledge.");
    });
    const { title, first } = await acknowledgeByLink(String(form.get("token") ?? ""));
    return page(
      200,
      first ? "Acknowledged" : "Already acknowledged",
      `<p>${escape(title)}</p><p>Escalation has stopped.</p>`,
    );
  } catch (error) {
    const { status, message } = describeError(error);
    return page(status, "Not acknowledged", `<p>${escape(message)}</p>`);
  }
}
