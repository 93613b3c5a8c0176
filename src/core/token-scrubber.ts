import type { Scrub } from './safe-text.js';

/**
 * Returns what replaces `token` with `***` in a text, in its literal, JSON-escaped and
 * percent-encoded forms (issue 20 #11). Whole tokens only: an occurrence inside a longer word (a
 * one-letter token inside `chats`) is left alone. An empty token scrubs nothing.
 */
export function tokenScrubber(token: string): Scrub {
  if (!token) return (text) => text;
  const forms = new Set([token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token)]);
  const escaped = [...forms].map((form) => form.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&'));
  // Case-insensitive, for a percent-encoding with lowercase hex (`%2b`).
  const pattern = new RegExp(`(^|[^\\w-])(?:${escaped.join('|')})(?![\\w-])`, 'gi');
  return (text) => text.replace(pattern, '$1***');
}
