// The scenario every consumer entry runs (consumer.mjs imports @soat/sdk, consumer.cjs requires
// it, under each runtime): a chat, a streamed completion read with text(), one read with
// for await, and a 401 that comes back as { error } instead of throwing. It is CommonJS so
// both module systems can load it; it uses only the SDK module it is handed.
// scripts/check-package.mjs runs it from a scratch project that installed the packed tarball,
// against @soat/sdk/mock-server started with token sk_consumer.

/** What runs this file: `node v22.…`, `bun 1.…` or `deno 2.…`. */
function describeRuntime() {
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  return `node ${process.version}`;
}

function mockUrl() {
  const url = globalThis.Deno?.env.get('SOAT_MOCK_URL') ?? globalThis.process?.env.SOAT_MOCK_URL;
  if (!url) throw new Error('SOAT_MOCK_URL is not set: scripts/check-package.mjs sets it.');
  return url;
}

function expectEqual(what, actual, expected) {
  if (actual !== expected) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/**
 * @param {typeof import('@soat/sdk')} sdk - the module as this entry loaded it
 * @param {'esm' | 'cjs'} moduleKind - how it was loaded
 * @returns {Promise<string>} one line describing what passed
 */
async function exercise(sdk, moduleKind) {
  const runtime = describeRuntime();
  for (const name of ['SoatClient', 'SoatError', 'SoatStreamError', 'parseChatCompletionStream']) {
    expectEqual(`typeof ${name}`, typeof sdk[name], 'function');
  }
  const soat = new sdk.SoatClient({ baseUrl: mockUrl(), token: 'sk_consumer', maxRetries: 0 });

  const created = await soat.chats.createChat({
    body: { ai_provider_id: 'aip_consumer', name: `${moduleKind} on ${runtime}` },
  });
  if (created.error) throw new Error(`createChat failed: ${JSON.stringify(created.error)}`);
  expectEqual('createChat status', created.response.status, 201);
  expectEqual('chat name', created.data.name, `${moduleKind} on ${runtime}`);

  const question = `Hello from ${moduleKind} on ${runtime}`;
  const streamed = await soat.chats.createChatCompletion({
    body: {
      ai_provider_id: 'aip_consumer',
      messages: [{ role: 'user', content: question }],
      stream: true,
    },
  });
  if (streamed.error)
    throw new Error(`createChatCompletion failed: ${JSON.stringify(streamed.error)}`);
  expectEqual('text() of the stream', await streamed.data.text(), `You said: ${question}`);

  const perChat = await soat.chats.createChatCompletionForChat({
    path: { chat_id: created.data.id },
    body: { messages: [{ role: 'user', content: 'Again' }], stream: true },
  });
  if (perChat.error)
    throw new Error(`per-chat completion failed: ${JSON.stringify(perChat.error)}`);
  let joined = '';
  let chunks = 0;
  for await (const chunk of perChat.data) {
    joined += chunk.choices[0]?.delta?.content ?? '';
    chunks += 1;
  }
  expectEqual('for await of the stream', joined, 'You said: Again');

  const intruder = new sdk.SoatClient({ baseUrl: mockUrl(), token: 'sk_wrong', maxRetries: 0 });
  const refused = await intruder.chats.listChats();
  expectEqual('status with a wrong token', refused.response.status, 401);
  expectEqual(
    'error with a wrong token',
    JSON.stringify(refused.error),
    '{"error":"Unauthorized"}',
  );

  return `${moduleKind} on ${runtime}: chat ${created.data.id}, text() ${JSON.stringify(`You said: ${question}`)}, ${chunks} chunks by for await, 401 as { error }`;
}

/** Runs the scenario and reports: `PASS …` on stdout, or `FAIL …` on stderr and exit code 1. */
function main(sdk, moduleKind) {
  return exercise(sdk, moduleKind).then(
    (line) => {
      console.log(`PASS ${line}`);
    },
    (error) => {
      console.error(`FAIL ${moduleKind} on ${describeRuntime()}: ${error?.stack ?? error}`);
      if (globalThis.process) globalThis.process.exitCode = 1;
      else globalThis.Deno?.exit(1);
    },
  );
}

module.exports = { main };
