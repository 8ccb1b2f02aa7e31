import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";
import { passwordWeakness } from "@/lib/auth/password-strength";

const MIN_PASSWORD_LENGTH = 12;

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, "Use at least 12 characters")
  .max(200, "Use at most 200 characters");

export const createUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
    name: z.string().trim().min(1, "Enter a name").max(120),
    role: z.enum(Role, { error: "Choose OWNER, REVIEWER or VIEWER" }),
    password: passwordSchema,
  })
  .superRefine(({ password, email, name }, context) => {
    if (password.length < MIN_PASSWORD_LENGTH) return; // one message at a time: length first
    const weakness = passwordWeakness(password, [email, name, ...email.split(/[@.]/), ...name.split(/\s+/)]);
    if (weakness) context.addIssue({ code: "custom", path: ["password"], message: weakness });
  });

export const updateUserSchema = z.object({
  id: z.string().min(1),
  role: z.enum(Role, { error: "Choose OWNER, REVIEWER or VIEWER" }).optional(),
  disabled: z.boolean().optional(),
});
