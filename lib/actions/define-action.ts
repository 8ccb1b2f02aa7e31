import type { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/auth/actor";
import { assertRole, assertTwoFactorReady } from "@/lib/auth/authorize";
import { parseInput } from "@/lib/validation";

/** `Input` is what callers send (the schema's input), carried so a form or route knows the action's fields. */
export type Action<Result, Input = unknown> = {
  name: string;
  roles: readonly Role[];
  /** Checks the role first (403 before any validation detail leaks), then the input (400), then runs. */
  execute(actor: Actor | null, input: unknown): Promise<Result>;
  /** Never set: it only carries the input's type. */
  readonly input?: Input;
};

/**
 * Declares something a person can do: who may do it, what input it takes, what it does.
 * Server actions and route handlers call `execute`; nothing reaches `run` unchecked.
 */
export function defineAction<Schema extends z.ZodType, Result>(definition: {
  name: string;
  roles: readonly Role[];
  input: Schema;
  run(actor: Actor, input: z.output<Schema>): Promise<Result>;
}): Action<Result, z.input<Schema>> {
  return {
    name: definition.name,
    roles: definition.roles,
    async execute(actor, raw) {
      assertRole(actor, definition.roles);
      assertTwoFactorReady(actor, definition.name);
      return definition.run(actor, parseInput(definition.input, raw));
    },
  };
}
