import type { AuditAction } from './actions.js';

/** A value of an audit object's free `attributes` map. */
export type AuditValue = string | number | boolean | null | readonly string[];

/** One item of an event's `context` ("the what") or `container` ("the where"). */
export interface AuditObject {
  readonly id: string;
  readonly type: string;
  readonly attributes: Readonly<Record<string, AuditValue>>;
}

/** `actor.auth.authType` values of Atlassian's event model. */
export type AuditAuthType =
  | 'container-token'
  | 'api-token'
  | 'connect-token'
  | 'auth-token-for-2LO'
  | 'auth-token-for-3LO';

/** Who made a change: the Admin API key's owner, a user, an app, or Gatehouse itself. */
export interface AuditActor {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
  readonly auth?: { readonly authType: AuditAuthType; readonly tokenLabel?: string };
  readonly app?: {
    readonly id: string;
    readonly type: string;
    readonly attributes?: Readonly<Record<string, AuditValue>>;
  };
}

export interface AuditLocation {
  readonly ip: string;
}

/** What a command records: the rest (id, time, actor, location) comes from the write. */
export interface AuditRecord {
  readonly orgId: string;
  readonly action: AuditAction;
  readonly context: readonly AuditObject[];
  readonly container: readonly AuditObject[];
  /** One line for a person (`message.content`). */
  readonly message: string;
}

/** Who a write is made by, and from where: given to every command run. */
export interface AuditOrigin {
  readonly actor: AuditActor;
  readonly location: AuditLocation | null;
}

/** An event of the org audit log. `action` is a string: imported logs may hold other keys. */
export interface AuditEvent {
  readonly id: string;
  readonly orgId: string;
  readonly time: string;
  readonly action: string;
  readonly actor: AuditActor;
  readonly context: readonly AuditObject[];
  readonly container: readonly AuditObject[];
  readonly location: AuditLocation | null;
  readonly message: string;
}

/** The holder of the operator key (`--operator-key`): orgs, fork, snapshot, restore. */
export const OPERATOR_ACTOR: AuditActor = Object.freeze({
  id: 'gatehouse-operator',
  name: 'Gatehouse operator',
  auth: Object.freeze({ authType: 'api-token' as const }),
});

/** Gatehouse acting on its own (the propagation timer): Atlassian's system actor, renamed. */
export const SYSTEM_ACTOR: AuditActor = Object.freeze({
  id: 'gatehouse-system',
  name: 'Gatehouse',
});

function words(value: AuditValue | undefined, into: string[]): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') into.push(String(value));
  else into.push(...value);
}

/**
 * The text `q` searches (A5): action, actor, message, and the ids, types and attribute values of
 * every context and container item, lower-cased, one per line.
 */
export function searchTextOf(event: Omit<AuditEvent, 'id' | 'orgId' | 'time'>): string {
  const parts: string[] = [event.action, event.message];
  const actor = event.actor;
  parts.push(actor.id);
  words(actor.name, parts);
  words(actor.email, parts);
  if (actor.app) parts.push(actor.app.id);
  for (const item of [...event.context, ...event.container]) {
    parts.push(item.id, item.type);
    for (const value of Object.values(item.attributes)) words(value, parts);
  }
  if (event.location) parts.push(event.location.ip);
  return parts.join('\n').toLowerCase();
}
