import Link from "next/link";

/** Shown with a 403 wherever `forbidden()` is called under the dashboard. */
export default function Forbidden() {
  return (
    <div className="mx-auto mt-20 max-w-md text-center">
      <h1 className="text-2xl font-semibold">You don’t have access to this page</h1>
      <p className="mt-2 text-sm text-slate-500">
        Your role does not include this area. Ask an owner if you need it.
      </p>
      <Link href="/review" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:underline">
        Go to the review queue
      </Link>
    </div>
  );
}
