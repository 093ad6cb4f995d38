import { connect } from 'node:net';

export interface RawResponse {
  /** 0 when the server closed without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends bytes exactly as given (no URL normalization, unlike `app.inject` and every HTTP client)
 * and reads one response: up to its Content-Length, or until the server closes the socket.
 */
export function rawRequest(
  port: number,
  bytes: string | Buffer,
  timeoutMs = 5000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(parse(Buffer.concat(chunks)));
    };
    const timer = setTimeout(() => {
      done = true;
      socket.destroy();
      reject(
        new Error(
          `no complete answer within ${timeoutMs} ms to ${JSON.stringify(String(bytes).slice(0, 80))}`,
        ),
      );
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const response = parse(Buffer.concat(chunks));
      const length = Number(response.headers['content-length'] ?? NaN);
      const empty = response.status === 204 || response.status === 304;
      if (response.status > 0 && (empty || Buffer.byteLength(response.body) >= length)) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(bytes);
  });
}

function parse(data: Buffer): RawResponse {
  const text = data.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: text.slice(end + 4) };
}
