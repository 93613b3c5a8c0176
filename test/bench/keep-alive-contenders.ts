/**
 * The contenders of figure 6 (keep-alive.ts), also run by profile-keep-alive.ts: each makes one
 * streamed completion and resolves to its text and the connection it came over.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/schema.js';
import { plainLoop } from './plain-loop.js';
import { SoatClient } from './sdk.js';
import { completionBody } from './upstream.js';

const token = 'sk_bench';
export const BASELINE = 'plain loop + fetch';

/** One completion: resolves to its text and the id of the connection it came over. */
export type Complete = () => Promise<{ text: string; connection: string | null }>;

export const contenders: Record<string, (baseUrl: string) => Complete> = {
  [BASELINE]: (baseUrl) => {
    const url = `${baseUrl}/api/v1/chats/completions`;
    const init = {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(completionBody('short')),
    };
    return async () => {
      const response = await fetch(url, init);
      let text = '';
      for await (const delta of plainLoop(response)) text += delta;
      return { text, connection: response.headers.get('x-connection') };
    };
  },
  // For information: how much of the gap is openapi-fetch's own (building a Request per call).
  'bare openapi-fetch + plain loop': (baseUrl) => {
    const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
    return async () => {
      const { response } = await client.POST('/api/v1/chats/completions', {
        body: completionBody('short'),
        parseAs: 'stream',
      });
      let text = '';
      for await (const delta of plainLoop(response)) text += delta;
      return { text, connection: response.headers.get('x-connection') };
    };
  },
  'ours: createChatCompletion + text()': (baseUrl) => {
    const soat = new SoatClient({ baseUrl, token });
    return async () => {
      const { data, error } = await soat.chats.createChatCompletion({
        body: completionBody('short'),
      });
      if (error) throw new Error(JSON.stringify(error));
      return { text: await data.text(), connection: data.response.headers.get('x-connection') };
    };
  },
};
