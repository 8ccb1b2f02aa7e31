import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { webRedis, whenReady } from "@/lib/redis";
import { getTenantOrThrow } from "@/lib/tenants/queries";
import { rateLimitKeys } from "./keys";
import { banIpSchema, liftBanSchema } from "./schemas";

/** A ban that is neither lifted nor expired. */
export const activeBanWhere = (now = new Date()) => ({
  liftedAt: null,
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/**
 * Bans an IP from a tenant by hand. The ban is recorded in Postgres first and then enforced from
 * Redis (the decision script reads it), so there is never an enforced ban nobody can see or lift.
 * If Redis cannot take it, the owner is told; lifting and banning again retries.
 */
export const banIp = defineAction({
  name: "rateLimits.banIp",
  roles: ["OWNER"],
  input: banIpSchema,
  run: async (actor, input) => {
    const startedAt = new Date();
    const expiresAt = input.durationMinutes
      ? new Date(startedAt.getTime() + input.durationMinutes * 60_000)
      : null;
    const ban = await db.$transaction(async (tx) => {
      await getTenantOrThrow(input.tenantId, tx);
      const existing = await tx.ipBan.findFirst({
        where: { tenantId: input.tenantId, ip: input.ip, ...activeBanWhere(startedAt) },
      });
      if (existing)
        throw new AppError("CONFLICT", `${input.ip} is already banned; lift that ban first.`, {
          ip: ["Already banned"],
        });
      const created = await tx.ipBan.create({
        data: {
          tenantId: input.tenantId,
          ip: input.ip,
          source: "manual",
          reason: input.reason,
          startedAt,
          expiresAt,
        },
      });
      await recordAudit(tx, actor, {
        action: "rate_limit.ip_banned",
        entityType: "tenant",
        entityId: input.tenantId,
        after: { ip: input.ip, reason: input.reason, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return created;
    });
    const key = rateLimitKeys.ban(input.tenantId, input.ip);
    try {
      const redis = await whenReady(webRedis());
      await (expiresAt
        ? redis.set(key, expiresAt.getTime(), "PX", expiresAt.getTime() - startedAt.getTime())
        : redis.set(key, 0));
    } catch {
      throw new AppError(
        "UNAVAILABLE",
        "The ban is recorded but Redis could not be reached to enforce it; lift it and ban again once Redis is back.",
      );
    }
    return { id: ban.id };
  },
});

/**
 * Lifts a ban (manual or automatic) and clears the IP's violation count, so it starts afresh.
 * Redis is cleared inside the transaction: if that fails nothing changes; if the commit fails
 * after it, the ban is still recorded as active and the owner can lift it again.
 */
export const liftBan = defineAction({
  name: "rateLimits.liftBan",
  roles: ["OWNER"],
  input: liftBanSchema,
  run: async (actor, input) =>
    db.$transaction(async (tx) => {
      const ban = await tx.ipBan.findFirst({ where: { id: input.id, tenantId: input.tenantId } });
      if (!ban) throw new AppError("NOT_FOUND", "No such ban.");
      const { count } = await tx.ipBan.updateMany({
        where: { id: ban.id, ...activeBanWhere() },
        data: { liftedAt: new Date(), liftedBy: actor.label },
      });
      if (count === 0) throw new AppError("CONFLICT", "This ban has already ended.");
      await recordAudit(tx, actor, {
        action: "rate_limit.ban_lifted",
        entityType: "tenant",
        entityId: input.tenantId,
        before: { ip: ban.ip, source: ban.source, reason: ban.reason },
      });
      const redis = await whenReady(webRedis());
      await redis.del(
        rateLimitKeys.ban(ban.tenantId, ban.ip),
        rateLimitKeys.violations(ban.tenantId, ban.ip),
      );
      return { id: ban.id };
    }),
});
