import { forbidden } from "next/navigation";

export const metadata = { title: "No access" };

/** Where pages send a signed-in person without the role: the 403 of forbidden.tsx, not a 200. */
export default function ForbiddenPage() {
  forbidden();
}
