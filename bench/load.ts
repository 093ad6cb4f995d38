import autocannon from 'autocannon';

/**
 * The load generator, run in its own process (pinned to its own core by the parent): argv[2] is
 * a JSON {url, headers, bodies, connections, seconds}; prints {requestsPerSecond, errors}.
 */
interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  seconds: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const result = await autocannon({
  url: spec.url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...spec.headers },
  requests: spec.bodies.map((body) => ({ method: 'POST', body })),
  connections: spec.connections,
  duration: spec.seconds,
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    errors: result.errors + result.non2xx,
  })}\n`,
);
