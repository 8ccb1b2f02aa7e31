// npm run user:create -- --email E --role OWNER [--name N]
// Creates a user (e.g. the first owner in production). The password is read from stdin or a hidden prompt.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { loadEnvFileIfPresent } from "@/lib/devservices/env-file";

loadEnvFileIfPresent();
const { createUser } = await import("@/lib/users/create-user");
const { systemActor } = await import("@/lib/auth/actor");
const { isAppError } = await import("@/lib/errors");
const { db } = await import("@/lib/db");

function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    return new Promise((resolve) => {
      let data = "";
      process.stdin.on("data", (chunk) => (data += chunk));
      process.stdin.on("end", () => resolve(data.split("\n")[0].replace(/\r$/, "")));
    });
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed: echo nothing after the prompt.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
    if (s.startsWith("Password")) process.stdout.write(s);
  };
  return new Promise((resolve) =>
    rl.question(
      "Password (at least 12 characters): ",
      (answer) => (rl.close(), process.stdout.write("\n"), resolve(answer)),
    ),
  );
}

const usage =
  "Usage: npm run user:create -- --email you@example.com --role OWNER|REVIEWER|VIEWER [--name 'Your Name']";
let args;
try {
  args = parseArgs({
    options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
  }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!args.email || !args.role) {
  console.error(usage);
  process.exit(2);
}

try {
  const password = await readPassword();
  const input = {
    email: args.email,
    role: args.role.toUpperCase(),
    name: args.name ?? args.email.split("@")[0],
    password,
  };
  await createUser.execute(systemActor("cli"), input);
  console.log(`Created ${input.role} ${args.email}.`);
} catch (error) {
  if (!isAppError(error)) throw error;
  const details = Object.entries(error.fields ?? {}).map(
    ([field, messages]) => `  ${field}: ${messages.join("; ")}`,
  );
  console.error([error.message, ...details].join("\n"));
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
