/** The parts of the APIs' answers the content page reads. */

export interface RestrictionJson {
  operation: string;
  restrictions: {
    user: { results: { accountId: string; displayName: string }[] };
    group: { results: { id: string; name: string }[] };
  };
}

export interface ReasonJson {
  rule: string;
  text: string;
  policyId?: string;
}

export interface SuggestionJson {
  text: string;
  changes: { kind: string; text: string }[];
}

export interface DecisionJson {
  decision: 'allow' | 'deny';
  reasons: ReasonJson[];
  toAllow?: SuggestionJson[];
  enforcement?: { wouldBe: { decision: string; reasons: ReasonJson[] } };
}

export interface SubjectJson {
  type: string;
  accountId?: string;
  displayName?: string;
  id?: string;
  name?: string;
  ari?: string;
}

/** The decision panel's state: what was asked (from the query string) and the answer. */
export interface DecisionPanel {
  subject: string;
  action: string;
  answer?: DecisionJson;
  error?: string;
  /** Whether the check API offered suggestions (issue 13's `suggest`). */
  suggestions: 'shown' | 'unavailable';
}
