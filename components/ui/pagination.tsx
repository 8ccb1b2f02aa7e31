import Link from "next/link";

/**
 * Previous/next links that keep every other query parameter. Two lists on one page each page with
 * their own `pageKey` and `label`.
 */
export function Pagination({
  page,
  pageCount,
  total,
  params,
  basePath,
  pageKey = "page",
  label = "Pagination",
}: {
  page: number;
  pageCount: number;
  total: number;
  params: Record<string, string | undefined>;
  basePath: string;
  pageKey?: string;
  label?: string;
}) {
  const href = (target: number) => {
    const query = new URLSearchParams(
      Object.entries({ ...params, [pageKey]: String(target) }).filter((e): e is [string, string] =>
        Boolean(e[1]),
      ),
    );
    return `${basePath}?${query}`;
  };
  const linkClass =
    "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between text-sm text-slate-500">
      <span>
        {total.toLocaleString("en")} result{total === 1 ? "" : "s"} · page {page} of {pageCount}
      </span>
      <div className="flex gap-2">
        {page > 1 && (
          <Link className={linkClass} href={href(page - 1)}>
            Previous
          </Link>
        )}
        {page < pageCount && (
          <Link className={linkClass} href={href(page + 1)}>
            Next
          </Link>
        )}
      </div>
    </nav>
  );
}
