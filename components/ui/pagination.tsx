import Link from "next/link";

/** Previous/next links that keep every other query parameter. */
export function Pagination({
  page,
  pageCount,
  total,
  params,
  basePath,
}: {
  page: number;
  pageCount: number;
  total: number;
  params: Record<string, string | undefined>;
  basePath: string;
}) {
  const href = (target: number) => {
    const query = new URLSearchParams(
      Object.entries({ ...params, page: String(target) }).filter((e): e is [string, string] => Boolean(e[1])),
    );
    return `${basePath}?${query}`;
  };
  const linkClass =
    "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-slate-500">
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
