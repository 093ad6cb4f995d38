import { Value } from '@sinclair/typebox/value';
import type { PageRecord } from './page-records.js';
import { PageRecordSchema, type TenantFile, type TenantPage } from './schema.js';
import {
  checkPageFields,
  checkReferences,
  pointerToPath,
  structuralProblems,
  type Claims,
  type PageClaims,
  type TenantCheck,
} from './validate.js';

/** The check of a streamed import (T21): the skeleton now, each page as it comes. */
export interface StreamedTenantCheck extends TenantCheck {
  /** False when the skeleton is malformed: its pages are not checked (as a whole check would not). */
  readonly checksPages: boolean;
  /** Adds the page's problems, if any, to `problems`. Pages are given in file order. */
  checkPage(record: PageRecord): void;
  /**
   * Names the first occurrence of each duplicate page id by its path, reading the pages again
   * (`read`) only when there is one: the stream remembers pages by their number in the file.
   */
  namePaths(read: (onPage: (record: PageRecord) => void) => Promise<void>): Promise<void>;
}

/**
 * Checks a document whose pages come apart from it (`documentSkeleton`): the skeleton whole,
 * then `checkPage` for each page record, with the rules, paths and messages of `validateTenant`.
 */
export function validateSkeleton(skeleton: unknown): StreamedTenantCheck {
  const structural = structuralProblems(skeleton);
  if (structural.length > 0) {
    return {
      problems: structural,
      claims: new Map(),
      checksPages: false,
      checkPage: () => undefined,
      namePaths: () => Promise.resolve(),
    };
  }
  let ordinal = -1;
  const pending: PendingDuplicate[] = [];
  let list: string[] = [];
  const noted = (firstOrdinal: number, suffix: string) =>
    pending.push({ problem: list.length - 1, firstOrdinal, suffix });
  // attachments (a page in ten here) keep their paths; a page's own ids are one per page
  const ids = (add: (path: string, message: string) => void): Partial<PageClaims> => ({
    content: new OrdinalIds('id', '.id', add, () => ordinal, noted),
    publicLink: new OrdinalIds('id', '.publicLink.id', add, () => ordinal, noted),
  });
  const { problems, claims, contexts } = checkReferences(skeleton as TenantFile, ids);
  list = problems;
  return {
    problems,
    claims,
    checksPages: true,
    checkPage(record) {
      ordinal++;
      const structural = [...Value.Errors(PageRecordSchema, record.page)].map((e) => {
        const below = pointerToPath(e.path);
        return `${record.path}${below ? `.${below}` : ''}: ${e.message}`;
      });
      if (structural.length > 0) {
        problems.push(...new Set(structural));
        return;
      }
      const ctx = contexts[record.org]!;
      const page = record.page as TenantPage;
      checkPageFields(page, record.path, record.nested, record.childCount, ctx);
    },
    async namePaths(read) {
      if (pending.length === 0) return;
      const wanted = new Map<number, string>(pending.map((d) => [d.firstOrdinal, '']));
      let at = -1;
      await read((record) => {
        at++;
        if (wanted.has(at)) wanted.set(at, record.path);
      });
      for (const d of pending) {
        const first = `${wanted.get(d.firstOrdinal)!}${d.suffix}`;
        problems[d.problem] = problems[d.problem]!.replace(MARK, first);
      }
    },
  };
}

const MARK = '\u0000first\u0000';

interface PendingDuplicate {
  problem: number;
  firstOrdinal: number;
  /** What follows the page's path in the claim's (`.id`, `.publicLink.id`). */
  suffix: string;
}

/**
 * `UniqueIds` for millions of pages: a value maps to the number of the page that claimed it
 * (no path string per page); a duplicate's message gets the first path from `namePaths`.
 */
class OrdinalIds implements Claims {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly label: string,
    private readonly suffix: string,
    private readonly add: (path: string, message: string) => void,
    private readonly ordinal: () => number,
    private readonly noted: (firstOrdinal: number, suffix: string) => void,
  ) {}

  claim(value: string, path: string): void {
    const first = this.seen.get(value);
    if (first === undefined) {
      this.seen.set(value, this.ordinal());
      return;
    }
    this.add(path, `duplicate ${this.label} "${value}" (first at ${MARK})`);
    this.noted(first, this.suffix);
  }
}
