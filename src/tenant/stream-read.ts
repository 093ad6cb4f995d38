import { Tokenizer, TokenizerError, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { pageRecords, type PageRecord } from './page-records.js';
import { TenantFileError } from './parse.js';

/**
 * Reads a JSON tenant file as a stream of tokens (the tokenizer of `@streamparser/json`) and
 * assembles it with the pages taken out: every page comes out as a `PageRecord` once its object
 * closes, children before their parent, and is never part of the document. What is left, the
 * skeleton (orgs, users, groups, spaces with `pages: []`, policies…), is built only when asked.
 *
 * A page whose `children` come before its `id` has its children built in memory and recorded
 * when it closes; Gatehouse's own export writes `id` first, so its pages always stream.
 */
export interface StreamReadOptions {
  /** Build the skeleton (the first pass); without it only pages are assembled. */
  skeleton: boolean;
  onPage(record: PageRecord): void;
  /** Awaited after each chunk's records were given to `onPage`: where a reader writes them. */
  afterChunk?(): Promise<void>;
}

type Role =
  | 'root'
  | 'orgs'
  | 'org'
  | 'sites'
  | 'site'
  | 'spaces'
  | 'space'
  | 'pages'
  | 'page'
  | 'children'
  | 'value'
  | 'skip';

interface Frame {
  role: Role;
  array: boolean;
  /** The container being built; null when its contents are not kept. */
  value: Record<string, unknown> | unknown[] | null;
  key: string | undefined;
  index: number;
  /** From `space` down: the positions of the org, site and space in the file. */
  place: { org: number; site: number; space: number };
  path: string;
  /** The keys met so far, in the objects whose keys place pages (root, org, site, space, page). */
  keys?: Set<string>;
  // page frames only
  pageId?: string;
  parentId?: string | null;
  position?: number;
  childCount?: number;
}

const enum Expect {
  Value,
  FirstKey,
  Key,
  Colon,
  CommaOrEnd,
  Done,
}

/** The file is not JSON (as the tokenizer's errors say for what it finds). */
class AssemblyError extends Error {}

/** The keys that lead to pages or name a parent: a stream cannot take "the last one" of them. */
const PLACING_KEYS: ReadonlySet<string> = new Set([
  'orgs',
  'sites',
  'spaces',
  'pages',
  'children',
  'id',
]);

/** A key given twice in an object that places pages: refused rather than read two ways. */
class RepeatedKey extends Error {
  constructor(
    readonly at: string,
    readonly key: string,
  ) {
    super(`${at}: the key "${key}" is given twice`);
  }
}

const NOWHERE = { org: -1, site: -1, space: -1 };

class TenantAssembler {
  private readonly stack: Frame[] = [];
  private expect = Expect.Value;
  skeleton: unknown = undefined;

  constructor(private readonly options: StreamReadOptions) {}

  token({ token, value }: ParsedTokenInfo): void {
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        this.need(Expect.Value);
        this.open(token === TokenType.LEFT_BRACKET);
        return;
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET: {
        const top = this.stack[this.stack.length - 1];
        const array = token === TokenType.RIGHT_BRACKET;
        const closable = array
          ? this.expect === Expect.CommaOrEnd || (this.expect === Expect.Value && top?.index === 0)
          : this.expect === Expect.CommaOrEnd || this.expect === Expect.FirstKey;
        if (!top || top.array !== array || !closable) this.unexpected(String(value));
        this.close();
        return;
      }
      case TokenType.COLON:
        this.need(Expect.Colon);
        this.expect = Expect.Value;
        return;
      case TokenType.COMMA: {
        this.need(Expect.CommaOrEnd);
        const top = this.stack[this.stack.length - 1]!;
        this.expect = top.array ? Expect.Value : Expect.Key;
        return;
      }
      case TokenType.STRING: {
        const top = this.stack[this.stack.length - 1];
        if (top && !top.array && (this.expect === Expect.Key || this.expect === Expect.FirstKey)) {
          if (top.keys && PLACING_KEYS.has(value as string)) {
            // JSON.parse keeps the last of a repeated key; a stream has acted on the first
            if (top.keys.has(value as string)) throw new RepeatedKey(top.path, String(value));
            top.keys.add(value as string);
          }
          top.key = value as string;
          this.expect = Expect.Colon;
          return;
        }
        this.need(Expect.Value);
        this.complete(value, null);
        return;
      }
      case TokenType.NUMBER:
      case TokenType.TRUE:
      case TokenType.FALSE:
      case TokenType.NULL:
        this.need(Expect.Value);
        this.complete(value, null);
        return;
      default:
        this.unexpected(String(value));
    }
  }

  finish(): unknown {
    if (this.expect !== Expect.Done) throw new AssemblyError('unexpected end of the file');
    return this.skeleton;
  }

  private need(expected: Expect) {
    if (this.expect !== expected) this.unexpected('token');
  }

  private unexpected(what: string): never {
    throw new AssemblyError(`unexpected ${what} at ${this.where()}`);
  }

  private where(): string {
    return (
      this.stack.map((f) => (f.array ? `[${f.index}]` : `.${f.key ?? ''}`)).join('') || '(root)'
    );
  }

  private open(array: boolean) {
    const parent = this.stack[this.stack.length - 1];
    const role = parent ? this.roleBelow(parent, array) : array ? 'value' : 'root';
    const build =
      role !== 'skip' && role !== 'children' && (role !== 'pages' || this.options.skeleton);
    const frame: Frame = {
      role,
      array,
      value: build ? (array ? [] : {}) : null,
      key: undefined,
      index: 0,
      place: parent?.place ?? NOWHERE,
      path: parent ? this.pathBelow(parent) : '',
    };
    if (['root', 'org', 'site', 'space', 'page'].includes(role)) frame.keys = new Set();
    if (role === 'space' && parent) {
      // the stack is root, orgs, org, sites, site, spaces: the lists hold the positions
      frame.place = { org: this.stack[1]!.index, site: this.stack[3]!.index, space: parent.index };
    }
    if (role === 'page' && parent) {
      frame.parentId =
        parent.role === 'children' ? this.stack[this.stack.length - 2]!.pageId! : null;
      frame.position = parent.index;
      frame.childCount = 0;
    }
    this.stack.push(frame);
    this.expect = array ? Expect.Value : Expect.FirstKey;
  }

  /** What a container below `parent` (at its current key or index) is. */
  private roleBelow(parent: Frame, array: boolean): Role {
    const key = parent.key;
    switch (parent.role) {
      case 'root':
        return key === 'orgs' && array ? 'orgs' : this.plain();
      case 'orgs':
        return array ? this.plain() : 'org';
      case 'org':
        return key === 'sites' && array ? 'sites' : this.plain();
      case 'sites':
        return array ? this.plain() : 'site';
      case 'site':
        return key === 'spaces' && array ? 'spaces' : this.plain();
      case 'spaces':
        return array ? this.plain() : 'space';
      case 'space':
        return key === 'pages' && array ? 'pages' : this.plain();
      case 'pages':
      case 'children':
        return array ? 'value' : 'page';
      case 'page':
        // children stream once the page's id is known; before it they are built (see above)
        return key === 'children' && array && parent.pageId !== undefined ? 'children' : 'value';
      case 'value':
        return 'value';
      case 'skip':
        return 'skip';
    }
  }

  private plain(): Role {
    return this.options.skeleton ? 'value' : 'skip';
  }

  private pathBelow(parent: Frame): string {
    if (parent.array) return `${parent.path}[${parent.index}]`;
    return parent.path === '' ? (parent.key ?? '') : `${parent.path}.${parent.key ?? ''}`;
  }

  private close() {
    const frame = this.stack.pop()!;
    const parent = this.stack[this.stack.length - 1];
    if (frame.role === 'page') {
      this.recordPage(frame);
      this.advance(parent);
      return;
    }
    if (frame.role === 'children') {
      const page = parent!;
      page.childCount = frame.index;
      this.advance(parent);
      return;
    }
    this.complete(frame.value, frame);
  }

  /** A value below the top frame is complete: keep it, record it, or let it go. */
  private complete(value: unknown, frame: Frame | null) {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.skeleton = value;
      this.expect = Expect.Done;
      return;
    }
    if (top.role === 'pages' || top.role === 'children') {
      // not a page object: a record of what it is, for the structural check to name
      const parentId = top.role === 'children' ? this.stack[this.stack.length - 2]!.pageId! : null;
      this.emit(value, `${top.path}[${top.index}]`, top.place, parentId, top.index, 0);
    } else if (top.value !== null && frame?.value !== null) {
      if (top.array) (top.value as unknown[]).push(value);
      else setKey(top.value as Record<string, unknown>, top.key!, value);
      if (top.role === 'page' && top.key === 'id' && typeof value === 'string' && frame === null) {
        top.pageId ??= value;
      }
    }
    this.advance(top);
  }

  private advance(top: Frame | undefined) {
    if (!top) {
      this.expect = Expect.Done;
      return;
    }
    if (top.array) top.index++;
    this.expect = Expect.CommaOrEnd;
  }

  private recordPage(frame: Frame) {
    const page = frame.value as Record<string, unknown>;
    const place = frame.place;
    let childCount = frame.childCount ?? 0;
    const built = page.children;
    if (Array.isArray(built)) {
      const id = typeof page.id === 'string' ? page.id : null;
      for (const record of pageRecords(built, `${frame.path}.children`, place, id)) {
        this.options.onPage(record);
      }
      childCount = built.length;
      delete page.children;
    }
    this.emit(page, frame.path, place, frame.parentId ?? null, frame.position ?? 0, childCount);
  }

  private emit(
    page: unknown,
    path: string,
    place: Frame['place'],
    parentId: string | null,
    position: number,
    childCount: number,
  ) {
    const record = { page: page as PageRecord['page'], path, ...place, parentId, position };
    this.options.onPage({ ...record, nested: parentId !== null, childCount });
  }
}

function setKey(target: Record<string, unknown>, key: string, value: unknown) {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else target[key] = value;
}

/**
 * One pass over a JSON tenant file: each page to `onPage` as it closes, and the skeleton at the
 * end when `options.skeleton`. Not JSON, or cut short: a `TenantFileError` naming the file.
 */
export async function readTenantStream(
  chunks: AsyncIterable<Uint8Array | string>,
  source: string,
  options: StreamReadOptions,
): Promise<unknown> {
  const assembler = new TenantAssembler(options);
  const tokenizer = new Tokenizer();
  let failure: unknown;
  tokenizer.onToken = (info) => assembler.token(info);
  tokenizer.onError = (error) => {
    failure ??= error;
  };
  tokenizer.onEnd = () => undefined;
  try {
    for await (const chunk of chunks) {
      if (tokenizer.isEnded) {
        if (String(chunk).trim() === '') continue;
        throw new AssemblyError('text after the end of the document');
      }
      tokenizer.write(chunk);
      if (failure !== undefined) throw failure;
      await options.afterChunk?.();
    }
    if (!tokenizer.isEnded) tokenizer.end();
    if (failure !== undefined) throw failure;
    await options.afterChunk?.();
    return assembler.finish();
  } catch (error) {
    if (error instanceof RepeatedKey) {
      const path = error.at === '' ? error.key : `${error.at}.${error.key}`;
      throw new TenantFileError([`${path}: given twice in one object`], source);
    }
    if (!(error instanceof TokenizerError || error instanceof AssemblyError)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TenantFileError([`(file): not valid JSON: ${reason}`], source);
  }
}
