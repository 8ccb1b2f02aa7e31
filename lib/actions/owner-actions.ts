import { createTenant } from "@/lib/tenants/create-tenant";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { reactivateTenant, suspendTenant } from "@/lib/tenants/change-tenant-status";
import { createUser } from "@/lib/users/create-user";
import { updateUser } from "@/lib/users/update-user";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

/**
 * Every action reserved to owners. The authorization test runs each one as a reviewer, signed out
 * and as an API key; add new owner actions here so they are covered.
 */
export const OWNER_ACTIONS = [createTenant, updateTenant, suspendTenant, reactivateTenant, createUser, updateUser, createApiKey, revokeApiKey];
