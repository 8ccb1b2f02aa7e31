import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { ReferenceOperation } from "@/lib/openapi/reference-model";
import { FieldTables } from "./field-table";
import { MethodBadge } from "./method-badge";
import { InlineText, RichText } from "./rich-text";
import { Notes, ReferenceTable } from "./reference-table";

const PARAMETER_COLUMNS = [
  { label: "Name", width: "24%" },
  { label: "In", width: "10%" },
  { label: "Type", width: "16%" },
  { label: "Required", width: "12%" },
  { label: "Notes", width: "38%" },
];

/** An example body, scrolling inside its own box when long or wide. */
export function ExampleBlock({ label, text }: { label: string; text: string }) {
  return (
    <figure>
      <figcaption className="mb-1 text-xs font-medium text-slate-500">{label}</figcaption>
      <pre className="max-h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
        {text}
      </pre>
    </figure>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h4 className="text-sm font-semibold text-slate-700 dark:text-slate-200">{title}</h4>
      {children}
    </section>
  );
}

/** A disclosure whose summary is a heading: the reference stays scannable, each entry opens in place. */
export function ReferenceEntry({
  id,
  heading,
  badges,
  children,
}: {
  id: string;
  heading: ReactNode;
  badges?: ReactNode;
  children: ReactNode;
}) {
  return (
    // A reader may open it before hydration; its `open` then differs from the server's, as it should.
    <details
      suppressHydrationWarning
      id={id}
      className="group scroll-mt-4 rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="text-slate-400 transition group-open:rotate-90">
          ▸
        </span>
        <h3 className="min-w-0 flex-1 text-sm font-medium">{heading}</h3>
        {badges}
      </summary>
      <div className="space-y-5 border-t border-slate-200 px-4 py-4 dark:border-slate-800">{children}</div>
    </details>
  );
}

export function OperationEntry({ operation }: { operation: ReferenceOperation }) {
  const { methods, path, summary, scope, parameters, body, responses } = operation;
  const name = `${methods.map((m) => m.toUpperCase()).join(" ")} ${path}`;
  return (
    <ReferenceEntry
      id={operation.id}
      heading={
        <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
          {methods.map((method, index) => (
            <span key={method}>
              {index > 0 && " "}
              <MethodBadge method={method} />
            </span>
          ))}{" "}
          <code className="font-mono text-sm [overflow-wrap:anywhere]">{path}</code>{" "}
          <span className="text-slate-600 dark:text-slate-300">— {summary}</span>
        </span>
      }
      badges={
        scope ? (
          <span className="text-xs text-slate-500">
            scope <Badge tone="blue">{scope}</Badge>
          </span>
        ) : (
          <Badge tone="gray">public</Badge>
        )
      }
    >
      {operation.description && <RichText text={operation.description} />}
      {parameters.length > 0 && (
        <Part title="Parameters">
          <ReferenceTable caption={`Parameters of ${name}`} columns={PARAMETER_COLUMNS}>
            {parameters.map((parameter) => (
              <tr key={`${parameter.in}:${parameter.name}`}>
                <th scope="row">{parameter.name}</th>
                <td>{parameter.in}</td>
                <td className="mono">{parameter.type}</td>
                <td className={parameter.required ? undefined : "muted"}>
                  {parameter.required ? "required" : "optional"}
                </td>
                <td className="muted">
                  <Notes notes={parameter.notes} render={(note) => <InlineText text={note} />} />
                </td>
              </tr>
            ))}
          </ReferenceTable>
        </Part>
      )}
      {body && (
        <Part title={`Request body (${body.contentType})`}>
          {body.description && <RichText text={body.description} />}
          <FieldTables variants={body.variants} caption={`Request body of ${name}`} presence="request" />
          {body.example && <ExampleBlock label="Example" text={body.example} />}
        </Part>
      )}
      <Part title="Responses">
        <div className="space-y-4">
          {responses.map((response) => (
            <section key={response.status} className="space-y-2">
              <h5 className="text-sm">
                <span className="font-mono font-semibold">{response.status}</span>{" "}
                <span className="text-slate-600 dark:text-slate-300">
                  <InlineText text={response.description} />
                </span>
              </h5>
              {response.headers.length > 0 && (
                <ul className="list-inside list-disc text-xs text-slate-600 dark:text-slate-300">
                  {response.headers.map((header) => (
                    <li key={header.name}>
                      <code className="font-mono">{header.name}</code>:{" "}
                      <InlineText text={header.description} />
                    </li>
                  ))}
                </ul>
              )}
              {response.sameBodyAs && (
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  Body: as for {response.sameBodyAs}.
                </p>
              )}
              {response.errorBody && (
                <p className="text-xs text-slate-500 dark:text-slate-400">
                  Body: the{" "}
                  <a href="#error-body" className="text-indigo-700 underline dark:text-indigo-300">
                    error body
                  </a>
                  .
                </p>
              )}
              {response.variants.length > 0 && (
                <FieldTables
                  variants={response.variants}
                  caption={`${response.status} answer of ${name}`}
                  presence="answer"
                />
              )}
            </section>
          ))}
        </div>
      </Part>
    </ReferenceEntry>
  );
}
