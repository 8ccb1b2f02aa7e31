/** An absolute link into Steward for emails (NEXTAUTH_URL is the public address), or the bare path without one. */
export function appLink(path: string): string {
  return process.env.NEXTAUTH_URL ? new URL(path, process.env.NEXTAUTH_URL).toString() : path;
}
