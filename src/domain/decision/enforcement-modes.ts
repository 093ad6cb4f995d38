/**
 * Enforcement modes (docs/testing-features.md G19–G22): per org and per rule, whether a denial is
 * enforced, let through but recorded (`soft`), or not applied at all (`off`). Plain data: the
 * index carries an org's modes, `enforcement.ts` applies them to a decision.
 */
export const ENFORCEMENT_RULES = [
  'export',
  'publicLinks',
  'anonymousAccess',
  'appAccess',
  'attachmentDownload',
  'restrictions',
] as const;
export type EnforcementRule = (typeof ENFORCEMENT_RULES)[number];

export const ENFORCEMENT_MODES = ['enforce', 'soft', 'off'] as const;
export type EnforcementMode = (typeof ENFORCEMENT_MODES)[number];

export interface EnforcementModes {
  /** The mode of every rule not named in `rules`. */
  readonly default: EnforcementMode;
  readonly rules: Readonly<Partial<Record<EnforcementRule, EnforcementMode>>>;
}

export const ENFORCE_ALL: EnforcementModes = Object.freeze({
  default: 'enforce',
  rules: Object.freeze({}),
});

export function modeOf(modes: EnforcementModes, rule: EnforcementRule): EnforcementMode {
  return modes.rules[rule] ?? modes.default;
}

/** True when every rule is enforced (the door's fast path). */
export function enforcesAll(modes: EnforcementModes): boolean {
  if (modes === ENFORCE_ALL) return true;
  return ENFORCEMENT_RULES.every((rule) => modeOf(modes, rule) === 'enforce');
}

const isMode = (value: unknown): value is EnforcementMode =>
  typeof value === 'string' && (ENFORCEMENT_MODES as readonly string[]).includes(value);
const isRule = (value: unknown): value is EnforcementRule =>
  typeof value === 'string' && (ENFORCEMENT_RULES as readonly string[]).includes(value);

/** Frozen modes without entries equal to the default (so two spellings of one state compare equal). */
export function normalizeModes(input: {
  default?: EnforcementMode;
  rules?: Partial<Record<EnforcementRule, EnforcementMode>>;
}): EnforcementModes {
  const fallback = input.default ?? 'enforce';
  const rules: Partial<Record<EnforcementRule, EnforcementMode>> = {};
  for (const rule of ENFORCEMENT_RULES) {
    const mode = input.rules?.[rule];
    if (mode !== undefined && mode !== fallback) rules[rule] = mode;
  }
  if (fallback === 'enforce' && Object.keys(rules).length === 0) return ENFORCE_ALL;
  return Object.freeze({ default: fallback, rules: Object.freeze(rules) });
}

/**
 * `--enforcement SPEC`: a mode (`soft`), `rule=mode` pairs (`export=soft,restrictions=off`), or
 * both (`soft,export=enforce`, `default=soft`). Returns the modes, or the problems found.
 */
export function parseEnforcementSpec(spec: string): EnforcementModes | { problems: string[] } {
  const problems: string[] = [];
  let fallback: EnforcementMode | undefined;
  const rules: Partial<Record<EnforcementRule, EnforcementMode>> = {};
  for (const part of spec.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [name, mode, extra] = part.includes('=') ? part.split('=') : ['default', part];
    if (extra !== undefined || !isMode(mode)) {
      problems.push(`"${part}": expected a mode (${ENFORCEMENT_MODES.join(', ')})`);
    } else if (name === 'default') fallback = mode;
    else if (isRule(name)) rules[name] = mode;
    else problems.push(`"${part}": unknown rule (${ENFORCEMENT_RULES.join(', ')}, default)`);
  }
  if (problems.length > 0) return { problems };
  return normalizeModes({ ...(fallback ? { default: fallback } : {}), rules });
}

/** Stored form (orgs.enforcement): null for "enforce everything". */
export function modesToJson(modes: EnforcementModes): string | null {
  if (enforcesAll(modes)) return null;
  return JSON.stringify({ default: modes.default, rules: modes.rules });
}

/** Reads the stored form; anything unreadable counts as "enforce everything". */
export function modesFromJson(text: string | null | undefined): EnforcementModes {
  if (text === null || text === undefined) return ENFORCE_ALL;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return ENFORCE_ALL;
  }
  if (typeof value !== 'object' || value === null) return ENFORCE_ALL;
  const record = value as { default?: unknown; rules?: unknown };
  const rules: Partial<Record<EnforcementRule, EnforcementMode>> = {};
  if (typeof record.rules === 'object' && record.rules !== null) {
    for (const [rule, mode] of Object.entries(record.rules)) {
      if (isRule(rule) && isMode(mode)) rules[rule] = mode;
    }
  }
  return normalizeModes({ ...(isMode(record.default) ? { default: record.default } : {}), rules });
}
