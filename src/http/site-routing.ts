import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { Site } from '../domain/world.js';
import type { IndexSnapshot } from '../index/index-snapshot.js';
import { ApiError } from './errors/catalogue.js';
import { deferRequestError, safeDecode } from './hardening/pre-routing.js';

/** cloudIds taken from the gateway form `/ex/{product}/{cloudId}/…`, per raw request. */
const gatewayCloudIds = new WeakMap<IncomingMessage, string>();

const GATEWAY = /^\/ex\/(confluence|jira)\/([^/?#]+)(\/.*)?$/;

/**
 * Fastify `rewriteUrl`: `/ex/confluence/{cloudId}/wiki/…` is served as `/wiki/…`. It runs before
 * any hook, so it never throws: a cloudId that does not decode is that request's 400 (F1).
 */
export function rewriteGatewayUrl(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const match = GATEWAY.exec(url);
  if (!match) return url;
  const cloudId = safeDecode(match[2]!);
  if (cloudId === undefined) {
    deferRequestError(
      request,
      new ApiError('REQUEST_BAD_URL', 'The gateway cloudId is not valid percent-encoded UTF-8'),
    );
  } else {
    gatewayCloudIds.set(request, cloudId);
  }
  return match[3] ?? '/';
}

/** The cloudId of a gateway request (`/ex/{product}/{cloudId}/…`), or undefined. */
export function gatewayCloudId(request: FastifyRequest): string | undefined {
  return gatewayCloudIds.get(request.raw);
}

/**
 * The site a `/wiki/…` request addresses: the gateway cloudId, else `Host: {name}.localhost`,
 * else the only site (or `--default-site`).
 */
export function resolveSite(
  request: FastifyRequest,
  index: IndexSnapshot,
  defaultSite: string | null,
): Site {
  const cloudId = gatewayCloudIds.get(request.raw);
  if (cloudId !== undefined) {
    const site = index.site(cloudId);
    if (!site) throw new ApiError('SITE_NOT_FOUND', `No site with cloudId ${cloudId}`);
    return site;
  }
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const sub = /^([a-z0-9-]+)\.localhost$/.exec(host);
  if (sub) {
    const site = index.siteByHostName(sub[1]!);
    if (!site) throw new ApiError('SITE_NOT_FOUND', `No site named ${sub[1]}`);
    return site;
  }
  if (defaultSite !== null) {
    const site = index.siteByHostName(defaultSite);
    if (!site) throw new ApiError('SITE_NOT_FOUND', `Default site ${defaultSite} does not exist`);
    return site;
  }
  const sites = index.sites();
  if (sites.length === 1) return sites[0]!;
  throw new ApiError(
    'SITE_NOT_FOUND',
    sites.length === 0
      ? 'No site is loaded'
      : 'Several sites exist: use Host: {site}.localhost, /ex/confluence/{cloudId}/wiki/…, or --default-site',
  );
}
