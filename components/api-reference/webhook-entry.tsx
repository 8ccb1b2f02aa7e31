import type { ReferenceWebhook } from "@/lib/openapi/reference-model";
import { FieldTables } from "./field-table";
import { ReferenceEntry } from "./operation-entry";
import { RichText } from "./rich-text";

export function WebhookEntry({ webhook }: { webhook: ReferenceWebhook }) {
  return (
    <ReferenceEntry
      id={`event-${webhook.type}`}
      heading={
        <span className="flex flex-wrap items-baseline gap-x-2">
          <code className="font-mono text-sm">{webhook.type}</code>
          <span className="text-slate-600 dark:text-slate-300">— {webhook.description}</span>
        </span>
      }
    >
      <RichText text={`The body's \`data\` (in the envelope above, with \`type: "${webhook.type}"\`):`} />
      <FieldTables variants={webhook.variants} caption={`Payload of ${webhook.type}`} presence="answer" />
    </ReferenceEntry>
  );
}
