import { createParser } from 'eventsource-parser';

/**
 * The baseline every stream figure is divided by: the least code that reads a SOAT completion
 * stream correctly enough to benchmark against. One streaming `TextDecoder`, eventsource-parser,
 * `JSON.parse`, and the deltas handed out after each read. No error events, no truncation
 * check, no abort: everything `ChatCompletionStream` adds is what the ratio measures.
 */
export async function* plainLoop(response: Response): AsyncGenerator<string> {
  const body = response.body;
  if (!body) throw new Error('no body');
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const deltas: string[] = [];
  let done = false;
  const parser = createParser({
    onEvent(event) {
      if (done) return;
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      const content = JSON.parse(event.data).choices[0].delta.content;
      deltas.push(content);
    },
  });
  try {
    while (!done) {
      const result = await reader.read();
      if (result.done) break;
      parser.feed(decoder.decode(result.value, { stream: true }));
      for (let i = 0; i < deltas.length; i++) yield deltas[i] as string;
      deltas.length = 0;
    }
  } finally {
    if (!done) reader.cancel().catch(() => {});
  }
}
