// Requests from the webview to the host, paired with their replies by id. A reply with an
// unknown id is ignored; every pending request is settled exactly once.

import type { ParamsOf, ReplyMessage, ResultOf, TimelineMethod, WebviewToHost } from '../../src/protocol/webview';

export interface Rpc {
  request<M extends TimelineMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Feed a reply from the host; returns false when no request was waiting for it. */
  settle(reply: ReplyMessage): boolean;
}

export function createRpc(post: (message: WebviewToHost) => void): Rpc {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  return {
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        post({ type: 'request', id, method, params } as WebviewToHost);
      });
    },
    settle(reply) {
      const waiting = pending.get(reply.id);
      if (!waiting) return false;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.error));
      return true;
    },
  };
}
