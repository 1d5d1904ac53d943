/** Characters of a value shown in a message before it is cut. */
export const QUOTED_CHARS = 40;

const count = new Intl.NumberFormat('en');

/**
 * A value as messages quote it: `"abc"`, or for a long one its start and its length,
 * `"1111111111…" (100,001 characters)`. Values come from people and files: a 100,000-character
 * cell repeated whole in a message would run across the page and the error column.
 */
export function quoteValue(text: string): string {
  // A little slack, so that a value just over the limit is not cut to save a few characters.
  if (text.length <= QUOTED_CHARS + 10) return `"${text}"`;
  let end = QUOTED_CHARS;
  // Never split a surrogate pair (an emoji, a rare CJK character) in two.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `"${text.slice(0, end)}…" (${count.format(text.length)} characters)`;
}
