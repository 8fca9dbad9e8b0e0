// A client on a raw socket, for what fetch cannot do: stream a body far larger than any limit and
// count how much of it the server took before answering and closing, or stop half-way.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
  /** Body bytes the socket accepted before the server answered or closed. */
  bytesSent: number;
  /** The server ended or reset the connection (rather than keep reading or keep it alive). */
  closedByServer: boolean;
}

/** Sends `head` and then up to `totalBytes` of `fill` (chunked when no Content-Length is in head). */
export function streamHuge(url: string, head: string, totalBytes: number, fill = 'a'): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const chunked = !/\r\ncontent-length:/i.test(head);
  const piece = Buffer.alloc(64 * 1024, fill);
  const frame = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece;
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    let received = '';
    let bytesSent = 0;
    let answered = false;
    let closed = false;
    let closedByServer = false;
    const finish = () => {
      const [headPart = '', ...rest] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headPart)?.[1] ?? 0);
      resolve({ status, head: headPart, body: rest.join('\r\n\r\n'), bytesSent, closedByServer });
    };
    socket.on('data', (d) => {
      received += d.toString('utf8');
      if (received.includes('\r\n\r\n')) answered = true;
    });
    socket.on('end', () => (closedByServer = true));
    socket.on('error', () => (closedByServer = true)); // EPIPE / ECONNRESET once the server closes: expected
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', async () => {
      try {
        socket.write(head);
        while (!answered && !closed && !socket.destroyed && bytesSent < totalBytes) {
          const ok = socket.write(frame);
          bytesSent += piece.length;
          if (!ok) await new Promise<void>((r) => {
            const done = () => { socket.off('drain', done); socket.off('close', done); r(); };
            socket.on('drain', done);
            socket.on('close', done);
          });
          else await new Promise((r) => setImmediate(r));
        }
        // Give the answer time to arrive, then stop waiting for a close that a keep-alive server never does.
        setTimeout(() => socket.destroy(), 2000).unref();
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

/** Sends `bytes` and closes the socket without waiting for an answer. */
export function sendAndHangUp(url: string, bytes: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(bytes, () => setTimeout(() => socket.destroy(), 50));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}
