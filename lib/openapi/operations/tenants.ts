import { z } from "zod";
import { listTenantsSchema } from "@/lib/tenants/schemas";
import { MAX_IMPORT_LINES, MAX_LINE_CHARS } from "@/lib/tenants/ndjson-rows";
import {
  externalIdSchema,
  tenantCreateSchema,
  tenantPatchSchema,
  tenantRefSchema,
  tenantSyncSchema,
} from "@/lib/tenants/sync-schemas";
import { importReportSchema, tenantPageSchema, tenantResourceSchema } from "../response-schemas";
import type { ApiOperation } from "../types";

const TAG = "Tenants";

const tenantFieldNotes = {
  external_id:
    "Your platform's own id of the tenant; unique. GET and PATCH accept it in place of Steward's id.",
  name: "Shown in the dashboard and in emails.",
  slug: "Lowercase letters, digits and single dashes; unique. Derived from the name when left out.",
  plan: "The tenant's plan.",
  contact_email: "Where Steward's emails to the tenant go (stored encrypted).",
  timezone: "An IANA time zone (Europe/Berlin); default UTC. Days in emails are the tenant's days.",
  status: "The status a new tenant starts in (default trialing); ignored for an existing tenant.",
};

const tenantExample = {
  external_id: "org_8f14e45f",
  name: "Acme Robotics",
  slug: "acme-robotics",
  plan: "pro",
  contact_email: "billing@acme.example",
  timezone: "Europe/Berlin",
  status: "active",
};

const { external_id: _inPath, ...tenantExampleWithoutExternalId } = tenantExample;

const tenant = (description: string) => ({ description, schema: tenantResourceSchema });

const refParam = z.object({ id: tenantRefSchema.shape.id });

export const tenantOperations: ApiOperation[] = [
  {
    methods: ["get"],
    path: "/api/v1/tenants",
    operationId: "listTenants",
    tag: TAG,
    summary: "List tenants",
    description:
      "Tenants a page at a time, filtered and sorted. Rows are in the dashboard's camelCase shape.",
    scope: "tenants:read",
    query: listTenantsSchema,
    paramNotes: {
      q: "Search in name, slug and external id (an exact contact email also matches).",
      sort: "Column to sort by.",
      dir: "Sort direction.",
    },
    responses: {
      200: { description: "One page of tenants.", schema: tenantPageSchema },
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
    },
  },
  {
    methods: ["post"],
    path: "/api/v1/tenants",
    operationId: "createTenant",
    tag: TAG,
    summary: "Create a tenant",
    description:
      "Creates one tenant, audited, and records a `tenant.created` event. To create or update by your own " +
      "id in one call, use PUT /api/v1/tenants/by-external-id/{externalId}.",
    scope: "tenants:write",
    idempotencyKey: true,
    body: {
      schema: tenantCreateSchema,
      example: tenantExample,
      fieldNotes: { ...tenantFieldNotes, external_id: `${tenantFieldNotes.external_id} Optional here.` },
    },
    responses: {
      201: tenant("The tenant as created."),
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
      409: "Conflict",
    },
  },
  {
    methods: ["get"],
    path: "/api/v1/tenants/{id}",
    operationId: "getTenant",
    tag: TAG,
    summary: "Get a tenant",
    description: "One tenant by Steward's id, your external id, or its slug (tried in that order).",
    scope: "tenants:read",
    pathParams: refParam,
    paramNotes: { id: "Steward's id, your external_id, or the slug." },
    responses: {
      200: tenant("The tenant."),
      401: "Unauthorized",
      403: "Forbidden",
      404: "NotFound",
    },
  },
  {
    methods: ["patch"],
    path: "/api/v1/tenants/{id}",
    operationId: "patchTenant",
    tag: TAG,
    summary: "Update a tenant, or change its status",
    description:
      "Changes only the fields sent; sending what the tenant already has changes nothing. A status change " +
      "(`suspended`, `cancelled`, or `active` to reactivate a suspended tenant) needs a `status_reason` and " +
      "goes in a request of its own. It takes effect at the gateway within a second and sends " +
      "`tenant.suspended`, `tenant.cancelled` or `tenant.reactivated`; edits send `tenant.updated` " +
      "(`tenant.plan_changed` for a plan). `external_id: null` removes the external id.",
    scope: "tenants:write",
    idempotencyKey: true,
    pathParams: refParam,
    paramNotes: { id: "Steward's id, your external_id, or the slug." },
    body: {
      schema: tenantPatchSchema,
      example: { status: "suspended", status_reason: "Chargeback under investigation" },
      fieldNotes: {
        ...tenantFieldNotes,
        status: "suspended, cancelled, or active (reactivates a suspended tenant to what it was before).",
        status_reason: "Required with status, and only with it; kept in the audit log and sent in the event.",
      },
    },
    responses: {
      200: tenant("The tenant after the change."),
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
      404: "NotFound",
      409: "Conflict",
    },
  },
  {
    methods: ["put"],
    path: "/api/v1/tenants/by-external-id/{externalId}",
    operationId: "upsertTenantByExternalId",
    tag: TAG,
    summary: "Create or update a tenant by your id",
    description:
      "Creates the tenant your platform knows by `externalId`, or brings it up to date (a name, slug, plan, " +
      "contact or time zone that differs). The body may leave `external_id` out; when it has one, it must " +
      "match the path. An existing tenant's status only changes through PATCH.",
    scope: "tenants:write",
    idempotencyKey: true,
    pathParams: z.object({ externalId: externalIdSchema }),
    paramNotes: { externalId: "Your platform's own id of the tenant." },
    body: {
      schema: tenantSyncSchema.partial({ external_id: true }),
      example: tenantExampleWithoutExternalId,
      fieldNotes: tenantFieldNotes,
    },
    responses: {
      200: tenant("The tenant existed; it is as it is now."),
      201: tenant("The tenant was created."),
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
      409: "Conflict",
    },
  },
  {
    methods: ["post"],
    path: "/api/v1/tenants/import",
    operationId: "importTenants",
    tag: TAG,
    summary: "Import tenants (NDJSON)",
    description:
      `Upserts up to ${MAX_IMPORT_LINES.toLocaleString("en")} tenants by external id, one JSON object per ` +
      `line (each as for PUT by-external-id, \`external_id\` required; at most ${MAX_LINE_CHARS.toLocaleString("en")} ` +
      "characters), read as the body streams in. A bad line fails alone with its line number; the others " +
      "are written in batches. Send `Content-Type: application/x-ndjson`.",
    scope: "tenants:write",
    idempotencyKey: true,
    body: {
      contentType: "application/x-ndjson",
      description: "One tenant per line (NDJSON); blank lines are skipped.",
      schema: tenantSyncSchema,
      example:
        '{"external_id":"org_1","name":"Acme Robotics","plan":"pro","contact_email":"billing@acme.example"}\n' +
        '{"external_id":"org_2","name":"Globex","plan":"starter","contact_email":"ops@globex.example","timezone":"America/New_York"}\n',
      fieldNotes: tenantFieldNotes,
    },
    responses: {
      200: {
        description: "A result per line, in line order, and the totals.",
        schema: importReportSchema,
        example: {
          totals: { lines: 2, created: 1, updated: 0, unchanged: 0, errors: 1 },
          results: [
            { line: 1, status: "created", id: "cmbx8k2n40000a1b2c3d4e5f6" },
            { line: 2, status: "error", errors: { contact_email: ["Enter a valid email address"] } },
          ],
        },
      },
      400: "ValidationError",
      401: "Unauthorized",
      403: "Forbidden",
      409: "Conflict",
    },
  },
];
