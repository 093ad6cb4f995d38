/**
 * Writes a JSON document as a stream of text with the bytes `JSON.stringify(value, null, 2)`
 * would give, where any array of the document may be a `StreamedArray`: its items are produced
 * (and written, and dropped) one at a time, so a document far larger than memory — or than V8's
 * longest string — can be written.
 */

/** An array whose items come from an async iterable, read once while it is written. */
export class StreamedArray<T> {
  constructor(readonly items: AsyncIterable<T>) {}
}

/** Where the text goes; `write` resolves when the sink can take more (backpressure). */
export interface TextSink {
  write(text: string): Promise<void> | void;
}

const CHUNK = 1 << 16;

class Buffered {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: TextSink) {}
  /** Resolves only when it flushed to the sink: a caller awaits it only then. */
  push(text: string): Promise<void> | void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= CHUNK) return this.flush();
  }
  flush(): Promise<void> | void {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return this.sink.write(text);
  }
}

type Json = unknown;

/** `value` as JSON, indented by two spaces as `JSON.stringify(value, null, 2)` indents it. */
export async function writeJson(value: Json, sink: TextSink): Promise<void> {
  const out = new Buffered(sink);
  await writeValue(value, '', out);
  await out.flush();
}

async function writeValue(value: Json, indent: string, out: Buffered): Promise<void> {
  if (value instanceof StreamedArray)
    return writeStreamed(value as StreamedArray<Json>, indent, out);
  if (value === null || typeof value !== 'object' || !holdsStreamed(value)) {
    // a plain part is written by JSON.stringify itself, its lines indented to where it stands
    // (a string's own line breaks are escaped, so every raw one is the formatting's)
    const text = JSON.stringify(value, null, 2) ?? 'null';
    return out.push(indent === '' ? text : text.replaceAll('\n', `\n${indent}`));
  }
  if (Array.isArray(value)) return writeArray(value, indent, out);
  return writeObject(value as Record<string, Json>, indent, out);
}

function holdsStreamed(value: object): boolean {
  if (value instanceof StreamedArray) return true;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (item !== null && typeof item === 'object' && holdsStreamed(item as object)) return true;
  }
  return false;
}

async function writeArray(items: readonly Json[], indent: string, out: Buffered): Promise<void> {
  if (items.length === 0) return out.push('[]');
  const inner = `${indent}  `;
  await out.push('[');
  for (let i = 0; i < items.length; i++) {
    await out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
    await writeValue(items[i] === undefined ? null : items[i], inner, out);
  }
  await out.push(`\n${indent}]`);
}

async function writeStreamed(
  items: StreamedArray<Json>,
  indent: string,
  out: Buffered,
): Promise<void> {
  const inner = `${indent}  `;
  let first = true;
  for await (const item of items.items) {
    await out.push(first ? `[\n${inner}` : `,\n${inner}`);
    first = false;
    await writeValue(item === undefined ? null : item, inner, out);
  }
  await out.push(first ? '[]' : `\n${indent}]`);
}

async function writeObject(
  object: Record<string, Json>,
  indent: string,
  out: Buffered,
): Promise<void> {
  const inner = `${indent}  `;
  let first = true;
  for (const [key, value] of Object.entries(object)) {
    // as JSON.stringify: keys whose value is undefined (or a function) are left out
    if (value === undefined || typeof value === 'function') continue;
    await out.push(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
    first = false;
    await writeValue(value, inner, out);
  }
  await out.push(first ? '{}' : `\n${indent}}`);
}
