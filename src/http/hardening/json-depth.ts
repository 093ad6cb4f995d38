/** How deep arrays and objects may nest in a JSON body (F6); Atlassian bodies use a handful. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when JSON text nests arrays and objects deeper than `limit`, found by one scan of the
 * text before `JSON.parse` builds anything, so neither the parser nor a recursive walk of the
 * result ever sees a 10,000-level document.
 */
export function nestsDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}
