import { z } from "zod";
import { AlertChannel, AlertClass } from "@/lib/generated/prisma/enums";
import { isKnownTimeZone } from "./quiet-hours";

const clock = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM, e.g. 22:00")
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3)));

/** A person's alert settings: time zone, quiet hours (both or neither), channels per alert class. */
export const alertSettingsSchema = z
  .object({
    timeZone: z.string().trim().min(1, "Choose a time zone").refine(isKnownTimeZone, "Not a known time zone"),
    quietStart: z.union([z.literal(""), clock]).default(""),
    quietEnd: z.union([z.literal(""), clock]).default(""),
    preferences: z.partialRecord(z.enum(AlertClass), z.array(z.enum(AlertChannel)).max(6)).default({}),
  })
  .strict()
  .refine((s) => (s.quietStart === "") === (s.quietEnd === ""), {
    message: "Give both ends of the quiet hours, or neither",
    path: ["quietEnd"],
  });

export type AlertSettingsInput = z.input<typeof alertSettingsSchema>;

export const startPhoneVerificationSchema = z
  .object({
    phone: z
      .string()
      .trim()
      .transform((v) => v.replace(/[\s()-]/g, ""))
      .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "Use the international form, e.g. +14155550123")),
  })
  .strict();

export const confirmPhoneSchema = z
  .object({
    smsCode: z
      .string()
      .trim()
      .regex(/^\d{6}$/, "The code has 6 digits"),
  })
  .strict();

/** The on-call order: owners' ids, first to be called first. */
export const onCallOrderSchema = z
  .object({
    userIds: z
      .array(z.string().min(1).max(100))
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, "Each person once"),
  })
  .strict();
