import { Fragment } from "react";

const codeClass =
  "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] [overflow-wrap:anywhere] dark:bg-slate-800";

/** Text from the document with its `code spans`; single line breaks are spaces. */
export function InlineText({ text }: { text: string }) {
  return (
    <>
      {text
        .replace(/\s*\n\s*/g, " ")
        .split("`")
        .map((part, index) =>
          index % 2 === 1 ? (
            <code key={index} className={codeClass}>
              {part}
            </code>
          ) : (
            <Fragment key={index}>{part}</Fragment>
          ),
        )}
    </>
  );
}

/** Paragraphs (separated by blank lines) of document text. */
export function RichText({ text, className = "" }: { text: string; className?: string }) {
  return (
    <div className={`space-y-2 text-sm text-slate-600 dark:text-slate-300 ${className}`}>
      {text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>
          <InlineText text={paragraph} />
        </p>
      ))}
    </div>
  );
}
