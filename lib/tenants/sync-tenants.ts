import { db, type Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Tenant } from "@/lib/generated/prisma/client";
import { TenantStatus } from "@/lib/generated/prisma/enums";
import { slugCandidates } from "./derive-slug";
import type { TenantSyncInput } from "./sync-schemas";
import { changedColumns, insertTenants, updateTenants, type NewTenant } from "./write-tenant-changes";

/** `create` refuses an external id Steward already knows; `upsert` updates that tenant instead. */
export type SyncMode = "create" | "upsert";

export type SyncOutcome =
  { status: "created" | "updated" | "unchanged"; tenant: Tenant } | { status: "error"; error: AppError };

// An import batch writes a thousand rows and more; under load that can take seconds, past Prisma's
// 5 s default.
const BATCH_TRANSACTION = { maxWait: 10_000, timeout: 60_000 };

const slugTaken = (slug: string) =>
  new AppError("CONFLICT", "Another tenant already uses that slug.", {
    slug: [`The slug '${slug}' is taken`],
  });

/**
 * What a batch must know before it writes, in one query: the tenants its external ids already name
 * (loaded whole only when there are any: a first import finds none) and who holds each slug it may use.
 */
async function lookUp(tx: Tx, externalIds: string[], slugs: string[]) {
  const matches = await tx.$queryRaw<{ id: string; slug: string; external_id: string | null }[]>`
    SELECT id, slug, external_id FROM tenants
    WHERE external_id = ANY(${externalIds}::text[]) OR slug = ANY(${slugs}::text[])`;
  const asked = new Set(externalIds);
  const knownIds = matches.filter((row) => row.external_id !== null && asked.has(row.external_id));
  const known = knownIds.length
    ? await tx.tenant.findMany({ where: { id: { in: knownIds.map((row) => row.id) } } })
    : [];
  return {
    byExternalId: new Map(known.map((tenant) => [tenant.externalId!, tenant])),
    slugHolders: new Map(matches.map((row) => [row.slug, row.id])),
  };
}

/**
 * Creates or updates tenants by their external ids inside `tx`, with one read for the whole batch,
 * one insert for the new tenants, and their audit entries and tenant.* events. A row that cannot be
 * applied (slug taken, external id known in create mode) is an error outcome and the others still
 * apply. External ids must be unique within a batch.
 */
export async function applyTenantSync(
  tx: Tx,
  actor: Actor,
  inputs: TenantSyncInput[],
  mode: SyncMode,
): Promise<SyncOutcome[]> {
  const wishes = inputs.map((input) =>
    input.slug ? [input.slug] : slugCandidates(input.name, input.external_id),
  );
  // Slug → who holds it; rows of this batch claim theirs as they go, so two rows never get one slug.
  const { byExternalId, slugHolders: holders } = await lookUp(
    tx,
    inputs.flatMap((input) => (input.external_id ? [input.external_id] : [])),
    [...new Set(wishes.flat())],
  );
  const rows = inputs.map((input, index) => {
    const current = input.external_id ? byExternalId.get(input.external_id) : undefined;
    // An existing tenant keeps its slug unless the row names another one.
    const slugs = !current ? wishes[index] : input.slug && input.slug !== current.slug ? [input.slug] : [];
    return { input, current, slugs };
  });

  const outcomes: SyncOutcome[] = [];
  const creates: { index: number; tenant: NewTenant }[] = [];
  const edits: { index: number; before: Tenant; columns: NonNullable<ReturnType<typeof changedColumns>> }[] =
    [];
  rows.forEach(({ input, current, slugs }, index) => {
    if (current && mode === "create") {
      outcomes[index] = {
        status: "error",
        error: new AppError("CONFLICT", "A tenant with this external_id already exists.", {
          external_id: [
            `A tenant with external_id '${input.external_id}' already exists; update it with PUT`,
          ],
        }),
      };
      return;
    }
    const slug = slugs.length === 0 ? current!.slug : slugs.find((candidate) => !holders.has(candidate));
    if (!slug) {
      outcomes[index] = {
        status: "error",
        error: input.slug
          ? slugTaken(input.slug)
          : new AppError("CONFLICT", "No free slug could be derived from the name.", {
              slug: [`${slugs.map((s) => `'${s}'`).join(" and ")} are taken; send a slug`],
            }),
      };
      return;
    }
    holders.set(slug, current?.id ?? `batch-row-${index}`);
    const fields = {
      externalId: input.external_id ?? null,
      name: input.name,
      slug,
      plan: input.plan,
      contactEmail: input.contact_email,
    };
    if (!current) {
      const status = input.status ?? TenantStatus.trialing;
      creates.push({ index, tenant: { ...fields, timezone: input.timezone ?? "UTC", status } });
      return;
    }
    const columns = changedColumns(current, { ...fields, timezone: input.timezone });
    if (columns) edits.push({ index, before: current, columns });
    else outcomes[index] = { status: "unchanged", tenant: current };
  });

  const created = await insertTenants(
    tx,
    actor,
    creates.map((c) => c.tenant),
  );
  creates.forEach(({ index }, i) => (outcomes[index] = { status: "created", tenant: created[i] }));
  const updated = await updateTenants(tx, actor, edits);
  edits.forEach(({ index }, i) => (outcomes[index] = { status: "updated", tenant: updated[i] }));
  return outcomes;
}

/**
 * Another writer got there first: it took a slug or external id this batch meant to use, or two
 * imports of the same tenants in another order each waited for the other (a deadlock PostgreSQL ends).
 */
function collided(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta
    ?.driverAdapterError?.cause;
  return isUniqueViolation(error) || cause?.originalCode === "40P01";
}

/** A row that collided twice in a row: rare enough to hand back rather than retry forever. */
function collidedAgain(error: unknown): SyncOutcome[] {
  if (!collided(error)) throw error;
  const message = "Another request wrote this tenant at the same moment; send it again.";
  return [{ status: "error", error: new AppError("CONFLICT", message) }];
}

/**
 * applyTenantSync in a transaction of its own. Another writer may take a slug or an external id
 * between the batch's reads and its writes; the batch is then applied again row by row, each row
 * reading afresh, so only the row that collided fails (or becomes an update of the new tenant).
 */
export async function syncTenants(
  actor: Actor,
  inputs: TenantSyncInput[],
  mode: SyncMode,
): Promise<SyncOutcome[]> {
  const apply = (batch: TenantSyncInput[]) =>
    db.$transaction((tx) => applyTenantSync(tx, actor, batch, mode), BATCH_TRANSACTION);
  try {
    return await apply(inputs);
  } catch (error) {
    if (!collided(error)) throw error;
    const outcomes: SyncOutcome[] = [];
    for (const input of inputs) outcomes.push(...(await apply([input]).catch(collidedAgain)));
    return outcomes;
  }
}

/** One tenant, for the single-write endpoints: an error outcome is thrown as the AppError it is. */
export async function syncTenantAs(actor: Actor, input: TenantSyncInput, mode: SyncMode) {
  const [outcome] = await syncTenants(actor, [input], mode);
  if (outcome.status === "error") throw outcome.error;
  return outcome;
}
