import type { SchemaField, SchemaVariant } from "@/lib/openapi/reference-model";
import { InlineText } from "./rich-text";
import { Notes, ReferenceTable } from "./reference-table";

/** Request fields are required or optional; answer fields are always there or only sometimes. */
const PRESENCE = {
  request: { label: "Required", yes: "required", no: "optional" },
  answer: { label: "Present", yes: "always", no: "sometimes" },
};
type Presence = keyof typeof PRESENCE;

const columnsOf = (presence: Presence) => [
  { label: "Field", width: "30%" },
  { label: "Type", width: "18%" },
  { label: PRESENCE[presence].label, width: "12%" },
  { label: "Notes", width: "40%" },
];

function FieldRows({ fields, presence }: { fields: SchemaField[]; presence: Presence }) {
  return fields.map((field) => (
    <tr key={field.name}>
      <th scope="row">{field.name}</th>
      <td className="mono">{field.type}</td>
      <td className={field.required ? undefined : "muted"}>
        {field.required ? PRESENCE[presence].yes : PRESENCE[presence].no}
      </td>
      <td className="muted">
        <Notes notes={field.notes} render={(note) => <InlineText text={note} />} />
      </td>
    </tr>
  ));
}

/** The fields of a body, one table per variant of a union (labelled by what tells them apart). */
export function FieldTables({
  variants,
  caption,
  presence,
}: {
  variants: SchemaVariant[];
  caption: string;
  presence: Presence;
}) {
  return (
    <div className="space-y-3">
      {variants.map((variant, index) => (
        <div key={variant.label ?? index}>
          {variant.label && (
            <p className="mb-1 text-xs font-medium text-slate-500">
              {variants.length > 1 ? "When " : ""}
              <code className="font-mono">{variant.label}</code>
            </p>
          )}
          <ReferenceTable
            caption={variant.label ? `${caption}, ${variant.label}` : caption}
            columns={columnsOf(presence)}
          >
            <FieldRows fields={variant.fields} presence={presence} />
          </ReferenceTable>
        </div>
      ))}
    </div>
  );
}
