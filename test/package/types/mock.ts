// Type-checked with consumer.ts under every module resolution (node10 through typesVersions):
// @soat/sdk/mock's types must be real declarations. msw's own types need the DOM lib, so this
// file is checked only where the DOM lib is on.
import { createSoatMock, type SoatMock } from '@soat/sdk/mock';

export function mock(): SoatMock {
  const created = createSoatMock({ baseUrl: 'http://soat.test' });
  // @ts-expect-error pieces are strings
  created.reply({ pieces: [1] });
  return created;
}
