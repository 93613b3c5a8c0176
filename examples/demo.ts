// `npm start`: the quickstart and the streaming example against the embedded mock server.
import { startSoatMockServer } from '@soat/sdk/mock-server';

const mock = await startSoatMockServer({ token: 'demo-token' });
// The examples read these, as they would read your real server's address and token.
process.env.SOAT_BASE_URL = mock.url;
process.env.SOAT_TOKEN = 'demo-token';
console.log(`@soat/sdk demo, against a mock SOAT server at ${mock.url}\n`);

try {
  console.log('── examples/quickstart.ts ──');
  await import('./quickstart.js');

  console.log('\n── examples/stream.ts: the answer streams in word by word ──');
  mock.reply({ pauseMs: 80 }); // the next answer is the default one, 80 ms between words
  await import('./stream.js');

  console.log('\nRun one yourself: npx tsx examples/abort.ts (or errors.ts, or browser/serve.ts).');
  console.log('Against a real server, set SOAT_BASE_URL, SOAT_TOKEN and SOAT_AI_PROVIDER_ID.');
} finally {
  await mock.close();
}
