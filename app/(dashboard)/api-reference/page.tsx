import { requirePageActor } from "@/app/_server/session";
import { publishedOpenApiDocument } from "@/lib/openapi/document";
import { referenceModel } from "@/lib/openapi/reference-model";
import { WEBHOOK_TAG } from "@/lib/openapi/webhooks";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { FieldTables } from "@/components/api-reference/field-table";
import { OperationEntry } from "@/components/api-reference/operation-entry";
import { WebhookEntry } from "@/components/api-reference/webhook-entry";
import { InlineText, RichText } from "@/components/api-reference/rich-text";
import { ReferenceTable } from "@/components/api-reference/reference-table";

export const metadata = { title: "API reference" };

const WEBHOOK_HEADERS = ["WebhookId", "WebhookTimestamp", "WebhookSignature"];
const anchorOf = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

export default async function ApiReferencePage() {
  await requirePageActor(["OWNER", "REVIEWER"]);
  const { document } = publishedOpenApiDocument();
  const { tags, webhooks, webhookEnvelope, errorBody } = referenceModel(document);
  const webhookTag = document.tags.find((tag) => tag.name === WEBHOOK_TAG);
  const sections = [...tags.map((tag) => tag.name), WEBHOOK_TAG];

  return (
    <>
      <PageHeader
        title="API reference"
        description="The machine API and the webhooks Steward sends, from the same schemas the API checks requests with."
        actions={
          <a href="/api/v1/openapi.json" type="application/json" className={buttonClass("secondary")}>
            OpenAPI 3.1 document (openapi.json)
          </a>
        }
      />
      <div className="space-y-8">
        <Card title="Using the API">
          <RichText text={document.info.description} />
          <p id="error-body" className="mb-2 mt-4 scroll-mt-4 text-sm font-medium">
            The error body
          </p>
          <FieldTables variants={errorBody} caption="The error body" presence="answer" />
        </Card>

        <nav aria-label="Contents">
          <ul className="flex flex-wrap gap-2 text-sm">
            {sections.map((name) => (
              <li key={name}>
                <a
                  href={`#${anchorOf(name)}`}
                  className="inline-block rounded-full border border-slate-200 px-3 py-1 text-slate-700 hover:border-indigo-300 hover:text-indigo-700 dark:border-slate-700 dark:text-slate-300"
                >
                  {name}
                </a>
              </li>
            ))}
          </ul>
        </nav>

        {tags.map((tag) => (
          <section key={tag.name} aria-labelledby={anchorOf(tag.name)} className="space-y-3">
            <div>
              <h2 id={anchorOf(tag.name)} className="scroll-mt-4 text-lg font-semibold">
                {tag.name}
              </h2>
              <RichText text={tag.description} />
            </div>
            <div className="space-y-2">
              {tag.operations.map((operation) => (
                <OperationEntry key={operation.id} operation={operation} />
              ))}
            </div>
          </section>
        ))}

        <section aria-labelledby={anchorOf(WEBHOOK_TAG)} className="space-y-3">
          <div className="space-y-2">
            <h2 id={anchorOf(WEBHOOK_TAG)} className="scroll-mt-4 text-lg font-semibold">
              Webhooks
            </h2>
            {webhookTag && <RichText text={webhookTag.description} />}
          </div>
          <ReferenceTable
            caption="Headers of every webhook delivery"
            columns={[
              { label: "Header", width: "25%" },
              { label: "Meaning", width: "75%" },
            ]}
          >
            {WEBHOOK_HEADERS.map((name) => document.components.parameters[name]).map((header) => (
              <tr key={header.name}>
                <th scope="row">{header.name}</th>
                <td className="muted">
                  <InlineText text={header.description ?? ""} />
                </td>
              </tr>
            ))}
          </ReferenceTable>
          <p className="text-sm text-slate-600 dark:text-slate-300">The body of every event:</p>
          <FieldTables variants={webhookEnvelope} caption="The body of every event" presence="answer" />
          <div className="space-y-2">
            {webhooks.map((webhook) => (
              <WebhookEntry key={webhook.type} webhook={webhook} />
            ))}
          </div>
        </section>
      </div>
    </>
  );
}
