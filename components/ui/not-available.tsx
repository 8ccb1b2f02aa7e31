import { PageHeader } from "./page-header";

/** An honest placeholder for an area that is not built yet (no made-up data). */
export function NotAvailableYet({ title, description }: { title: string; description: string }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="rounded-lg border border-dashed border-slate-300 p-10 text-center dark:border-slate-700">
        <p className="font-medium">Not available yet</p>
        <p className="mx-auto mt-2 max-w-md text-sm text-slate-500">{description}</p>
      </div>
    </>
  );
}
