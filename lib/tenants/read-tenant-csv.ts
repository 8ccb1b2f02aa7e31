import { CsvError, parse, type Info } from "csv-parse/sync";
import { AppError } from "@/lib/errors";
import type { ImportRow } from "./import-tenants";
import { MAX_IMPORT_LINES } from "./ndjson-rows";
import { tenantSyncSchema } from "./sync-schemas";

/** Tenants one CSV imports: the same cap as an NDJSON request, so a file is one import's worth. */
export const MAX_CSV_ROWS = MAX_IMPORT_LINES;
/** 10,000 tenants take about 1.5 MB; 5 MB leaves room for long names without inviting other files. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** The columns a tenant CSV may have: the NDJSON line's fields, in the same names. */
export const CSV_COLUMNS = Object.keys(tenantSyncSchema.shape);
/** Those a row cannot do without (the schema refuses them missing). */
export const REQUIRED_CSV_COLUMNS = CSV_COLUMNS.filter(
  (column) =>
    !tenantSyncSchema.shape[column as keyof typeof tenantSyncSchema.shape].safeParse(undefined).success,
);

/** One row below the header: its number as in the file (the header being row 1) and its cells. */
export type TenantCsvRow = { row: number; cells: string[] };

export type TenantCsv = { columns: string[]; rows: TenantCsvRow[] };

const refuse = (message: string): never => {
  throw new AppError("VALIDATION", message, { file: [message] });
};

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const lineBreaks = (cell: string) => cell.match(/\r\n|\r|\n/g)?.length ?? 0;

function checkHeader(columns: string[]): void {
  if (columns.length === 1 && columns[0].includes(";"))
    refuse("The header is separated by semicolons; save the file with commas (in Excel: CSV UTF-8).");
  const blank = columns.findIndex((column) => column === "");
  if (blank >= 0) refuse(`Column ${blank + 1} of the header has no name; name it or remove it.`);
  const unknown = columns.filter((column) => !CSV_COLUMNS.includes(column));
  if (unknown.length)
    refuse(
      `Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `'${c}'`).join(", ")}; the columns are ${CSV_COLUMNS.join(", ")}.`,
    );
  const repeated = columns.find((column, i) => columns.indexOf(column) !== i);
  if (repeated) refuse(`The column '${repeated}' appears twice in the header.`);
  const missing = REQUIRED_CSV_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length)
    refuse(
      `The header lacks ${missing.map((c) => `'${c}'`).join(", ")}; every row needs ${REQUIRED_CSV_COLUMNS.join(", ")}.`,
    );
}

/** Refuses a file over MAX_CSV_BYTES, before anyone reads it whole. */
export function assertCsvSize(bytes: number): void {
  if (bytes > MAX_CSV_BYTES)
    refuse(`The file is ${megabytes(bytes)}; an import takes at most ${megabytes(MAX_CSV_BYTES)}.`);
}

/**
 * Reads a tenant CSV: a header row naming the columns (case and surrounding spaces ignored), then one
 * tenant per row. A file that cannot be one import is refused whole with a message for the owner
 * (too large, more than MAX_CSV_ROWS rows, not UTF-8, not CSV, an unknown or missing column); a row
 * that is merely wrong is left for the import to report. Blank rows are skipped. Rows are numbered
 * by the file's line where they start, as a text editor or spreadsheet shows them.
 */
export function readTenantCsv(content: string): TenantCsv {
  const file = Buffer.from(content.replace(/^\uFEFF/, ""), "utf8");
  assertCsvSize(file.byteLength);
  if (content.includes("\uFFFD"))
    refuse("The file is not UTF-8 text; save it as CSV UTF-8 and upload it again.");
  let records: { record: string[]; info: Info }[];
  try {
    // With `info`, each record comes with the bytes read up to its end (csv-parse's types omit it).
    records = parse(file, {
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // The header, the rows allowed, and one more to tell that there are too many.
      to: MAX_CSV_ROWS + 2,
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) return refuse(`The file is not valid CSV: ${error.message}.`);
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return refuse("The file is empty; it needs a header row and one tenant per row.");
  const columns = header.record.map((column) => column.trim().toLowerCase());
  checkHeader(columns);
  if (body.length === 0) refuse("The file has a header but no tenant rows.");
  if (body.length > MAX_CSV_ROWS)
    refuse(
      `The file has more than ${MAX_CSV_ROWS.toLocaleString("en")} tenant rows; split it into files of at most ${MAX_CSV_ROWS.toLocaleString("en")}.`,
    );
  const lineOf = lineNumbers(file);
  return {
    columns,
    rows: body.map(({ record, info }) => ({
      // Where the record ends, less the line breaks inside its quoted cells.
      row: lineOf(info.bytes) - record.reduce((sum, cell) => sum + lineBreaks(cell), 0),
      cells: record,
    })),
  };
}

/**
 * The line (from 1) on which the record ending at each byte offset ends, asked in increasing order.
 * Counted here because csv-parse's own `lines` counts a CRLF inside a quoted cell as two.
 */
function lineNumbers(file: Buffer): (recordEnd: number) => number {
  let offset = 0;
  let breaks = 0;
  const isBreak = (i: number) => file[i] === 0x0a || (file[i] === 0x0d && file[i + 1] !== 0x0a);
  return (recordEnd) => {
    for (; offset < recordEnd; offset++) if (isBreak(offset)) breaks++;
    // The offset includes the line break that ends the record, unless it is the file's last line.
    return breaks + (recordEnd > 0 && isBreak(recordEnd - 1) ? 0 : 1);
  };
}

/**
 * A CSV row as an import row: its cells by column, empty cells left out (so an optional field keeps
 * its default, or an existing tenant's value), or an error when it has more or fewer cells than the header.
 */
export function importRowOf(columns: string[], { row, cells }: TenantCsvRow): ImportRow {
  if (cells.length !== columns.length)
    return {
      line: row,
      errors: { _form: [`This row has ${cells.length} cells; the header has ${columns.length}`] },
    };
  const value: Record<string, string> = {};
  columns.forEach((column, i) => {
    if (cells[i] !== "") value[column] = cells[i];
  });
  return { line: row, value };
}
