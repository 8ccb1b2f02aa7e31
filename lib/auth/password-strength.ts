import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

/**
 * zxcvbn's score 3 ("safely unguessable": about 10^8 guesses or more). Length alone is not
 * enough: "password1234" is 12 characters and among the first guesses of any cracker.
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | null = null;

/** Built on first use: the dictionaries take a moment to load and most requests never need them. */
function strengthEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

/**
 * Why `password` is too easy to guess (common passwords and words, keyboard runs, dates, the
 * person's own name or email), or null when it is strong enough.
 */
export function passwordWeakness(password: string, personalWords: string[] = []): string | null {
  const result = strengthEstimator().check(password, personalWords);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ?? "This password is too easy to guess.";
  const hint = result.feedback.suggestions[0] ?? "Use a few unrelated words together.";
  return `${why.replace(/\.?$/, ".")} ${hint}`;
}
