import { EVENT_CATALOGUE, SUBSCRIBABLE_EVENT_TYPES } from "@/lib/webhooks/event-catalogue";

const groups = [...new Set(SUBSCRIBABLE_EVENT_TYPES.map((type) => type.split(".")[0]))];

/** Checkboxes for the event types an endpoint receives, grouped by resource. */
export function EventTypePicker({ selected, errors }: { selected?: string[]; errors?: string[] }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">Events</legend>
      <div className="grid gap-x-4 gap-y-2 sm:grid-cols-2">
        {groups.map((group) => (
          <div key={group} className="space-y-1">
            {SUBSCRIBABLE_EVENT_TYPES.filter((type) => type.startsWith(`${group}.`)).map((type) => (
              <label
                key={type}
                className="flex items-start gap-2 text-sm"
                title={EVENT_CATALOGUE[type].description}
              >
                <input
                  type="checkbox"
                  name="eventTypes"
                  value={type}
                  defaultChecked={selected?.includes(type) ?? false}
                  className="mt-1"
                />
                <code className="text-xs">{type}</code>
              </label>
            ))}
          </div>
        ))}
      </div>
      {errors?.map((message) => (
        <p key={message} className="text-xs text-rose-600">
          {message}
        </p>
      ))}
    </fieldset>
  );
}
