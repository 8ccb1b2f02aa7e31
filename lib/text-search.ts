// Searches match what was typed, literally: in LIKE, PostgreSQL reads % and _ as wildcards and \ as
// the escape character, so `q=%` would otherwise match everything.

/** `text` with LIKE's special characters escaped. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

/** A LIKE pattern for values containing `text`. */
export const likePattern = (text: string) => `%${escapeLike(text)}%`;

/** A Prisma string filter for values containing `text` literally, in any case. */
export const containsText = (text: string) => ({ contains: escapeLike(text), mode: "insensitive" as const });
