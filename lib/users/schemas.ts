import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";

export const passwordSchema = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(200, "Use at most 200 characters");

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  name: z.string().trim().min(1, "Enter a name").max(120),
  role: z.enum(Role, { error: "Choose OWNER or REVIEWER" }),
  password: passwordSchema,
});

export const updateUserSchema = z.object({
  id: z.string().min(1),
  role: z.enum(Role, { error: "Choose OWNER or REVIEWER" }).optional(),
  disabled: z.boolean().optional(),
});
