import { z } from "zod";
import { apiKeyScopeValues } from "./scopes";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(2, "Name needs at least 2 characters").max(80, "Name is at most 80 characters"),
  scopes: z.array(z.enum(apiKeyScopeValues, { error: "Unknown scope" })).min(1, "Choose at least one scope"),
});

export const revokeApiKeySchema = z.object({ id: z.string().min(1) });
