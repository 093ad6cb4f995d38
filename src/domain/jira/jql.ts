/**
 * Gatehouse's JQL subset (semantics §9.7, docs/jira.md J22): a real tokenizer and
 * recursive-descent parser. Fields `project`, `key` (`issuekey`), `issuetype` (`type`), `status`,
 * `labels`, `assignee`, `reporter` with `=`, `!=`, `IN`, `NOT IN` (and `IS [NOT] EMPTY` for
 * labels, assignee, reporter; `currentUser()` for the people), `text ~`, `AND`/`OR`/`NOT`,
 * parentheses, `ORDER BY key|created|updated ASC|DESC`. Anything else is a `JqlError` naming the
 * unsupported clause — never a silent wrong answer.
 */

export const JQL_FIELDS = [
  'project',
  'key',
  'issuetype',
  'status',
  'labels',
  'assignee',
  'reporter',
  'text',
] as const;
export type JqlField = (typeof JQL_FIELDS)[number];

const ALIASES: Record<string, JqlField> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  issuetype: 'issuetype',
  type: 'issuetype',
  status: 'status',
  labels: 'labels',
  assignee: 'assignee',
  reporter: 'reporter',
  text: 'text',
};

export type JqlOperator = '=' | '!=' | 'in' | 'not in' | '~' | 'is empty' | 'is not empty';
export type JqlValue = { kind: 'literal'; value: string } | { kind: 'currentUser' };

export type JqlExpr =
  | { kind: 'and' | 'or'; items: JqlExpr[] }
  | { kind: 'not'; item: JqlExpr }
  | { kind: 'clause'; field: JqlField; op: JqlOperator; values: JqlValue[]; text: string };

export type OrderField = 'key' | 'created' | 'updated';
export interface JqlOrder {
  field: OrderField;
  direction: 'asc' | 'desc';
}

export interface JqlQuery {
  where: JqlExpr | null;
  orderBy: JqlOrder[];
}

export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

export const SUPPORTED_JQL =
  'project, key, issuetype, status, labels, assignee, reporter (=, !=, IN, NOT IN; IS [NOT] EMPTY for labels, assignee, reporter), text ~, AND, OR, NOT, parentheses, ORDER BY key|created|updated ASC|DESC';

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; text: ''; at: number };

const PUNCTUATION = ['!=', '!~', '<=', '>=', '=', '~', '(', ')', ',', '<', '>', '!'];
const WORD = /[A-Za-z0-9_.\-@:/*+$#]/;

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const start = i++;
      let text = '';
      while (i < jql.length && jql[i] !== ch) {
        if (jql[i] === '\\' && i + 1 < jql.length) i++;
        text += jql[i++];
      }
      if (i >= jql.length) {
        throw new JqlError(
          `Error in the JQL Query: the quoted string starting at character ${start + 1} is not closed.`,
        );
      }
      i++;
      tokens.push({ kind: 'string', text, at: start });
      continue;
    }
    const punct = PUNCTUATION.find((p) => jql.startsWith(p, i));
    if (punct) {
      tokens.push({ kind: 'op', text: punct, at: i });
      i += punct.length;
      continue;
    }
    if (WORD.test(ch)) {
      const start = i;
      while (i < jql.length && WORD.test(jql[i]!)) i++;
      tokens.push({ kind: 'word', text: jql.slice(start, i), at: start });
      continue;
    }
    throw new JqlError(
      `Error in the JQL Query: the character '${ch}' is a reserved JQL character (character ${i + 1}).`,
    );
  }
  tokens.push({ kind: 'end', text: '', at: jql.length });
  return tokens;
}

const isWord = (t: Token, word: string) => t.kind === 'word' && t.text.toLowerCase() === word;

/** Nesting deeper than this is refused (a request must not exhaust the stack). */
const MAX_DEPTH = 64;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly jql: string,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.pos++;
    return token;
  }

  private expected(what: string): JqlError {
    const t = this.peek();
    const got = t.kind === 'end' ? 'the end of the query' : `'${t.text}'`;
    return new JqlError(
      `Error in the JQL Query: Expecting ${what} but got ${got}. (character ${t.at + 1})`,
    );
  }

  parse(): JqlQuery {
    let where: JqlExpr | null = null;
    if (this.peek().kind !== 'end' && !isWord(this.peek(), 'order')) where = this.or();
    const orderBy = this.order();
    if (this.peek().kind !== 'end') throw this.expected("'AND', 'OR' or 'ORDER BY'");
    return { where, orderBy };
  }

  private or(): JqlExpr {
    const items = [this.and()];
    while (isWord(this.peek(), 'or')) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private and(): JqlExpr {
    const items = [this.not()];
    while (isWord(this.peek(), 'and')) {
      this.next();
      items.push(this.not());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private not(): JqlExpr {
    if (++this.depth > MAX_DEPTH) {
      throw new JqlError(`Error in the JQL Query: nested deeper than ${MAX_DEPTH} levels.`);
    }
    try {
      const t = this.peek();
      if (isWord(t, 'not') || (t.kind === 'op' && t.text === '!')) {
        this.next();
        return { kind: 'not', item: this.not() };
      }
      if (t.kind === 'op' && t.text === '(') {
        this.next();
        const inner = this.or();
        if (!(this.peek().kind === 'op' && this.peek().text === ')')) throw this.expected("')'");
        this.next();
        return inner;
      }
      return this.clause();
    } finally {
      this.depth--;
    }
  }

  /** The source text of the clause that starts at `start` (for error messages). */
  private textFrom(start: number): string {
    const end = this.peek().at;
    return this.jql.slice(start, end).trim();
  }

  /** The rest of an unsupported clause, to name it whole in the error. */
  private unsupported(start: number, why: string): JqlError {
    let depth = 0;
    while (this.peek().kind !== 'end') {
      const t = this.peek();
      if (depth === 0 && (isWord(t, 'and') || isWord(t, 'or') || isWord(t, 'order'))) break;
      if (t.kind === 'op' && t.text === '(') depth++;
      if (t.kind === 'op' && t.text === ')') {
        if (depth === 0) break;
        depth--;
      }
      this.next();
    }
    return new JqlError(
      `Gatehouse does not support the JQL clause '${this.textFrom(start)}' (${why}). Supported: ${SUPPORTED_JQL}.`,
    );
  }

  private clause(): JqlExpr {
    const first = this.peek();
    if (first.kind !== 'word' && first.kind !== 'string') throw this.expected('a field name');
    const start = first.at;
    this.next();
    const field = ALIASES[first.text.toLowerCase()];
    if (!field) throw this.unsupported(start, `the field '${first.text}' is not in the subset`);
    const op = this.operator(start, field);
    const values = this.values(start, field, op);
    return { kind: 'clause', field, op, values, text: this.textFrom(start) };
  }

  private operator(start: number, field: JqlField): JqlOperator {
    const t = this.next();
    let op: JqlOperator | null = null;
    if (t.kind === 'op' && (t.text === '=' || t.text === '!=' || t.text === '~')) op = t.text;
    else if (isWord(t, 'in')) op = 'in';
    else if (isWord(t, 'not') && isWord(this.peek(), 'in')) {
      this.next();
      op = 'not in';
    } else if (isWord(t, 'is')) {
      const negated = isWord(this.peek(), 'not');
      if (negated) this.next();
      const what = this.next();
      if (!isWord(what, 'empty') && !isWord(what, 'null')) {
        throw this.unsupported(start, 'IS takes only EMPTY or NULL');
      }
      op = negated ? 'is not empty' : 'is empty';
    } else if (t.kind === 'end') {
      throw new JqlError(
        `Error in the JQL Query: Expecting an operator after '${field}' but got the end of the query.`,
      );
    }
    if (op === null) throw this.unsupported(start, `the operator '${t.text}' is not in the subset`);
    const allowed =
      field === 'text'
        ? op === '~'
        : op === '~'
          ? false
          : op === 'is empty' || op === 'is not empty'
            ? field === 'labels' || field === 'assignee' || field === 'reporter'
            : true;
    if (!allowed)
      throw this.unsupported(start, `'${field}' does not take '${op.toUpperCase()}' here`);
    return op;
  }

  private value(start: number, field: JqlField): JqlValue {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'literal', value: t.text };
    if (t.kind !== 'word') throw this.expected('a value');
    if (this.peek().kind === 'op' && this.peek().text === '(') {
      const name = t.text.toLowerCase();
      this.next();
      let args = 0;
      while (!(this.peek().kind === 'op' && this.peek().text === ')')) {
        if (this.peek().kind === 'end') throw this.expected("')'");
        this.next();
        args++;
      }
      this.next();
      if (name === 'currentuser' && args === 0 && (field === 'assignee' || field === 'reporter')) {
        return { kind: 'currentUser' };
      }
      throw this.unsupported(start, `the function '${t.text}()' is not in the subset`);
    }
    if (isWord(t, 'empty') || isWord(t, 'null')) {
      throw this.unsupported(start, 'use IS EMPTY for empty values');
    }
    return { kind: 'literal', value: t.text };
  }

  private values(start: number, field: JqlField, op: JqlOperator): JqlValue[] {
    if (op === 'is empty' || op === 'is not empty') return [];
    if (op !== 'in' && op !== 'not in') return [this.value(start, field)];
    if (!(this.peek().kind === 'op' && this.peek().text === '(')) throw this.expected("'('");
    this.next();
    const values = [this.value(start, field)];
    while (this.peek().kind === 'op' && this.peek().text === ',') {
      this.next();
      values.push(this.value(start, field));
    }
    if (!(this.peek().kind === 'op' && this.peek().text === ')')) throw this.expected("',' or ')'");
    this.next();
    return values;
  }

  private order(): JqlOrder[] {
    if (!isWord(this.peek(), 'order')) return [];
    this.next();
    if (!isWord(this.next(), 'by')) throw this.expected("'BY'");
    const orders: JqlOrder[] = [];
    for (;;) {
      const t = this.next();
      const name = t.kind === 'word' || t.kind === 'string' ? t.text.toLowerCase() : '';
      const field: OrderField | null =
        name === 'key' || name === 'issuekey'
          ? 'key'
          : name === 'created' || name === 'createddate'
            ? 'created'
            : name === 'updated' || name === 'updateddate'
              ? 'updated'
              : null;
      if (field === null) {
        throw new JqlError(
          `Gatehouse does not support ORDER BY ${t.text || '(nothing)'}. Supported: ${SUPPORTED_JQL}.`,
        );
      }
      let direction: 'asc' | 'desc' = 'asc';
      if (isWord(this.peek(), 'asc') || isWord(this.peek(), 'desc')) {
        direction = this.next().text.toLowerCase() as 'asc' | 'desc';
      }
      orders.push({ field, direction });
      if (!(this.peek().kind === 'op' && this.peek().text === ',')) return orders;
      this.next();
    }
  }
}

/** Parses `jql` (empty or blank: every issue, in key order). Throws `JqlError`. */
export function parseJql(jql: string | undefined): JqlQuery {
  const text = jql ?? '';
  if (text.length > 10_000) throw new JqlError('Error in the JQL Query: the query is too long.');
  return new Parser(tokenize(text), text).parse();
}
