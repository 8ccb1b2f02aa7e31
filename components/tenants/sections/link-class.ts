/** A link inside a tenant section. */
export const sectionLinkClass = "text-indigo-600 hover:underline dark:text-indigo-400";
